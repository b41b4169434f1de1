#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench's misbehaving readers: each plugin that exits, crashes,
# closes the worker's descriptors, forks and exits, stops itself, spins
# with every signal blocked or outgrows its memory in every case, judged
# by `ringcheck run --quick --sim-only` with no other option, as a user
# runs it: the seconds on the clock, the exit (1 expected) and the totals
# (cases, passed, failed, skipped). Issue 27 asks each in under 90 s on
# the 2-core machine; a row over that or not exit 1 says so ("OVER"),
# and the script exits 1. Writes $O/report/misbehaving.txt.
#
#   bench_misbehaving.sh [O]
set -uo pipefail

O=${1:-build}
BOUND=90
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$O/report"

{
	printf '%-14s %8s %5s  %s\n' reader seconds exit \
		"cases passed failed skipped"
	for w in exit-in-read abort munmap-ring close-fds fork-exit sigstop \
		 spin memory; do
		t0=$(date +%s.%N)
		RINGCHECK_WILD_DIR=$tmp timeout -k 5 $((BOUND * 3)) \
			"$O/ringcheck" run --quick --sim-only \
			--reader "$O/plugins/wild-$w.so" >"$tmp/out" 2>&1
		rc=$?
		t=$(echo "$(date +%s.%N) - $t0" | bc)
		total=$(awk '$1 == "total" { print $2, $3, $4, $5 }' \
			"$tmp/out" | tail -n 1)
		verdict=
		if [ "$rc" -ne 1 ] ||
		   [ "$(echo "$t >= $BOUND" | bc)" -eq 1 ]; then
			verdict="  OVER (bound $BOUND s, exit 1)"
		fi
		printf '%-14s %8.1f %5d  %s%s\n' "$w" "$t" "$rc" "$total" \
			"$verdict"
	done
} | tee "$O/report/misbehaving.txt"
! grep -q OVER "$O/report/misbehaving.txt"
