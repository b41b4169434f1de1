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
# see a wrong count. Last, findings/causes.expect read by ringcheck as an
# expectations file, and a copy with a misspelt cause refused. Prints one
# line per check and the totals.
set -uo pipefail
export LC_ALL=C	# b-quick.json before b.json, as the expected b.md has it

O=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
in=$here/languages
dir=$O/languages-test
rc="$top/$O/ringcheck"
[ -x "$rc" ] || rc=$(cd "$O" 2>/dev/null && pwd)/ringcheck
passed=0 failed=0 skipped=0

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
# findings/causes.expect must be an expectations file ringcheck reads: a
# misspelt cause would classify nothing (ringcheck refuses a name that is
# no check or failure kind, exit 2; the run of one small family, exit 0)
expect_file() {	# expect_file NAME FILE WANT
	local got=0
	"$rc" run --sim-only --family lifetime --jobs 1 \
		--expect "$2" >"$dir/expect.out" 2>&1 || got=$?
	if [ $got -eq "$3" ]; then
		echo "ok - $1"
		passed=$((passed + 1))
	else
		echo "not ok - $1 (exit $got, want $3)"
		tail -n 3 "$dir/expect.out"
		failed=$((failed + 1))
	fi
}
if [ -x "$rc" ]; then
	expect_file "findings/causes.expect reads as expectations" \
		"$top/findings/causes.expect" 0
	sed 's/^cause hang /cause hangs /' "$top/findings/causes.expect" \
		>"$dir/misspelt.expect"
	expect_file "a misspelt cause in it is refused" "$dir/misspelt.expect" 2
else
	echo "skip - findings/causes.expect: no $O/ringcheck (make)"
	skipped=1
fi
echo "# ringcheck-totals languages passed=$passed failed=$failed skipped=$skipped"
[ "$failed" -eq 0 ]
