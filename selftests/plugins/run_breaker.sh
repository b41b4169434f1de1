#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The breaker (ringcheck run --breaker N): a reader that crashes, exits,
# hangs or outgrows its memory in every case is judged on the whole
# --quick --sim-only selection within BOUND seconds, exit 1, never passed:
# at least N failures of the one kind, no pass, and every other case "not
# run" with the breaker's reason (a memory hog passes the cases before
# its worker outgrows the limit: those passes are its own). Without the
# breaker some of these take hours (3 s or 30 s a hung case). The spinning
# reader runs with --timeout 1000 to keep make check short: with the
# default 3000 it took 85 s here (2 cores, loaded), under the 90 s bound.
# Usage: run_breaker.sh [BUILD_DIR]
set -uo pipefail

O=${1:-build}
RC=$(cd "$(dirname "$0")/../.." && pwd)
RINGCHECK=$RC/$O/ringcheck
PLUGINS=$RC/$O/plugins
BOUND=90
BREAKER=2
passed=0 failed=0

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# held CLASS PASSES WORD [EXTRA...]: one run, checked; PASSES: "none"
# (it fails every case it runs) or "some".
held() {
	local class=$1 passes=$2 word=$3 out="$TMP/$1.out" rc t0 t1 total
	shift 3
	t0=$(date +%s)
	RINGCHECK_WILD_DIR=$TMP timeout -k 5 "$BOUND" "$RINGCHECK" run \
		--quick --sim-only --breaker "$BREAKER" "$@" \
		--reader "$PLUGINS/wild-$class.so" >"$out" 2>&1
	rc=$?
	t1=$(date +%s)
	total=$(awk '$1 == "total" { print $2, $3, $4, $5 }' "$out" | tail -n 1)
	set -- $total
	if [ "$rc" -ne 1 ]; then
		echo "not ok - $class: exit $rc (bound $BOUND s: 124 or 137)"
	elif { [ "$passes" = none ] && [ "${2:-1}" -ne 0 ]; } ||
	     [ "${3:-0}" -lt "$BREAKER" ]; then
		echo "not ok - $class: totals $total: a pass, or too few failures"
	elif ! grep -q -- "$word" "$out"; then
		echo "not ok - $class: no \"$word\" in the output"
	elif ! grep -q "not run: the breaker" "$out"; then
		echo "not ok - $class: no case ended by the breaker"
	else
		echo "ok - $class ($((t1 - t0)) s, total $total)"
		passed=$((passed + 1))
		return 0
	fi
	failed=$((failed + 1))
	sed 's/^/#   /' "$out" | tail -n 12
	return 1
}

held exit-in-read none "exited during the case"
held abort none "crashed during the case (signal 6"
held munmap-ring none "crashed during the case (SIGSEGV)"
held close-fds none "exited during the case"
held fork-exit none "exited during the case"
# a stopped worker is hung once past the limit on the clock (3 s), not
# ten limits later: four such cases fit in 20 s, not in 60
BOUND=20 held sigstop none "the reader hung"
held spin none "the reader hung" --timeout 1000
held memory some "over the --memory limit" --memory 64

# whatever a plugin forked or stopped is gone with the run
if [ -f "$TMP/pids" ]; then
	while read -r pid; do
		if [ -r "/proc/$pid/stat" ] &&
		   [ "$(cut -d' ' -f3 "/proc/$pid/stat")" != Z ]; then
			echo "not ok - left running: $pid"
			kill -9 "$pid" 2>/dev/null
			failed=$((failed + 1))
		fi
	done <"$TMP/pids"
fi
echo "# ringcheck-totals breaker passed=$passed failed=$failed skipped=0"
[ "$failed" -eq 0 ]
