#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make mutants: builds the reference reader once per patch in this folder
# (each puts back one bug of the bug zoo, docs/contract.md), runs the whole
# suite on it with --fail-fast, and prints mutant, caught or not, and the
# first failing case. Each mutant is built three times: through ABI
# version 2 (the reader maps its rings from the fd), version 1 (given the
# mapping) and the callback entry; the first two must die, except for a
# bug only one build can show (below). --quick bounds keep it short. A surviving mutant is a failure.
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
	rm -rf "$dir"
	mkdir -p "$dir"
	if ! patch -s -o "$dir/ring_reader.c" "$top/reader/ring_reader.c" \
		<"$patch" >"$dir/patch.log" 2>&1; then
		printf '%-36s %-8s %s\n' "$name" "ERROR" "patch does not apply"
		survived=$((survived + 1))
		continue
	fi
	builds="reader.so reader-v1.so"
	case $name in
	# the mapping the reader chose: only the fd entry lets it choose
	02-*) builds="reader.so" ;;
	# a read past the data area faults on the guard page of the suite's
	# mapping; a mapping of the reader's own has whatever follows it
	15-*) builds="reader-v1.so" ;;
	# the LOST count the reader decodes: only the callback entry hands
	# it to the suite
	11-lost-decoded-*) builds="reader-cb.so" ;;
	esac
	for so in $builds; do
		case $so in
		reader-v1.so) flags=-DREFERENCE_ABI_V1 ;;
		reader-cb.so) flags=-DREFERENCE_CALLBACK ;;
		*) flags= ;;
		esac
		$CC $cflags $flags -shared -o "$dir/$so" "$dir/ring_reader.c" \
			"$top/reader/reference_plugin.c" 2>>"$dir/build.log" ||
			break
	done
	if [ ! -f "$dir/${builds##* }" ]; then
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
			"$top/fake_ring/arena.c" \
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
	first="" missed=""
	for so in $builds; do
		"$O/ringcheck" run --sim-only --quick --reader "$dir/$so" --fail-fast \
			--json "$dir/$so.json" >"$dir/$so.log" 2>&1
		rc=$?
		case=$(grep -o "replay: ringcheck run --case .*" "$dir/$so.log" |
			head -n 1 |
			sed 's/replay: ringcheck run --case \([^ ]*\).*/\1/')
		if [ "$rc" -eq 1 ] && [ -n "$case" ]; then
			first=${first:-$case}
		else
			missed="$missed $so (exit $rc, see $dir/$so.log)"
		fi
	done
	if [ -z "$missed" ]; then
		printf '%-36s %-8s %s\n' "$name" "yes" "$first"
		caught=$((caught + 1))
	else
		printf '%-36s %-8s %s\n' "$name" "NO" "survived in$missed"
		survived=$((survived + 1))
	fi
done
echo "# ringcheck-totals mutants passed=$caught failed=$survived skipped=0"
[ "$survived" -eq 0 ]
