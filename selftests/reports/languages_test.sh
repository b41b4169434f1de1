#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# findings/languages.py, the conformance report by language, against
# hand-checked output: two fake `ringcheck run --json` reports
# (selftests/reports/languages/a.json: C, Go and Rust readers, a root
# cause with no finding, cases not run, a kernel test's failure that a
# case line classifies; b.json with b-quick.json, two runs in one report
# as make conformance makes for aya: no C reader, a finding of one
# version only, a kernel failure no line names, and at --quick bounds a
# reader of no known language whose name holds markdown) and the
# expected markdown of each (a.md, b.md, checked by hand: the sums per
# language, the findings of each cause, the bounds). Then the same
# comparison with a planted fault in a copy of the generator (skipped
# cases counted as not run), which must fail: the comparison is able to
# see a wrong count. Prints one line per check and the totals.
set -uo pipefail
export LC_ALL=C	# b-quick.json before b.json, as the expected b.md has it

O=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
in=$here/languages
dir=$O/languages-test
passed=0 failed=0

check() {	# check NAME GENERATOR INPUT WANT(0 same, 1 differs)
	local got=0
	"$2" "$in/$3"*.json "$in/readers" "$in/causes.expect" \
		>"$dir/$3.md" 2>&1 || got=2
	# the expected file's first line is its SPDX comment
	if [ $got -eq 0 ] && ! tail -n +2 "$in/$3.md" |
		diff -u - "$dir/$3.md" >"$dir/$3.diff"; then
		got=1
	fi
	if [ $got -eq "$4" ]; then
		echo "ok - $1"
		passed=$((passed + 1))
	else
		echo "not ok - $1 (got $got, want $4)"
		cat "$dir/$3.diff" "$dir/$3.md" 2>/dev/null | head -n 30
		failed=$((failed + 1))
	fi
}

rm -rf "$dir"
mkdir -p "$dir"
check "a.json: C, Go and Rust readers, as a.md" "$top/findings/languages.py" a 0
check "b.json and b-quick.json: no C reader, an unknown language, as b.md" \
	"$top/findings/languages.py" b 0

# the planted fault: the "skipped" column shows "not_run" (same script,
# one word changed), which a.md must catch
sed 's/t\["skipped"\],$/t["not_run"],/' \
	"$top/findings/languages.py" >"$dir/planted.py"
if cmp -s "$top/findings/languages.py" "$dir/planted.py"; then
	echo "not ok - the planted fault did not apply"
	failed=$((failed + 1))
else
	chmod +x "$dir/planted.py"
	check "a planted fault (skipped shown as not run) differs from a.md" \
		"$dir/planted.py" a 1
fi
echo "# ringcheck-totals languages passed=$passed failed=$failed skipped=0"
[ "$failed" -eq 0 ]
