#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make fuzz READER=...: the scenario fuzz target (fuzz_scenario.c) around
# a reader built from source, and its run.
#
#	fuzz_reader.sh build libfuzzer|afl ORACLE.a OUT READER.c...
#	fuzz_reader.sh run DIR SECONDS SEED
#
# build: the reader's sources (they provide ringcheck_reader(), as a
# plugin's do) and the input's decoder (engine/scenario/fuzz_input*.c,
# so that its comparisons guide the fuzzer) with coverage, ASan and UBSan
# for libFuzzer, or AFL++'s instrumentation (afl-clang-fast), linked with
# the oracle library the Makefile builds. FUZZ_CFLAGS, FUZZ_LIBS: what the reader's sources need.
#
# run: DIR/fuzz_scenario from the committed scenario corpus and the
# version 2 seeds (scenario_seeds.sh) for SECONDS
# (SEED 0: a new one each run). The first finding (a contract violation,
# a crash, a sanitizer report, an input running past 10 s) is left in
# DIR/findings/ with the report and the command that replays it: exit 1.
# Exit 0: no finding; 2: bad arguments, a reader that does not build.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
me=fuzz_reader.sh

usage() {
	echo "$me: $*" >&2
	echo "usage: $me build libfuzzer|afl ORACLE.a OUT READER.c..." >&2
	echo "       $me run DIR SECONDS SEED" >&2
	exit 2
}

build() {
	local engine=$1 oracle=$2 out=$3 f cc flags
	shift 3
	[ $# -gt 0 ] || usage "no reader sources (READER=\"a.c b.c\")"
	for f in "$@"; do
		[ -f "$f" ] || usage "no such file: $f"
		case $f in
		*.c) ;;
		*) usage "not a C source: $f (READER takes the reader's sources)" ;;
		esac
	done
	[ -f "$oracle" ] || usage "no oracle library: $oracle"
	case $engine in
	libfuzzer)
		cc=clang
		flags="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
		;;
	afl)
		command -v afl-clang-fast >/dev/null ||
			usage "afl-clang-fast not found (apt-get install afl++)"
		cc=afl-clang-fast
		flags=-fsanitize=fuzzer
		;;
	*) usage "no fuzzing engine $engine" ;;
	esac
	mkdir -p "$(dirname "$out")"
	# shellcheck disable=SC2086
	if ! AFL_QUIET=1 $cc -g -O1 $flags -std=gnu11 -D_GNU_SOURCE \
		-I"$top/fake_ring" -I"$top/reader" -I"$top/reader/include" \
		-I"$top/engine" ${FUZZ_CFLAGS:-} -o "$out" \
		"$top/selftests/fuzz/fuzz_scenario.c" \
		"$top/engine/scenario/fuzz_input.c" \
		"$top/engine/scenario/fuzz_input_v2.c" "$@" "$oracle" \
		${FUZZ_LIBS:-} -ldl 2>"$out.log"; then
		cat "$out.log" >&2
		echo "$me: the reader does not build with the fuzz target" >&2
		exit 2
	fi
}

run() {
	local dir=$1 seconds=$2 seed=$3 t0 t1 rc finding
	[ -x "$dir/fuzz_scenario" ] || usage "no fuzz target in $dir"
	[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || usage "bad FUZZ_SECONDS: $seconds"
	[[ $seed =~ ^[0-9]+$ ]] || usage "bad FUZZ_SEED: $seed"
	rm -rf "$dir/corpus" "$dir/findings"
	mkdir -p "$dir/findings"
	cp -r "$top/fixtures/corpus/scenario" "$dir/corpus"
	"$top/selftests/fuzz/scenario_seeds.sh" "$dir/corpus"
	t0=$(date +%s.%N)
	"$dir/fuzz_scenario" -max_total_time="$seconds" -timeout=10 \
		-seed="$seed" -rss_limit_mb=4096 -print_final_stats=1 \
		-artifact_prefix="$dir/findings/" "$dir/corpus" \
		>"$dir/fuzz.log" 2>&1
	rc=$?
	t1=$(date +%s.%N)
	finding=$(find "$dir/findings" -type f | head -n 1)
	if [ -z "$finding" ]; then
		if [ "$rc" -ne 0 ]; then
			tail -n 30 "$dir/fuzz.log"
			echo "$me: the fuzzer failed (exit $rc) without a finding"
			echo "# ringcheck-totals fuzz-reader passed=0 failed=1 skipped=0"
			exit 1
		fi
		grep -E "stat::number_of_executed_units" "$dir/fuzz.log"
		echo "fuzz: no finding in $seconds s (log: $dir/fuzz.log)"
		echo "# ringcheck-totals fuzz-reader passed=1 failed=0 skipped=0"
		exit 0
	fi
	# the report: the judge's (steps, ring, ledger: up to the abort's
	# stack) or the sanitizer's, without libFuzzer's progress lines
	if grep -q '^ringcheck: contract violation' "$dir/fuzz.log"; then
		sed -n '/^==[0-9]*== *ERROR: libFuzzer/q;p' "$dir/fuzz.log"
	else
		cat "$dir/fuzz.log"
	fi | grep -v -E '^(#[0-9]|INFO:|MS:|base unit:|0x|\\x|artifact_prefix|Test unit written|stat::)' |
		tail -n 60
	awk -v a="$t0" -v b="$t1" -v f="$finding" \
		'BEGIN { printf "fuzz: finding after %.1f s: %s\n", b - a, f }'
	echo "  replay: ringcheck run --scenario $finding --reader YOUR_READER.so"
	echo "# ringcheck-totals fuzz-reader passed=0 failed=1 skipped=0"
	exit 1
}

case ${1:-} in
build) shift; [ $# -ge 4 ] || usage "build needs 4 arguments or more"; build "$@" ;;
run) shift; [ $# -eq 3 ] || usage "run needs 3 arguments"; run "$@" ;;
*) usage "build or run" ;;
esac
