#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make fuzz-mutants: the scenario fuzz target around each mutant of the bug
# zoo (selftests/mutants/*.patch applied to a copy of reader/ring_reader.c,
# as run_mutants.sh does), each run up to CAP seconds, RUNS times with
# seeds 1..RUNS. A mutant is found when every run ends on a finding and
# the first finding, replayed with `ringcheck run --scenario` through the
# mutant built as a plugin (without sanitizers), fails there too.
# Prints the median seconds to the first finding; exit 1 if a mutant is
# not found.
#
#	fuzz_mutants.sh O CAP RUNS [MUTANT...]
#
# MUTANT: patch names without .patch (default: all). Bugs the fuzz input
# cannot show are a SKIP with the reason: a missing barrier (19, only
# between threads: make stress). The merged reader's mutants
# (mutants/evlist/) are not fuzzed: the input plays one ring.
set -uo pipefail

O=${1:?usage: fuzz_mutants.sh O CAP RUNS [MUTANT...]}
cap=${2:?usage: fuzz_mutants.sh O CAP RUNS [MUTANT...]}
runs=${3:?usage: fuzz_mutants.sh O CAP RUNS [MUTANT...]}
shift 3
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
zoo=$top/selftests/mutants
CC=${CC:-cc}
[[ $cap =~ ^[0-9]+$ && $runs =~ ^[0-9]+$ && $cap -gt 0 && $runs -gt 0 ]] ||
	{ echo "fuzz_mutants.sh: bad CAP or RUNS" >&2; exit 2; }
[ -x "$O/ringcheck" ] && [ -f "$O/fuzz/liboracle.a" ] ||
	{ echo "fuzz_mutants.sh: build $O/ringcheck and $O/fuzz/liboracle.a first" >&2; exit 2; }
if [ $# -eq 0 ]; then
	set -- $(cd "$zoo" && ls ./*.patch | sed 's|^\./||; s|\.patch$||')
fi

# Why the fuzz input cannot show a bug, or nothing.
unreachable() {
	case $1 in
	19-*) echo "a missing barrier shows only between threads (make stress)" ;;
	esac
}

printf '%-32s %-6s %-12s %s\n' mutant found "median s" "runs (s), replay"
found=0 missed=0 skipped=0
for name in "$@"; do
	patch=$zoo/$name.patch
	if [ ! -f "$patch" ]; then
		echo "fuzz_mutants.sh: no mutant $name" >&2
		exit 2
	fi
	why=$(unreachable "$name")
	if [ -n "$why" ]; then
		printf '%-32s %-6s %-12s %s\n' "$name" SKIP - "$why"
		skipped=$((skipped + 1))
		continue
	fi
	dir=$O/fuzz-mutants/$name
	rm -rf "$dir"
	mkdir -p "$dir"
	cp "$top/reader/ring_reader.c" "$dir/"
	# the entry the bug shows through, as run_mutants.sh builds it
	case $name in
	11-lost-decoded-*) flags=-DREFERENCE_CALLBACK ;;
	*) flags= ;;
	esac
	if ! patch -s -o "$dir/ring_reader.c" "$top/reader/ring_reader.c" \
		<"$patch" >"$dir/patch.log" 2>&1 ||
	   ! FUZZ_CFLAGS="$flags" "$here/fuzz_reader.sh" build libfuzzer \
		"$O/fuzz/liboracle.a" "$dir/fuzz_scenario" \
		"$dir/ring_reader.c" "$top/reader/reference_plugin.c" \
		>"$dir/build.log" 2>&1 ||
	   ! $CC -std=gnu11 -O2 -g -fPIC -shared -D_GNU_SOURCE $flags \
		-I"$top/reader" -I"$top/reader/include" -o "$dir/mutant.so" \
		"$dir/ring_reader.c" "$top/reader/reference_plugin.c" \
		>>"$dir/build.log" 2>&1; then
		printf '%-32s %-6s %-12s %s\n' "$name" ERROR - "does not build: $dir/build.log"
		missed=$((missed + 1))
		continue
	fi
	times=() replay="" all=yes
	for seed in $(seq 1 "$runs"); do
		out=$("$here/fuzz_reader.sh" run "$dir" "$cap" "$seed" 2>&1)
		t=$(sed -n 's/^fuzz: finding after \([0-9.]*\) s: .*/\1/p' <<<"$out")
		if [ -z "$t" ]; then
			all=no
			times+=(">$cap")
			continue
		fi
		times+=("$t")
		[ -n "$replay" ] && continue
		# the first finding, replayed as a user would
		finding=$(sed -n 's/^fuzz: finding after [0-9.]* s: //p' <<<"$out")
		cp "$finding" "$dir/finding"
		"$O/ringcheck" run --scenario "$dir/finding" \
			--reader "$dir/mutant.so" >"$dir/replay.log" 2>&1
		rc=$?
		if [ "$rc" -eq 1 ]; then
			replay="replay fails: $(grep -m1 -o 'case finding: .*' \
				"$dir/replay.log" | cut -c1-60)"
		else
			replay="replay exit $rc ($dir/replay.log)"
			all=no
		fi
	done
	median=$(printf '%s\n' "${times[@]}" | sed 's/^>/9999999/' | sort -g |
		 awk '{ v[NR] = $1 } END { m = v[int((NR + 1) / 2)];
			print (m >= 9999999 ? "-" : m) }')
	if [ "$all" = yes ]; then
		found=$((found + 1))
		printf '%-32s %-6s %-12s %s\n' "$name" yes "$median" "${times[*]}, $replay"
	else
		missed=$((missed + 1))
		printf '%-32s %-6s %-12s %s\n' "$name" NO "$median" "${times[*]}, ${replay:-no finding}"
	fi
done
echo "# ringcheck-totals fuzz-mutants passed=$found failed=$missed skipped=$skipped"
[ "$missed" -eq 0 ]
