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
prefix=cases
digest=$O/selftests/case_digest
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$here/../../ci/steps.sh"

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
"$O/ringcheck" run --scale 3 >/dev/null 2>"$tmp/scale.err"
check "run --scale 3: named, exit 2" \
	bash -c "[ $? -eq 2 ] && grep -q 'bad --scale' '$tmp/scale.err'"
# the names as wrap and interleave define them, in id order
"$O/ringcheck" run --case wrap-64.16.24.1 >"$tmp/wrap" 2>&1
check "--case names the parameters (wrap)" grep -qx "case wrap-64.16.24.1 \
(data_size=64 offset=16 record_size=24 release=per-cycle)" "$tmp/wrap"
"$O/ringcheck" run --case interleave-1.256.2.3.5.7 >"$tmp/il" 2>&1
check "--case names the parameters (interleave)" grep -qx \
	"case interleave-1.256.2.3.5.7 (pattern=per-cycle data_size=256 \
records_before=2 first=3 second=5 writer=7)" "$tmp/il"
# enumerated values by name, as the findings name these cases
# (selftests/upstream/expected_findings.sh: 17 the head 2^32 ahead, 8 a
# size of 12); the id keeps the numbers
for c in "hostile-0.4096.17.0:mode=fwd-rw data_size=4096 kind=head-2^32 good=0" \
	 "hostile-1.4096.8.3:mode=bwd-ro data_size=4096 kind=size-12 good=3" \
	 "lost-64.8.0.1.2:data_size=64 record_size=8 trailer=0 over=1 freed=all"; do
	"$O/ringcheck" run --case "${c%%:*}" >"$tmp/named" 2>&1
	check "--case names enumerated values (${c%%:*})" \
		grep -qxF "case ${c%%:*} (${c#*:})" "$tmp/named"
done
"$O/ringcheck" run --list >"$tmp/list" 2>&1
check "--list names enumerated values (hostile's kind 17, every mode)" \
	bash -c "grep -qF ' 17 head-2^32,' '$tmp/list' &&
		 grep -qx '  mode (every family): 0 fwd-rw, 1 bwd-ro' '$tmp/list'"
# a case of --scale 2 only replays by its id alone
"$O/ringcheck" run --case wrap-1024.1016.1016.0 >"$tmp/scaled" 2>&1
check "a --scale 2 case replays without --scale" \
	grep -q "^case wrap-1024.1016.1016.0: passed" "$tmp/scaled"
totals
