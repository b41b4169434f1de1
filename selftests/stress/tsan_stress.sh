#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make stress: builds a reader from source together with the stress driver
# (selftests/stress/stress_main.c, engine/stress/, fake_ring), all under
# ThreadSanitizer, and runs it. A reader's missing barrier shows as
# "ThreadSanitizer: data race"; a wrong delivery as the driver's FAIL.
#
#	tsan_stress.sh OUTDIR READER.c...
#	tsan_stress.sh OUTDIR PLUGIN.so
#
# The second form runs a plugin that was itself built from source with
# -fsanitize=thread (a reader whose build needs its own linking, such as
# libbpf's behind adapters/libbpf.c: upstream_stress.sh); the driver
# loads it.
#
# STRESS_CFLAGS, STRESS_LIBS: what the reader's sources need (include
# directories, libraries); STRESS_RECORDS: records (default the driver's).
set -uo pipefail

out=${1:?usage: tsan_stress.sh OUTDIR READER.c...}
shift
[ $# -gt 0 ] || { echo "tsan_stress.sh: no reader sources" >&2; exit 2; }
plugin=
for f in "$@"; do
	[ -f "$f" ] || { echo "tsan_stress.sh: no such file: $f" >&2; exit 2; }
	case $f in *.so) plugin=$(realpath "$f") ;; esac
done
[ -z "$plugin" ] || [ $# -eq 1 ] ||
	{ echo "tsan_stress.sh: a plugin or sources, not both" >&2; exit 2; }
sources=("$@")
[ -z "$plugin" ] || sources=()
top=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"

# shellcheck source=selftests/stress/driver_sources.sh
. "$top/selftests/stress/driver_sources.sh"
rm -rf "$out/driver"
: >"$out/build.log"
# shellcheck disable=SC2086
if ! stress_driver_build "$out/driver" "$out/build.log" \
	"$top/selftests/stress/stress_main.c" ||
   ! clang -std=gnu11 -g -O1 -fsanitize=thread -D_GNU_SOURCE \
	"${stress_driver_includes[@]}" ${STRESS_CFLAGS:-} \
	-o "$out/stress_tsan" "${stress_driver_objs[@]}" "${sources[@]}" \
	${STRESS_LIBS:-} -ldl -lpthread -rdynamic 2>>"$out/build.log"; then
	cat "$out/build.log" >&2
	echo "tsan_stress.sh: the reader does not build with the driver" >&2
	exit 2
fi
TSAN_OPTIONS="halt_on_error=1 ${TSAN_OPTIONS:-}" \
	"$out/stress_tsan" ${STRESS_RECORDS:-120000} $plugin \
	>"$out/run.log" 2>&1
rc=$?
if grep -q "ThreadSanitizer: data race" "$out/run.log"; then
	grep -m1 -A12 "WARNING: ThreadSanitizer: data race" "$out/run.log"
	echo "stress: data race in the reader (log: $out/run.log)"
	echo "# ringcheck-totals stress passed=0 failed=1 skipped=0"
	exit 1
fi
cat "$out/run.log"
exit "$rc"
