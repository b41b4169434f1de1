#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# ringcheck run --scenario FILE: the committed scenario fuzz inputs and the
# version 2 seeds (scenario_seeds.sh) replay and pass with the reference
# reader (its callback build skips what it does not support), fail with a
# reader that crashes (test-crash.so) or exits (wild-exit-in-read.so) in
# the case; a file that is not a scenario input
# is exit 2 with a message naming it. (A contract violation the judge
# finds replays in make fuzz-mutants: each mutant's finding.)
set -uo pipefail
O=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
rc=$O/ringcheck
corpus=$top/fixtures/corpus/scenario
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$top/ci/steps.sh"
prefix=scenario-replay

"$top/selftests/fuzz/scenario_seeds.sh" "$tmp/seeds"
for f in "$corpus"/* "$tmp/seeds"/*; do
	"$rc" run --scenario "$f" >"$tmp/out" 2>&1
	code=$?
	check "${f##*/} passes with the reference reader, exit 0" \
		bash -c "[ $code -eq 0 ] && grep -q '^case ${f##*/}: passed' $tmp/out"
	# what the callback entry lacks (push, release per record) is skipped
	"$rc" run --scenario "$f" --reader "$O/plugins/reference-callback.so" \
		>"$tmp/out" 2>&1
	code=$?
	# a replay that tested nothing is not a pass: a skip is exit 2
	check "${f##*/} passes (exit 0) or skips (exit 2) with the callback build" \
		bash -c "{ [ $code -eq 0 ] &&
			   grep -q '^case ${f##*/}: passed' $tmp/out; } ||
			 { [ $code -eq 2 ] &&
			   grep -q '^case ${f##*/}: skipped (unsupported: ' $tmp/out; }"
done
"$rc" run --scenario "$corpus/nested" --reader "$O/plugins/test-crash.so" \
	>"$tmp/crash" 2>&1
code=$?
check "a crashing reader fails the replay: exit 1" [ "$code" -eq 1 ]
check "... and it is said" grep -q "crashed during the case" "$tmp/crash"
"$rc" run --scenario "$corpus/nested" \
	--reader "$O/plugins/wild-exit-in-read.so" >"$tmp/exit" 2>&1
code=$?
check "a reader exiting in read_event fails: exit 1" [ "$code" -eq 1 ]
check "... and it is said" grep -q "exited during the case" "$tmp/exit"

printf 'ab' >"$tmp/short"
mkdir "$tmp/dir"
head -c 2000000 /dev/zero >"$tmp/large"
for bad in "$tmp/short" "$tmp/dir" "$tmp/large" "$tmp/missing"; do
	"$rc" run --scenario "$bad" >"$tmp/bad" 2>&1
	code=$?
	check "not a scenario input (${bad##*/}): exit 2" [ "$code" -eq 2 ]
	check "... the message names it" grep -q -- "--scenario $bad: " "$tmp/bad"
done
"$rc" run --scenario "$corpus/fwd-basic" --case wrap-64.16.24.1 \
	>"$tmp/both" 2>&1
code=$?
check "--scenario with --case: exit 2" [ "$code" -eq 2 ]
totals
