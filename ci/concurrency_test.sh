#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The README's test command, `./ci/deps.sh && make check`, twice at once
# on one machine, in two fresh clones of this repository sharing one empty
# cache (RINGCHECK_CACHE): both must pass, and the cache must hold no
# build product afterwards, only downloads and extracted sources. The first
# clone's whole output is printed, so its closing line "N passed, N
# failed, N skipped" is the test command's (CI counts that one). Downloads come from RINGCHECK_DOWNLOADS when the
# caller gives it (CI reuses them), else into the shared cache too.
set -uo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export RINGCHECK_CACHE=$tmp/cache
prefix=concurrency
. ci/steps.sh

# The sections ci/check.sh names as failing ("!! failed: NAME..."), each
# cut to its failure lines: the run's own output is gone with $tmp.
failed_sections() {
	local log=$1 name
	grep -E '^!!' "$log"
	for name in $(sed -n 's/^!! failed: //p' "$log"); do
		echo "--- $name"
		awk -v n="== $name:" 'index($0, n) == 1 { on = 1; next }
			on && /^== [a-z0-9-]+: / { exit } on' "$log" |
			grep -E -B2 -A8 'FAIL|not ok|failed=[1-9]|[Ff]ailed:|!!' |
			head -n 80
	done
}

mkdir "$RINGCHECK_CACHE"
for c in a b; do
	git clone -q "$top" "$tmp/$c" || exit 1
done
start=$(date +%s)
for c in a b; do
	(cd "$tmp/$c" && ./ci/deps.sh >check.log 2>&1 &&
	 make check >>check.log 2>&1; echo $? >check.rc) &
done
wait
echo "concurrency: both runs took $(( $(date +%s) - start )) s"
echo "=== clone a: ./ci/deps.sh && make check"
cat "$tmp/a/check.log"
echo "=== the two runs at once"
for c in a b; do
	log=$tmp/$c/check.log
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	check "clone $c: make check exit $(cat "$tmp/$c/check.rc"), '$line'" \
		test "$(cat "$tmp/$c/check.rc")" -eq 0 -a -n "$line" -a \
		"$(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$line")" = 0
	[ "$(cat "$tmp/$c/check.rc")" -eq 0 ] || failed_sections "$log"
done
products=$(find "$RINGCHECK_CACHE" -type f \( -name '*.o' -o -name '*.a' \
	-o -name '*.so*' -o -name '*.cmd' \) | head -n 5)
check "the cache holds no build product${products:+ ($products)}" \
	test -z "$products"
totals
