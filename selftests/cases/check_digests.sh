#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Case ids are public: users replay them, findings and COVERAGE.md name
# them. Checks that every family still enumerates the same cases with the
# same scenarios (digests.txt: a count and a digest per family and bounds,
# regenerated on purpose with `make case-digests`), and that --scale 2
# only adds cases: every case of today is one of its cases, unchanged.
set -uo pipefail

O=${1:-build}
digest=$O/selftests/case_digest
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

check() {
	local what=$1
	shift
	if "$@"; then
		echo "ok - $what"
		passed=$((passed + 1))
	else
		echo "not ok - $what"
		failed=$((failed + 1))
	fi
}

"$digest" >"$tmp/now" || echo "!! case_digest failed"
while read -r fam bounds rest; do
	check "$fam $bounds: $rest" grep -qx "$fam $bounds $rest" "$tmp/now"
done <"$here/digests.txt"
check "no family or bounds beyond digests.txt" \
	bash -c "[ \$(wc -l <'$tmp/now') -eq \$(wc -l <'$here/digests.txt') ]"

"$digest" --cases | sort >"$tmp/s1"
"$digest" --cases --scale 2 | sort >"$tmp/s2"
check "--scale 2: every case of --scale 1, the same scenario" \
	bash -c "[ -s '$tmp/s1' ] && [ -z \"\$(comm -23 '$tmp/s1' '$tmp/s2')\" ]"
check "--scale 2: more cases than --scale 1" \
	bash -c "[ \$(wc -l <'$tmp/s2') -gt \$(wc -l <'$tmp/s1') ]"
check "--scale 3: refused, exit 2" \
	bash -c "'$digest' --scale 3 >/dev/null 2>&1; [ \$? -eq 2 ]"
echo "# ringcheck-totals cases passed=$passed failed=$failed skipped=0"
[ "$failed" -eq 0 ]
