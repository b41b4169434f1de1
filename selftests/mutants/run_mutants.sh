#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make mutants: builds the reference reader once per patch in this folder
# (each puts back one bug of ../shared/spec/bug-zoo.md), runs the whole
# suite on it with --fail-fast, and prints mutant, caught or not, and the
# first failing case. A surviving mutant is a failure of the suite.
set -uo pipefail

O=${1:-build}
CC=${CC:-cc}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cflags="-std=gnu11 -O2 -g -fPIC -D_GNU_SOURCE -I$top/reader -I$top/reader/include"
caught=0 survived=0

printf '%-36s %-8s %s\n' "mutant" "caught" "first failing case"
for patch in "$here"/*.patch; do
	name=$(basename "$patch" .patch)
	dir="$O/mutants/$name"
	mkdir -p "$dir"
	if ! patch -s -o "$dir/ring_reader.c" "$top/reader/ring_reader.c" \
		<"$patch" >"$dir/patch.log" 2>&1; then
		printf '%-36s %-8s %s\n' "$name" "ERROR" "patch does not apply"
		survived=$((survived + 1))
		continue
	fi
	if ! $CC $cflags -shared -o "$dir/reader.so" "$dir/ring_reader.c" \
		"$top/reader/reference_plugin.c" 2>"$dir/build.log"; then
		printf '%-36s %-8s %s\n' "$name" "ERROR" "does not build"
		survived=$((survived + 1))
		continue
	fi
	if [[ $name == 19-* ]]; then
		# barriers show only between threads: make stress (TSan)
		if "$top/selftests/stress/tsan_stress.sh" "$dir/stress" \
			"$dir/ring_reader.c" "$top/reader/reference_plugin.c" \
			>"$dir/run.log" 2>&1; then
			printf '%-36s %-8s %s\n' "$name" "NO" "see $dir/run.log"
			survived=$((survived + 1))
		else
			printf '%-36s %-8s %s\n' "$name" "yes" "stress: $(grep -m1 -o \
				-e 'data race' -e 'FAIL.*' "$dir/run.log")"
			caught=$((caught + 1))
		fi
		continue
	fi
	"$O/ringcheck" run --sim-only --reader "$dir/reader.so" --fail-fast \
		--json "$dir/result.json" >"$dir/run.log" 2>&1
	rc=$?
	first=$(grep -o "replay: ringcheck run --case .*" "$dir/run.log" | head -n 1 |
		sed 's/replay: ringcheck run --case \([^ ]*\).*/\1/')
	if [ "$rc" -eq 1 ] && [ -n "$first" ]; then
		printf '%-36s %-8s %s\n' "$name" "yes" "$first"
		caught=$((caught + 1))
	else
		printf '%-36s %-8s %s\n' "$name" "NO" "(exit $rc) see $dir/run.log"
		survived=$((survived + 1))
	fi
done
echo "# ringcheck-totals mutants passed=$caught failed=$survived skipped=0"
[ "$survived" -eq 0 ]
