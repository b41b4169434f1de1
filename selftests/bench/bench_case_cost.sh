#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench's case cost: CPU seconds a case of the whole simulated run
# (ringcheck and its workers, --jobs 1, the reference reader), and cases a
# CPU second and a second on the clock of a reader that exits and of one
# that crashes in every case (a fresh worker each: the fork server's rate),
# for this tree and for a baseline built from its merge base with
# BENCH_BASE (default 4e8216e, bench_baseline.sh) into $O/baseline/, run one after the other in
# this script: the ratios are the result, not the seconds.
#
#   bench_case_cost.sh [O]
#
# Writes the table to stdout and $O/report/case_cost.txt. Without git or
# the base branch: SKIP, with why.
set -uo pipefail

O=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
base_ref=${BENCH_BASE:-4e8216e}
TIMEFORMAT='%R %U %S'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$O/report"

. "$top/selftests/bench/bench_baseline.sh"
baseline_build "$O" build/ringcheck build/plugins/reference.so || {
	echo "case cost: SKIP (no merge base with $base_ref)"
	exit 0
}

# cpu BINARY PLUGIN ARGS...: "CASES CPU_SECONDS WALL_SECONDS" of one run.
cpu() {
	local bin=$1 plugin=$2 t n
	shift 2
	t=$({ time "$bin" run --reader "$plugin" "$@" >"$tmp/out" 2>&1; } 2>&1)
	n=$(awk '$1 == "total" { print $2 }' "$tmp/out" | tail -n 1)
	awk -v n="${n:-0}" -v t="$t" 'BEGIN { split(t, a, " ");
		printf "%d %.3f %.3f\n", n, a[2] + a[3], a[1] }'
}

# The fork server's rate: readers that exit (wild-exit-in-read.so) or
# crash (wild-abort.so, SIGABRT) in every case, `run --quick --sim-only`
# as a user runs it (two workers); every failed case costs a worker.
read -r bn bs _ < <(cpu "$B/ringcheck" "$B/plugins/reference.so" \
		  --sim-only --jobs 1)
read -r cn cs _ < <(cpu "$O/ringcheck" "$O/plugins/reference.so" \
		  --sim-only --jobs 1)
rows=()
for wild in exit-in-read abort; do
	read -r n1 s1 w1 < <(cpu "$B/ringcheck" "$O/plugins/wild-$wild.so" \
			     --quick --sim-only)
	read -r n2 s2 w2 < <(cpu "$O/ringcheck" "$O/plugins/wild-$wild.so" \
			     --quick --sim-only)
	rows+=("$wild $n1 $s1 $w1 $n2 $s2 $w2")
done

printf '%s\n' "${rows[@]}" | awk -v bn="$bn" -v bs="$bs" -v cn="$cn" \
    -v cs="$cs" -v base="${base:0:12}" '
BEGIN {
	printf "case cost against the merge base %s (one run each, this order)\n", base
	printf "%-46s %12s %12s %8s\n", "", "baseline", "this tree", "ratio"
	printf "%-46s %12.1f %12.1f %7.2fx\n",
	       "full --sim-only run, us of CPU a case",
	       bs / bn * 1e6, cs / cn * 1e6, (bs / bn) / (cs / cn)
}
{
	what = $1 == "abort" ? "crash" : "exit"
	printf "%-46s %12.0f %12.0f %7.2fx\n",
	       what "-in-every-case reader, cases a CPU second",
	       $2 / $3, $5 / $6, ($5 / $6) / ($2 / $3)
	printf "%-46s %12.0f %12.0f %7.2fx\n",
	       what "-in-every-case reader, cases a second",
	       $2 / $4, $5 / $7, ($5 / $7) / ($2 / $4)
}' | tee "$O/report/case_cost.txt"
