#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make perf-tool PERF=: the perf named is the one the tests run.
#  - PERF= naming no executable: exit 2, naming it;
#  - a stand-in perf (answers --version, fails to record): the summary
#    names its version and every test fails: a perf named that cannot
#    record is an error, not a skip;
#  - this machine's perf named by its path: the tests run it and pass
#    (a SKIP, with the reason, where this machine has no perf).
# usage: selftests/user_tree/perf_test.sh [O]
set -uo pipefail
cd "$(dirname "$0")/../.."
O=${1:-build}
prefix=perf
. ci/steps.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
skipped=0

make -s --no-print-directory O="$O" PERF="$tmp/nowhere/perf" perf-tool \
	>"$tmp/out" 2>&1
rc=$?
check "PERF=<no executable>: exit 2 (got $rc) naming it" \
	test "$rc" -eq 2 -a -n "$(grep -F "PERF=$tmp/nowhere/perf is not" "$tmp/out")"

printf '%s\n' '#!/bin/sh' \
	'[ "$1" = --version ] && { echo "perf version 0.0-stand-in"; exit 0; }' \
	'echo "the stand-in records nothing" >&2; exit 1' >"$tmp/perf"
chmod +x "$tmp/perf"
make -s --no-print-directory O="$O" PERF="$tmp/perf" perf-tool \
	>"$tmp/out" 2>&1
rc=$?
check "PERF=<a stand-in>: make perf-tool fails (exit $rc)" test "$rc" -ne 0
check "... the summary names the stand-in's version" \
	grep -q "host: perf version 0.0-stand-in" "$tmp/out"
check "... its tests failed, none skipped" \
	grep -qE "ringcheck-totals perf-tool passed=0 failed=[1-9][0-9]* skipped=0" \
	"$tmp/out"

perf=$(command -v perf)
if [ -z "$perf" ]; then
	echo "SKIP perf: this machine has no perf (linux-perf) to name"
	skipped=1
else
	make -s --no-print-directory O="$O" PERF="$perf" perf-tool \
		>"$tmp/out" 2>&1
	rc=$?
	check "PERF=$perf: make perf-tool passes (exit $rc)" test "$rc" -eq 0
	check "... with that perf ($("$perf" --version))" \
		grep -qF "host: $("$perf" --version) (exit 0" "$tmp/out"
	# on a failure: what failed, wherever it is in the output
	[ "$rc" -eq 0 ] ||
		grep -E '^not ok|^#   host|Expected|:[0-9]+:.*:' "$tmp/out" |
		tail -n 30 | sed 's/^/    /'
fi
echo "# ringcheck-totals $prefix passed=$pass failed=$fail skipped=$skipped"
[ "$fail" -eq 0 ]
