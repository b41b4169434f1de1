#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench's fuzzing rate: executions a second of the scenario fuzz
# target (libFuzzer, ASan+UBSan, make fuzz-build) of this tree and of the
# baseline (bench_baseline.sh), each BENCH_FUZZ_SECONDS (default 20) from
# a copy of this tree's committed corpus with the same seed, one after
# the other: a scenario input is a case, so this is what a user fuzzing
# their own reader gets. The ratio is the result, not the rates.
#
#   bench_fuzz_rate.sh [O]
#
# Writes the table to stdout and $O/report/fuzz_rate.txt.
set -uo pipefail

O=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${BENCH_FUZZ_SECONDS:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$O/report"

. "$top/selftests/bench/bench_baseline.sh"
baseline_build "$O" build/fuzz/fuzz_scenario || {
	echo "fuzz rate: SKIP (no merge base with ${BENCH_BASE:-4e8216e})"
	exit 0
}

# rate TARGET: executions a second over secs seconds.
rate() {
	rm -rf "$tmp/corpus"
	cp -r "$top/fixtures/corpus/scenario" "$tmp/corpus"
	"$1" -max_total_time="$secs" -seed=1 -timeout=10 -rss_limit_mb=4096 \
		-print_final_stats=1 -artifact_prefix="$tmp/" "$tmp/corpus" \
		>"$tmp/log" 2>&1
	awk -v s="$secs" '/stat::number_of_executed_units/ { n = $2 }
		END { printf "%.0f\n", n / s }' "$tmp/log"
}

# a target not built would read as a rate of 0
[ -x "$O/fuzz/fuzz_scenario" ] || {
	echo "fuzz rate: $O/fuzz/fuzz_scenario not built (make fuzz-build)" >&2
	exit 2
}
b=$(rate "$B/fuzz/fuzz_scenario")
c=$(rate "$O/fuzz/fuzz_scenario")
awk -v b="$b" -v c="$c" -v s="$secs" -v base="${base:0:12}" 'BEGIN {
	printf "fuzz rate against the merge base %s (%d s each, this order)\n",
	       base, s
	printf "%-46s %12s %12s %8s\n", "", "baseline", "this tree", "ratio"
	printf "%-46s %12d %12d %7.2fx\n",
	       "fuzz_scenario, executions a second", b, c, b ? c / b : 0
}' | tee "$O/report/fuzz_rate.txt"
