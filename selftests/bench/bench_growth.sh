#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench's growth table: how the simulated run grows when each
# family's bounds double (ringcheck run --scale), and the suite's
# throughput with one and two workers. Runs the built ringcheck with the
# reference reader: per family and scale with --jobs 1 (wall and CPU of
# ringcheck and its workers; a family whose cases a scale does not change
# is not run again), their sum, the whole --sim-only run at each scale
# with --jobs 2, and once with --jobs 1. A run that fails a case fails the
# table.
#
#   bench_growth.sh [O]           scales 1 and 2 (GROWTH_SCALES="1 2 4")
#
# Writes the table to stdout and $O/report/growth.txt.
set -uo pipefail

O=${1:-build}
rc=$O/ringcheck
scales=${GROWTH_SCALES:-1 2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$O/report"
TIMEFORMAT='%R %U %S'

# One run: prints "CASES WALL CPU"; exit 1 when a case did not pass.
measure() {
	local t line p f s
	t=$({ time "$rc" run --sim-only "$@" >"$tmp/out" 2>&1; } 2>&1)
	line=$(grep '^# ringcheck-totals' "$tmp/out" | tail -n 1)
	p=$(sed -n 's/.*passed=\([0-9]*\).*/\1/p' <<<"$line")
	f=$(sed -n 's/.*failed=\([0-9]*\).*/\1/p' <<<"$line")
	s=$(sed -n 's/.*skipped=\([0-9]*\).*/\1/p' <<<"$line")
	if [ -z "$p" ] || [ "$f" != 0 ] || [ "$s" != 0 ]; then
		echo "!! ringcheck run --sim-only $*: not all passed" >&2
		tail -n 5 "$tmp/out" >&2
		return 1
	fi
	awk -v n="$p" -v t="$t" 'BEGIN { split(t, a, " ");
		printf "%d %.2f %.2f\n", n, a[1], a[2] + a[3] }'
}

# the cases of each family at each scale, from --list
for s in $scales; do
	"$rc" run --list --scale "$s" |
		awk -v s="$s" '$0 == "" { exit }
			NR > 1 && $2 != "-" && $1 != "kernel" &&
			$1 != "total" { print s, $1, $2 }'
done >"$tmp/counts"
families=$(awk '$1 == 1 { print $2 }' "$tmp/counts")
[ -n "$families" ] || { echo "!! ringcheck run --list: no families"; exit 2; }
cases_at() { awk -v s="$1" -v f="$2" '$1 == s && $2 == f { print $3 }' \
	"$tmp/counts"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {
	printf "  %s\n", (a > 0 ? sprintf("%.1fx", b / a) : "-") }'; }
bad=0
{
	printf '%-17s' "family (--jobs 1)"
	for s in $scales; do
		printf ' %9s %7s %7s' "cases x$s" "wall s" "cpu s"
	done
	printf '  %s\n' "cpu x$(echo $scales | awk '{ print $NF }') / x1"
	for f in $families; do
		printf '%-17s' "$f"
		first= last= one=
		for s in $scales; do
			# the same cases as at scale 1: the same measurement
			if [ -n "$first" ] &&
			   [ "$(cases_at "$s" "$f")" = "$(cases_at 1 "$f")" ]; then
				r=$one
			else
				r=$(measure --family "$f" --jobs 1 \
					--scale "$s") || { bad=1; r="0 0 0"; }
			fi
			printf ' %9d %7.2f %7.2f' $r
			set -- $r
			[ -n "$one" ] || one=$r
			first=${first:-$3} last=$3
			printf '%s %s %s\n' "$s" "$f" "$r" >>"$tmp/fams"
		done
		ratio "$first" "$last"
	done
	# the sum of the families: the whole run in one worker
	for s in $scales; do
		awk -v s="$s" '$1 == s { n += $3; w += $4; c += $5 }
			END { printf "%d %.2f %.2f\n", n, w, c }' "$tmp/fams"
	done >"$tmp/sum"
	printf '%-17s' "sum of families"
	first= last=
	while read -r r; do
		printf ' %9d %7.2f %7.2f' $r
		set -- $r
		first=${first:-$3} last=$3
	done <"$tmp/sum"
	ratio "$first" "$last"
	printf '%-17s' "whole, --jobs 2"
	first= last=
	for s in $scales; do
		r=$(measure --jobs 2 --scale "$s") || { bad=1; r="0 0 0"; }
		printf ' %9d %7.2f %7.2f' $r
		set -- $r
		first=${first:-$3} last=$3
		echo "2 $s $r" >>"$tmp/whole"
	done
	ratio "$first" "$last"
	r=$(measure --jobs 1 --scale 1) || { bad=1; r="0 0 0"; }
	echo "1 1 $r" >>"$tmp/whole"
	awk '{ cps[$1 "," $2] = ($4 > 0 ? $3 / $4 : 0) }
	     END { a = cps["1,1"]; b = cps["2,1"];
		printf "suite throughput (whole --sim-only run, --scale 1): " \
		       "%.0f cases/s with --jobs 1, %.0f with --jobs 2 " \
		       "(%.2fx)\n", a, b, (a > 0 ? b / a : 0) }' "$tmp/whole"
} | tee "$O/report/growth.txt"
exit $bad
