#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The breaker: a reader that crashes, exits, hangs or outgrows its memory
# in every case is judged on the whole --quick --sim-only selection within
# BOUND seconds, exit 1, never passed: at least N failures of the one kind,
# no pass, and every other case "not run" with the breaker's reason (a
# memory hog passes the cases before its worker outgrows the limit: those
# passes are its own). Hangs and memory break by default (2 in a row: a
# hung case costs 3 s or more), so those readers run with no option, as a
# user runs them; crashes and exits break only when asked (--breaker 2
# here, to keep make check short: without it each such run judges all
# 16502 cases in 10 to 20 s, make bench's bench_misbehaving.sh). And the
# default leaves crashes alone: exit-in-read with no option has no case
# ended by the breaker.
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
		--quick --sim-only "$@" \
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

B=(--breaker "$BREAKER")
held exit-in-read none "exited during the case" "${B[@]}"
held abort none "crashed during the case (signal 6" "${B[@]}"
held munmap-ring none "crashed during the case (SIGSEGV)" "${B[@]}"
held close-fds none "closed the worker's socket\\|exited during the case" \
	"${B[@]}"
held fork-exit none "exited during the case" "${B[@]}"
# by default: a stopped worker is hung once past the limit on the clock
# (3 s), not ten limits later; a spinning one once past it in CPU time too
BOUND=30 held sigstop none "the reader hung"
held spin none "the reader hung"
held memory some "over the --memory limit" --memory 64

# the default breaks no crash: every case of a family judged
out=$TMP/default-exit.out
RINGCHECK_WILD_DIR=$TMP timeout -k 5 "$BOUND" "$RINGCHECK" run --quick \
	--sim-only --family lifetime --reader "$PLUGINS/wild-exit-in-read.so" \
	>"$out" 2>&1
rc=$?
total=$(awk '$1 == "total" { print $2, $3, $4, $5 }' "$out" | tail -n 1)
set -- $total
if [ "$rc" -eq 1 ] && ! grep -q "breaker" "$out" && [ $# -eq 4 ] &&
   [ "$1" -eq $(($2 + $3 + $4)) ]; then
	echo "ok - exit-in-read with no option: every case judged ($total)"
	passed=$((passed + 1))
else
	echo "not ok - exit-in-read with no option: exit $rc, totals $total"
	sed 's/^/#   /' "$out" | tail -n 12
	failed=$((failed + 1))
fi

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
