#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench's case cost: CPU seconds a case of the whole simulated run
# (ringcheck and its workers, --jobs 1, the reference reader), and cases a
# CPU second and a second on the clock of a reader that exits in every
# case (a fresh worker each),
# for this tree and for a baseline built from its merge base with
# BENCH_BASE (default main) into $O/baseline/, run one after the other in
# this script: the ratios are the result, not the seconds.
#
#   bench_case_cost.sh [O]
#
# Writes the table to stdout and $O/report/case_cost.txt. Without git or
# the base branch: SKIP, with why.
set -uo pipefail

O=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
base_ref=${BENCH_BASE:-main}
TIMEFORMAT='%R %U %S'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$O/report"

base=$(git -C "$top" merge-base HEAD "$base_ref" 2>/dev/null) || {
	echo "case cost: SKIP (no merge base with $base_ref)"
	exit 0
}
bdir=$O/baseline
if [ "$(cat "$bdir/commit" 2>/dev/null)" != "$base" ]; then
	rm -rf "$bdir"
	mkdir -p "$bdir/src"
	git -C "$top" archive "$base" | tar -x -C "$bdir/src" || exit 1
	if ! make -s -C "$bdir/src" -j2 O=build build/ringcheck \
		build/plugins/reference.so >"$bdir/build.log" 2>&1; then
		echo "!! the baseline ($base) did not build:" >&2
		tail -n 5 "$bdir/build.log" >&2
		exit 1
	fi
	echo "$base" >"$bdir/commit"
fi

# cpu BINARY PLUGIN ARGS...: "CASES CPU_SECONDS WALL_SECONDS" of one run.
cpu() {
	local bin=$1 plugin=$2 t n
	shift 2
	t=$({ time "$bin" run --reader "$plugin" "$@" >"$tmp/out" 2>&1; } 2>&1)
	n=$(awk '$1 == "total" { print $2 }' "$tmp/out" | tail -n 1)
	awk -v n="${n:-0}" -v t="$t" 'BEGIN { split(t, a, " ");
		printf "%d %.3f %.3f\n", n, a[2] + a[3], a[1] }'
}

B=$bdir/src/build
exit_reader=$O/plugins/wild-exit-in-read.so
read -r bn bs _ < <(cpu "$B/ringcheck" "$B/plugins/reference.so" \
		  --sim-only --jobs 1)
read -r cn cs _ < <(cpu "$O/ringcheck" "$O/plugins/reference.so" \
		  --sim-only --jobs 1)
read -r ben bes bew < <(cpu "$B/ringcheck" "$exit_reader" --quick --sim-only \
		    --family lifetime --family pause --jobs 1)
read -r cen ces cew < <(cpu "$O/ringcheck" "$exit_reader" --quick --sim-only \
		    --family lifetime --family pause --jobs 1)

awk -v bn="$bn" -v bs="$bs" -v cn="$cn" -v cs="$cs" -v ben="$ben" \
    -v bes="$bes" -v cen="$cen" -v ces="$ces" -v bew="$bew" -v cew="$cew" \
    -v base="${base:0:12}" '
BEGIN {
	printf "case cost against the merge base %s (one run each, this order)\n", base
	printf "%-44s %12s %12s %8s\n", "", "baseline", "this tree", "ratio"
	printf "%-44s %12.1f %12.1f %7.2fx\n",
	       "full --sim-only run, us of CPU a case",
	       bs / bn * 1e6, cs / cn * 1e6, (bs / bn) / (cs / cn)
	printf "%-44s %12.0f %12.0f %7.2fx\n",
	       "exit-in-every-case reader, cases a CPU second",
	       ben / bes, cen / ces, (cen / ces) / (ben / bes)
	printf "%-44s %12.0f %12.0f %7.2fx\n",
	       "exit-in-every-case reader, cases a second",
	       ben / bew, cen / cew, (cen / cew) / (ben / bew)
}' | tee "$O/report/case_cost.txt"
