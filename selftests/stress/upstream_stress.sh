#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make stress-upstream: libperf 6.1 and 6.12 (Debian's linux-source in
# RINGCHECK_CACHE) through make stress, their mmap.c compiled from source
# under ThreadSanitizer behind the adapter, twice: with the x86-64 barrier
# macros of tools/arch/x86 (a volatile access and a compiler barrier:
# correct under x86's TSO, a data race in the C11 model TSan checks), and
# with the same macros as C11 atomics (c11-barriers/: where the barriers
# are placed, as on arm64). Prints one line a run; findings, not failures.
set -uo pipefail

O=${1:-build}
cache=${RINGCHECK_CACHE:-$HOME/.cache/ringcheck}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

for v in 6.1 6.12; do
	L=$cache/linux-$v/tools
	if [ ! -f "$L/lib/perf/mmap.c" ]; then
		echo "libperf-$v: SKIP (no $L/lib/perf/mmap.c: ci/kernel_sources.sh $v)"
		continue
	fi
	lazy=; [ "$v" = 6.1 ] || lazy=-DLIBPERF_LAZY_EVENT_COPY
	for barriers in x86 c11; do
		shim=; [ $barriers = c11 ] && shim="-I$here/c11-barriers"
		out=$O/stress/libperf-$v-$barriers
		STRESS_CFLAGS="$shim -DLIBPERF_VERSION=\"$v\" $lazy \
			-I$L/lib/perf/include -I$L/include \
			-I$L/arch/x86/include -I$L/lib" \
		STRESS_RECORDS=${STRESS_RECORDS:-60000} \
			"$here/tsan_stress.sh" "$out" \
			"$top/selftests/upstream/libperf_adapter.c" \
			"$L/lib/perf/mmap.c" "$L/lib/perf/core.c" \
			"$L/lib/perf/lib.c" "$L/lib/zalloc.c" >"$out.log" 2>&1
		printf 'libperf-%s, %s barriers: %s\n' "$v" "$barriers" \
			"$(grep -m1 -e '^stress: data race' -e '^FAIL' \
			   -e 'totals' "$out.log")"
	done
done
