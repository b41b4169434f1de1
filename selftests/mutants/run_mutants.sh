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
# evlist/: mutants of the merged reader (reader/evlist_reader.c)
for patch in "$here"/*.patch "$here"/evlist/*.patch; do
	name=$(basename "$patch" .patch)
	dir="$O/mutants/$name"
	mkdir -p "$dir"
	cp "$top/reader/ring_reader.c" "$top/reader/evlist_reader.c" "$dir/"
	target=$(sed -n 's|^+++ b/reader/\([^ 	]*\).*|\1|p' "$patch" | head -n 1)
	if ! patch -s -o "$dir/$target" "$top/reader/$target" \
		<"$patch" >"$dir/patch.log" 2>&1; then
		printf '%-36s %-8s %s\n' "$name" "ERROR" "patch does not apply"
		survived=$((survived + 1))
		continue
	fi
	if ! $CC $cflags -shared -o "$dir/reader.so" "$dir/ring_reader.c" \
		"$dir/evlist_reader.c" "$top/reader/reference_plugin.c" \
		"$top/reader/reference_evlist_plugin.c" 2>"$dir/build.log"; then
		printf '%-36s %-8s %s\n' "$name" "ERROR" "does not build"
		survived=$((survived + 1))
		continue
	fi
	if [[ $name == 19-* ]]; then
		# barriers show only between threads: the TSan stress test
		if clang -std=gnu11 -g -O1 -fsanitize=thread -D_GNU_SOURCE \
			-I"$top/fake_ring" -I"$top/reader" -I"$top/reader/include" \
			-o "$dir/ring_threads" "$top/selftests/threads/ring_threads.c" \
			"$top/fake_ring/fake_ring.c" "$top/fake_ring/ledger.c" \
			"$top/fake_ring/fake_ring_show.c" "$dir/ring_reader.c" \
			-lpthread 2>"$dir/build.log" &&
		   ! TSAN_OPTIONS=halt_on_error=1 "$dir/ring_threads" \
			>"$dir/run.log" 2>&1 &&
		   grep -q "ThreadSanitizer: data race" "$dir/run.log"; then
			printf '%-36s %-8s %s\n' "$name" "yes" \
				"threads (ThreadSanitizer: data race)"
			caught=$((caught + 1))
		else
			printf '%-36s %-8s %s\n' "$name" "NO" "see $dir/run.log"
			survived=$((survived + 1))
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
