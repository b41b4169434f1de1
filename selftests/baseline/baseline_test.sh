#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ringcheck run --baseline, --expect and ringcheck diff, from outside: the
# reference reader and a mutant of it (bug zoo 7, read_done moves prev to
# the head: cases of lost and lifetime fail, wrap passes), both named
# "reference", as a reader project's main branch and a pull request are.
# Every verdict is checked against what the two readers are known to do:
# a baseline where a case passed that fails now is exit 1 and names it,
# one with nothing new is exit 0, a case fixed is listed (exit 1 only
# under --strict), a case the baseline did not run is new; an expectations
# file missing one of the mutant's root causes is exit 1, one with a count
# too high is exit 0 and 1 under --strict; bad input is exit 2, named.
set -uo pipefail

O=${1:-build}
CC=${CC:-cc}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
rc="$top/$O/ringcheck"
[ -x "$rc" ] || rc=$(cd "$O" && pwd)/ringcheck
dir="$O/baseline"
prefix=baseline
. "$top/ci/steps.sh"

rm -rf "$dir"
mkdir -p "$dir"

# the mutant: mutants/07 applied to a copy of the reference reader
mutant() {
	cp "$top/reader/ring_reader.c" "$dir/ring_reader.c" &&
	patch -s -o "$dir/ring_reader_07.c" "$top/reader/ring_reader.c" \
		<"$top/selftests/mutants/07-read-done-prev-is-head.patch" &&
	$CC -std=gnu11 -O2 -fPIC -shared -D_GNU_SOURCE -I"$top/reader" \
		-I"$top/reader/include" -o "$dir/mutant.so" \
		"$dir/ring_reader_07.c" "$top/reader/evlist_reader.c" \
		"$top/reader/reference_plugin.c" \
		"$top/reader/reference_evlist_plugin.c"
}
if ! mutant >"$dir/mutant.log" 2>&1; then
	check "the mutant builds ($dir/mutant.log)" false
	totals
	exit
fi
ref="$top/$O/plugins/reference.so"
[ -f "$ref" ] || ref=$(cd "$O" && pwd)/plugins/reference.so
mut="$dir/mutant.so"
cases=(--sim-only --quick --family wrap --family lifetime --family lost)

# run NAME WANT ARGS...: ringcheck with ARGS exits WANT; output in NAME.out
run() {
	local name=$1 want=$2 got
	shift 2
	"$rc" "$@" >"$dir/$name.out" 2>&1
	got=$?
	check "$name: exit $want (got $got)" test "$got" -eq "$want"
}

has() {	# has NAME PATTERN: NAME.out holds a line matching PATTERN
	grep -qE -- "$2" "$dir/$1.out"
}

# the two reports every judgement below compares
run ref-report 0 run "${cases[@]}" --reader "$ref" --json "$dir/ref.json"
run mut-report 1 run "${cases[@]}" --reader "$mut" --json "$dir/mut.json"
run mut-wrap 0 run --sim-only --quick --family wrap --reader "$mut" \
	--json "$dir/mut-wrap.json"
# the mutant's root causes in this run, from its own report
python3 - "$dir/mut.json" >"$dir/causes" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["readers"][0]
for c in r["root_causes"]:
    print(c["check"], c["count"], c["smallest"])
PY
check "the mutant fails by at least two root causes" \
	test "$(wc -l <"$dir/causes")" -ge 2
read -r cause1 count1 smallest1 <"$dir/causes"

# --- the report lists every case: failures, skips and passes add up
check "--json lists every case of every family" python3 -c '
import json, sys
for f in json.load(open(sys.argv[1]))["readers"][0]["families"]:
    assert len(f["passes"]) == f["passed"], f["name"]
    assert len(f["failures"]) == f["failed"], f["name"]
    assert len(f["skips"]) == f["skipped"], f["name"]
' "$dir/mut.json"

# --- --baseline
run new-failures 1 run "${cases[@]}" --reader "$mut" --baseline "$dir/ref.json"
check "new failures: listed by root cause, the smallest case named" \
	bash -c "grep -q '^  NEW FAILURES' '$dir/new-failures.out' &&
		 grep -q '^    $cause1: $count1 case' '$dir/new-failures.out' &&
		 grep -q '(passed in the baseline)' '$dir/new-failures.out'"
run nothing-new 0 run "${cases[@]}" --reader "$mut" --baseline "$dir/mut.json"
check "nothing new: every failure unchanged" \
	has nothing-new "unchanged: $(python3 -c '
import json, sys
print(json.load(open(sys.argv[1]))["readers"][0]["totals"]["failed"])
' "$dir/mut.json") failing"
run fixed 0 run "${cases[@]}" --reader "$ref" --baseline "$dir/mut.json"
check "fixed: the cases listed, the verdict nothing new" \
	bash -c "grep -q '^  fixed since the baseline: [1-9]' '$dir/fixed.out' &&
		 grep -q 'nothing new fails' '$dir/fixed.out'"
run fixed-strict 1 run "${cases[@]}" --reader "$ref" \
	--baseline "$dir/mut.json" --strict
run not-in-baseline 1 run "${cases[@]}" --reader "$mut" \
	--baseline "$dir/mut-wrap.json"
check "a case the baseline did not run is new" \
	has not-in-baseline "\(not in the baseline\)"
# a reader the baseline does not have: every failure new
cp "$dir/mut.json" "$dir/other.json"
sed -i 's/"name":"reference"/"name":"another"/' "$dir/other.json"
run other-reader 1 run "${cases[@]}" --reader "$mut" --reader "$ref" \
	--baseline "$dir/other.json"
check "a reader not in a baseline of another: named as such" \
	has other-reader "reader reference: not in the baseline \(it has another\)"
"$rc" run "${cases[@]}" --tap --reader "$mut" --baseline "$dir/ref.json" \
	>"$dir/tap.out" 2>"$dir/tap.err"
check "--tap: exit 1, the judgement on stderr, TAP alone on stdout" \
	bash -c "[ $? -eq 1 ] && ! grep -q NEW '$dir/tap.out' &&
		 grep -q '^  NEW FAILURES' '$dir/tap.err'"

# --- ringcheck diff
run diff-new 1 diff "$dir/ref.json" "$dir/mut.json"
check "diff: the counts line" \
	has diff-new "^$(python3 -c '
import json, sys
print(json.load(open(sys.argv[1]))["readers"][0]["totals"]["failed"])
' "$dir/mut.json") new failures, 0 fixed, 0 failing in both"
run diff-fixed 0 diff "$dir/mut.json" "$dir/ref.json"
check "diff: fixed cases counted" has diff-fixed "^0 new failures, [1-9][0-9]* fixed"
run diff-fixed-strict 1 diff --strict "$dir/mut.json" "$dir/ref.json"
run diff-same 0 diff "$dir/mut.json" "$dir/mut.json"

# kernel tests are cases "kernel:PROGRAM:TEST", read back from a report
# (the kernel part itself is not run here: two reports are made of ref's)
python3 - "$dir/ref.json" "$dir/kernel-a.json" "$dir/kernel-b.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
k = d["readers"][0]["kernel"]
k["tests"] = [{"name": "comm_test:global.x", "status": "passed",
               "message": "", "replay": "comm_test -r global.x"}]
json.dump(d, open(sys.argv[2], "w"))
k["tests"][0].update(status="failed", kind="crash", message="SIGSEGV")
json.dump(d, open(sys.argv[3], "w"))
PY
run diff-kernel 1 diff "$dir/kernel-a.json" "$dir/kernel-b.json"
check "a kernel test that passed and crashes now: new, by its kind" \
	bash -c "grep -q '^    crash: 1 case' '$dir/diff-kernel.out' &&
		 grep -q 'kernel:comm_test:global.x (passed in the baseline)' \
			'$dir/diff-kernel.out'"

# --- --expect: a file written from the mutant's causes, then broken
expect_file() {	# expect_file OUT [SKIP-CAUSE] [CAUSE=COUNT]
	{
		echo "# the mutant's known failures"
		echo "reader reference"
		while read -r c n s; do
			[ "$c" = "${2:-}" ] && continue
			[ "${3:-}" ] && [ "${3%%=*}" = "$c" ] && n=${3#*=}
			echo "cause $c count=$n bug zoo 7, as $s shows"
		done <"$dir/causes"
		echo "case $smallest1 the smallest case of $cause1"
	} >"$dir/$1"
}
expect_file all.expect
run expect-all 0 run "${cases[@]}" --reader "$mut" --expect "$dir/all.expect" --strict
expect_file missing.expect "$cause1"
run expect-missing 1 run "${cases[@]}" --reader "$mut" --expect "$dir/missing.expect"
# all but the smallest, which its own case line still expects
check "a cause the file lacks: its cases unexpected" \
	has expect-missing "^  UNEXPECTED FAILURES: $((count1 - 1)) case"
expect_file high.expect "" "$cause1=$((count1 + 1))"
run expect-high 0 run "${cases[@]}" --reader "$mut" --expect "$dir/high.expect"
run expect-high-strict 1 run "${cases[@]}" --reader "$mut" --expect "$dir/high.expect" --strict
expect_file low.expect "" "$cause1=$((count1 - 1))"
run expect-low 1 run "${cases[@]}" --reader "$mut" --expect "$dir/low.expect"
check "a count exceeded: named with its file and line" \
	has expect-low "low.expect:[0-9]+: cause $cause1: $count1 failing cases, the file expects $((count1 - 1))"
run expect-fixed 0 run "${cases[@]}" --reader "$ref" --expect "$dir/all.expect"
check "a known failure that passes: reported with its whole reason" \
	has expect-fixed "case $smallest1: passed \(the smallest case of $cause1\)"
run expect-fixed-strict 1 run "${cases[@]}" --reader "$ref" --expect "$dir/all.expect" --strict
printf 'reader other\ncause %s some reason\n' "$cause1" >"$dir/other.expect"
run expect-other-reader 1 run "${cases[@]}" --reader "$mut" --expect "$dir/other.expect"
printf 'case l[oi][sf]* every lost and lifetime case\n' >"$dir/glob.expect"
run expect-glob 0 run "${cases[@]}" --reader "$mut" --expect "$dir/glob.expect"

# --- bad input: exit 2, the file named, before any case runs
printf '{"ringcheck": {}, "readers": [' >"$dir/cut.json"
printf '{"a": 1}\n' >"$dir/notreport.json"
run bad-missing 2 run "${cases[@]}" --baseline "$dir/none.json"
run bad-cut 2 run "${cases[@]}" --baseline "$dir/cut.json"
check "a report cut short: named" has bad-cut "cut.json: not JSON: it ends early"
run bad-notreport 2 diff "$dir/notreport.json" "$dir/ref.json"
check "not a report: named" has bad-notreport "notreport.json: not a --json report"
run bad-diff-args 2 diff "$dir/ref.json"
run bad-both 2 run "${cases[@]}" --baseline "$dir/ref.json" --expect "$dir/all.expect"
run bad-strict 2 run "${cases[@]}" --strict
bad_line() {	# bad_line NAME LINE MESSAGE
	printf 'reader reference\n%s\n' "$2" >"$dir/$1.expect"
	run "expect-$1" 2 run "${cases[@]}" --expect "$dir/$1.expect"
	check "expect-$1: file and line named" \
		has "expect-$1" "$1.expect:2: $3"
}
bad_line keyword "fail wrap-1 why" "not reader, case or cause"
bad_line cause "cause no-such-check why" "no check or failure kind"
bad_line reason "case wrap-64.0.8.0" "no reason"
bad_line count "cause hang count=0 why" "bad count"
run expect-missing-file 2 run "${cases[@]}" --expect "$dir/none.expect"
totals
