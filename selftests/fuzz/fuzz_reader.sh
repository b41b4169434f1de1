#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make fuzz READER=...: the fuzz targets around a reader built from
# source, and their run: the scenario target (fuzz_scenario.c, one call
# at a time against the oracle) and the concurrent one (fuzz_stress.c,
# the writer in another thread, under ThreadSanitizer: the barriers).
#
#	fuzz_reader.sh build libfuzzer|afl ORACLE.a OUT READER.c...
#	fuzz_reader.sh build stress OUT READER.c...
#	fuzz_reader.sh run DIR SECONDS SEED
#
# build libfuzzer|afl: the scenario target. The reader's sources (they
# provide ringcheck_reader(), as a plugin's do) and the input's decoder
# (engine/scenario/fuzz_input*.c, so that its comparisons guide the
# fuzzer) with coverage, ASan and UBSan for libFuzzer, or AFL++'s
# instrumentation (afl-clang-fast), linked with the oracle library the
# Makefile builds. build stress: the concurrent target, the reader with
# coverage and TSan, the stress test (selftests/stress/driver_sources.sh)
# with TSan only. FUZZ_CFLAGS, FUZZ_LIBS: what the reader's sources need.
#
# run: DIR/fuzz_scenario from the committed scenario corpus and the
# version 2 seeds (scenario_seeds.sh), and DIR/fuzz_stress where it was
# built from seeds of its own, side by side for SECONDS each (SEED 0: a
# new one each run); the first finding of either ends both. It (a
# contract violation, a data race, a wrong delivery, a crash, a sanitizer
# report, an input running past 10 s) is left in DIR/findings/ or
# DIR/findings-stress/ with the report and the command that replays it:
# exit 1. A reader that declares none of the stress test's rounds: the
# concurrent target is a SKIP with the reason. Exit 0: no finding; 2: bad
# arguments, a reader that does not build.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
me=fuzz_reader.sh

usage() {
	echo "$me: $*" >&2
	echo "usage: $me build libfuzzer|afl ORACLE.a OUT READER.c..." >&2
	echo "       $me build stress OUT READER.c..." >&2
	echo "       $me run DIR SECONDS SEED" >&2
	exit 2
}

check_sources() {
	local f
	[ $# -gt 0 ] || usage "no reader sources (READER=\"a.c b.c\")"
	for f in "$@"; do
		[ -f "$f" ] || usage "no such file: $f"
		case $f in
		*.c) ;;
		*) usage "not a C source: $f (READER takes the reader's sources)" ;;
		esac
	done
}

# The concurrent target: the stress test with TSan only
# (driver_sources.sh), so the fuzzer's map is the reader's.
# FUZZ_STRESS_OBJDIR: where its objects are kept across builds (one
# that its caller empties when the sources may have changed:
# fuzz_mutants.sh); by default they are built again each time.
build_stress() {
	local out=$1 objdir
	shift
	check_sources "$@"
	# shellcheck source=selftests/stress/driver_sources.sh
	. "$top/selftests/stress/driver_sources.sh"
	objdir=${FUZZ_STRESS_OBJDIR:-$out.driver}
	[ -n "${FUZZ_STRESS_OBJDIR:-}" ] || rm -rf "$objdir"
	: >"$out.log"
	# shellcheck disable=SC2086
	if ! stress_driver_build "$objdir" "$out.log" ||
	   ! clang -g -O1 -fsanitize=fuzzer,thread -std=gnu11 -D_GNU_SOURCE \
		"${stress_driver_includes[@]}" ${FUZZ_CFLAGS:-} -o "$out" \
		"$top/selftests/fuzz/fuzz_stress.c" "$@" \
		"${stress_driver_objs[@]}" ${FUZZ_LIBS:-} -ldl -lpthread \
		2>>"$out.log"; then
		cat "$out.log" >&2
		echo "$me: the reader does not build with the concurrent fuzz target" >&2
		exit 2
	fi
}

build() {
	local engine=$1 oracle=$2 out=$3 cc flags
	shift 3
	check_sources "$@"
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

# The concurrent target's seeds: records (bytes 0-1) and seed (2-9) as
# fuzz_stress.c reads them; a run long enough to wrap the ring.
stress_seeds() {
	mkdir -p "$1"
	printf '\x00\x00\x01' >"$1/short"
	printf '\xa0\x0f\x02' >"$1/wraps"
	printf '\x98\x3a\x03\x00\x00\x00\x00\x00\x00\x01' >"$1/long"
}

# The first finding in DIR. A slow unit (libFuzzer's note of an input
# that took 10 s or more, under load, without the -timeout that makes a
# hang a finding) is not one.
findings() {
	find "$1/findings" "$1/findings-stress" -type f ! -name 'slow-unit-*' |
		head -n 1
}

# One target, run in the background: TARGET CORPUS FINDINGS LOG SECONDS
# SEED (exec: the job's pid is the fuzzer's, for kill).
fuzz_one() {
	exec "$1" -max_total_time="$5" -timeout=10 -seed="$6" -rss_limit_mb=4096 \
		-print_final_stats=1 -artifact_prefix="$3/" "$2" >"$4" 2>&1
}

# SIGTERM, then SIGKILL to whatever has not ended 5 s later.
stop_all() {
	local i
	kill "$@" 2>/dev/null
	for i in $(seq 50); do
		kill -0 "$@" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -9 "$@" 2>/dev/null
}

# The report: the judge's (steps, ring, ledger: up to the abort's stack),
# the stress test's or the sanitizer's, without libFuzzer's lines.
report() {
	if grep -q '^ringcheck: contract violation' "$1"; then
		sed -n '/^==[0-9]*== *ERROR: libFuzzer/q;p' "$1"
	else
		cat "$1"
	fi | grep -v -E '^(#[0-9]|INFO:|MS:|base unit:|0x|\\x|artifact_prefix|Test unit written|stat::)' |
		tail -n 60
}

run() {
	local dir=$1 seconds=$2 seed=$3 t0 t1 rc src=0 sts=0 finding sp= tp= end
	local stress=no
	[ -x "$dir/fuzz_scenario" ] || usage "no fuzz target in $dir"
	[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || usage "bad FUZZ_SECONDS: $seconds"
	[[ $seed =~ ^[0-9]+$ ]] || usage "bad FUZZ_SEED: $seed"
	[ ! -x "$dir/fuzz_stress" ] || stress=yes
	rm -rf "$dir/corpus" "$dir/findings" "$dir/corpus-stress" \
		"$dir/findings-stress"
	mkdir -p "$dir/findings" "$dir/findings-stress"
	cp -r "$top/fixtures/corpus/scenario" "$dir/corpus"
	"$top/selftests/fuzz/scenario_seeds.sh" "$dir/corpus"
	t0=$(date +%s.%N)
	fuzz_one "$dir/fuzz_scenario" "$dir/corpus" "$dir/findings" \
		"$dir/fuzz.log" "$seconds" "$seed" &
	sp=$!
	if [ $stress = yes ]; then
		stress_seeds "$dir/corpus-stress"
		# report_signal_unsafe=0: libFuzzer saves the input from its
		# SIGABRT handler, which TSan would report and hang in
		TSAN_OPTIONS="halt_on_error=1 report_signal_unsafe=0 ${TSAN_OPTIONS:-}" \
			fuzz_one "$dir/fuzz_stress" "$dir/corpus-stress" \
			"$dir/findings-stress" "$dir/fuzz-stress.log" \
			"$seconds" "$seed" &
		tp=$!
	fi
	# the first finding ends both; neither outlives its time by much
	end=$(( $(date +%s) + seconds + 30 ))
	while kill -0 "$sp" 2>/dev/null ||
	      { [ -n "$tp" ] && kill -0 "$tp" 2>/dev/null; }; do
		if [ -n "$(findings "$dir")" ] || [ "$(date +%s)" -ge "$end" ]; then
			sleep 0.2
			stop_all "$sp" $tp
			break
		fi
		sleep 0.1
	done
	if [ -n "$tp" ]; then
		wait "$tp"
		sts=$?
	fi
	wait "$sp"
	src=$?
	t1=$(date +%s.%N)
	finding=$(findings "$dir")
	if [ -z "$finding" ]; then
		local skip=0
		rc=0
		if [ "$src" -ne 0 ]; then
			tail -n 30 "$dir/fuzz.log"
			echo "$me: the scenario fuzzer failed (exit $src) without a finding"
			rc=1
		elif grep -q '^ringcheck: 0 inputs judged' "$dir/fuzz.log"; then
			echo "fuzz: SKIP scenario target: no input was within the" \
				"reader's capabilities ($(grep -m1 -o \
				'as .*' "$dir/fuzz.log" | cut -c4-))"
			skip=1
		else
			grep -E "stat::number_of_executed_units" "$dir/fuzz.log"
			grep -m1 '^ringcheck: [0-9]* inputs judged' "$dir/fuzz.log"
		fi
		case $stress:$sts in
		no:*)	echo "fuzz: SKIP concurrent target: not built (make fuzz READER= builds it)" ;;
		yes:0)	sed 's/^/  concurrent: /' < <(grep -E \
				"stat::number_of_executed_units" \
				"$dir/fuzz-stress.log") ;;
		yes:75)	echo "fuzz: SKIP concurrent target: $(grep -m1 -o \
				'SKIP: .*' "$dir/fuzz-stress.log" | cut -c7-)" ;;
		*)	tail -n 30 "$dir/fuzz-stress.log"
			echo "$me: the concurrent fuzzer failed (exit $sts) without a finding"
			rc=1 ;;
		esac
		[ $stress:$sts = yes:0 ] || skip=$((skip + 1))
		[ "$rc" -ne 0 ] || [ "$skip" -eq 2 ] ||
			echo "fuzz: no finding in $seconds s (logs: $dir/fuzz.log, $dir/fuzz-stress.log)"
		# a run that judged nothing in either target tested nothing
		[ "$rc" -ne 0 ] || [ "$skip" -lt 2 ] || {
			echo "$me: neither target judged an input: nothing was tested"
			rc=1
		}
		echo "# ringcheck-totals fuzz-reader passed=$(( rc || skip == 2 ? 0 : 1 ))" \
			"failed=$rc skipped=$skip"
		exit "$rc"
	fi
	awk -v a="$t0" -v b="$t1" -v f="$finding" \
		'BEGIN { printf "fuzz: finding after %.1f s: %s\n", b - a, f }'
	case $finding in
	*/findings-stress/*)
		report "$dir/fuzz-stress.log"
		echo "fuzz: the concurrent target's finding (the writer in another thread)"
		echo "  replay: $dir/fuzz_stress $finding"
		echo "  delivery only: ringcheck stress --sim-only $(stress_args "$dir/fuzz_stress" "$finding") --reader YOUR_READER.so"
		;;
	*)
		report "$dir/fuzz.log"
		echo "  replay: ringcheck run --scenario $finding --reader YOUR_READER.so"
		;;
	esac
	echo "# ringcheck-totals fuzz-reader passed=0 failed=1 skipped=0"
	exit 1
}

# --records and --seed of a concurrent finding: the target decodes it.
stress_args() {
	RINGCHECK_FUZZ_DESCRIBE=1 "$1" "$2" 2>/dev/null |
		grep -m1 -o -e '--records [0-9]* --seed [0-9]*'
}

case ${1:-} in
build)	shift
	if [ "${1:-}" = stress ]; then
		[ $# -ge 3 ] || usage "build stress needs 3 arguments or more"
		shift
		build_stress "$@"
	else
		[ $# -ge 4 ] || usage "build needs 4 arguments or more"
		build "$@"
	fi ;;
run) shift; [ $# -eq 3 ] || usage "run needs 3 arguments"; run "$@" ;;
*) usage "build or run" ;;
esac
