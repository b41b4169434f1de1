#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make stress-upstream: the shipped adapters' readers through make stress,
# each compiled from its upstream source under ThreadSanitizer behind its
# adapter (adapters/), the upstream code unmodified:
#  - libperf of every Debian linux-source in RINGCHECK_CACHE (5.10, 6.1,
#    6.12, the newest): mmap.c, core.c, lib.c and zalloc.c with
#    adapters/libperf.c;
#  - libbpf's perf_buffer from the newest linux-source's tools/lib/bpf
#    (libbpf's own Makefile, CC=clang -fsanitize=thread), linked into a
#    plugin as adapters/libbpf.c links it (-Bsymbolic), which the driver
#    loads;
# each twice: with the x86-64 barrier macros of tools/arch/x86 (a volatile
# access and a compiler barrier: correct under x86's TSO, a data race in
# the C11 model TSan checks), and with the same macros as C11 atomics
# (c11-barriers/: where the barriers are placed, as on arm64).
# BCC's perf_reader is not here: Debian ships libbpfcc as a binary, and a
# reader TSan did not instrument cannot be judged (COVERAGE.md).
# Prints one line a run and the totals, held to what COVERAGE.md records
# (as expected_findings.sh holds the conformance run): with C11 barriers
# libbpf must run clean and every libperf must still show its finding c2
# (records skipped without a LOST while the writer runs: findings 01 and
# 02, and 07's capped copy on 5.10 and 6.1); a run that differs is a
# failure, a data race under C11 barriers always. The x86 runs are
# reported, not judged: those macros are right on x86 and invisible to
# TSan. A missing source is a SKIP.
set -uo pipefail

O=${1:-build}
NEWEST=${2:-7.2}
cache=${RINGCHECK_CACHE:-$HOME/.cache/ringcheck}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
records=${STRESS_RECORDS:-60000}
passed=0 failed=0 skipped=0

# one run; $1: its name, $2: x86 or c11, $3: what the c11 run must give
# (clean or FAIL), the rest: tsan_stress.sh's
run() {
	local name=$1 barriers=$2 want=$3 out=$4 line got
	shift 4
	STRESS_RECORDS=$records "$here/tsan_stress.sh" "$out" "$@" \
		>"$out.log" 2>&1
	line=$(grep -m1 -e '^stress: data race' -e '^FAIL' -e '^ERROR' \
		-e '^SKIP' -e 'does not build' "$out.log")
	case $line in
	FAIL*) got=FAIL ;;
	"stress: data race"*) got=race ;;
	"") got=error line="no verdict: $(tail -n 1 "$out.log")"
	    if grep -q '^# ringcheck-totals stress passed=1 ' "$out.log"; then
		got=clean
		line="clean ($(grep -m1 -o '[0-9]* records, [0-9]* delivered' \
			"$out.log"))"
	    fi ;;
	*) got=error ;;
	esac
	if [ $got = error ]; then
		failed=$((failed + 1))
	elif [ "$barriers" = x86 ]; then
		passed=$((passed + 1))
		[ $got = race ] && line="data race reported"
		line="$line (the x86 macros: informational)"
	elif [ $got = "$want" ]; then
		passed=$((passed + 1)) line="$line (as expected)"
	else
		failed=$((failed + 1)) line="$line (expected: $want)"
	fi
	printf '%s, %s barriers: %s (log: %s)\n' "$name" "$barriers" "$line" \
		"$out.log"
}

shim() {
	[ "$1" = c11 ] && echo "-I$here/c11-barriers"
}

mkdir -p "$O/stress"
for v in 5.10 6.1 6.12 "$NEWEST"; do
	L=$cache/linux-$v/tools
	if [ ! -f "$L/lib/perf/mmap.c" ]; then
		echo "libperf-$v: SKIP (no $L/lib/perf/mmap.c: ci/kernel_sources.sh $v)"
		skipped=$((skipped + 2))
		continue
	fi
	lazy=-DLIBPERF_LAZY_EVENT_COPY
	case $v in 5.10 | 6.1) lazy= ;; esac
	for barriers in x86 c11; do
		STRESS_CFLAGS="$(shim $barriers) -DLIBPERF_VERSION=\"$v\" $lazy \
			-I$L/lib/perf/include -I$L/include \
			-I$L/arch/x86/include -I$L/lib" \
			run "libperf-$v" $barriers FAIL \
			"$O/stress/libperf-$v-$barriers" \
			"$top/adapters/libperf.c" "$L/lib/perf/mmap.c" \
			"$L/lib/perf/core.c" "$L/lib/perf/lib.c" "$L/lib/zalloc.c"
	done
done

B=$cache/linux-$NEWEST/tools/lib/bpf
if [ ! -f "$B/libbpf.c" ]; then
	echo "libbpf (linux-$NEWEST): SKIP (no $B: ci/kernel_sources.sh $NEWEST)"
	skipped=$((skipped + 2))
else
	version=$(grep -oE '^LIBBPF_[0-9.]+' "$B/libbpf.map" | sort -rV |
		  head -n 1 | cut -d_ -f2)
	for barriers in x86 c11; do
		out=$(realpath -m "$O/stress/libbpf-$version-$barriers")
		mkdir -p "$out/include/bpf"
		# libbpf's own build, as make upstream runs it, with TSan;
		# the shim goes in CC: libbpf's Makefile puts EXTRA_CFLAGS
		# after its own include directories
		if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u O -u CFLAGS \
			make -C "$B" OUTPUT="$out/" CC="clang $(shim $barriers)" \
			EXTRA_CFLAGS="-O1 -g -fPIC -fsanitize=thread" \
			"$out/libbpf.a" >"$out.build.log" 2>&1 ||
		   ! cp "$B"/{libbpf.h,libbpf_common.h,libbpf_legacy.h,libbpf_version.h,bpf.h} \
			"$out/include/bpf/" ||
		   ! clang -std=gnu11 -O1 -g -fPIC -shared -fsanitize=thread \
			-DLIBBPF_VERSION="\"$version\"" -I"$out/include" \
			-I"$cache/linux-$NEWEST/tools/include/uapi" \
			-I"$top/reader/include" -Wl,-Bsymbolic \
			-o "$out/libbpf-tsan.so" "$top/adapters/libbpf.c" \
			"$out/libbpf.a" -lelf -lz -ldl >>"$out.build.log" 2>&1; then
			echo "libbpf-$version, $barriers barriers: does not build (log: $out.build.log)"
			failed=$((failed + 1))
			continue
		fi
		run "libbpf-$version" $barriers clean "$out" \
			"$out/libbpf-tsan.so"
	done
fi
echo "# ringcheck-totals stress-upstream passed=$passed failed=$failed skipped=$skipped"
[ "$failed" -eq 0 ]
