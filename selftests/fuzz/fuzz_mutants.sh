#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make fuzz-mutants: make fuzz READER=... around each mutant of the bug zoo
# (selftests/mutants/*.patch applied to a copy of reader/ring_reader.c, as
# run_mutants.sh does): the scenario target and the concurrent one
# (fuzz_reader.sh), each run up to CAP seconds, RUNS times with seeds
# 1..RUNS. A mutant is found when every run ends on a finding and the
# first finding fails again when replayed as a user would: a scenario's
# with `ringcheck run --scenario` through the mutant built as a plugin
# (without sanitizers), the concurrent target's by that target on the
# file. Prints the median seconds to the first finding; exit 1 if a
# mutant is not found.
#
#	fuzz_mutants.sh O CAP RUNS [MUTANT...]
#
# MUTANT: patch names without .patch (default: all). The merged reader's
# mutants (mutants/evlist/) are not fuzzed: the input plays one ring.
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

# the concurrent target's stress test, built once for every mutant
export FUZZ_STRESS_OBJDIR=$O/fuzz-mutants/stress-driver
rm -rf "$FUZZ_STRESS_OBJDIR"

printf '%-32s %-6s %-12s %s\n' mutant found "median s" "runs (s), replay"
found=0 missed=0
for name in "$@"; do
	patch=$zoo/$name.patch
	if [ ! -f "$patch" ]; then
		echo "fuzz_mutants.sh: no mutant $name" >&2
		exit 2
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
	   ! FUZZ_CFLAGS="$flags" "$here/fuzz_reader.sh" build stress \
		"$dir/fuzz_stress" "$dir/ring_reader.c" \
		"$top/reader/reference_plugin.c" >>"$dir/build.log" 2>&1 ||
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
		case $finding in
		*/findings-stress/*)
			TSAN_OPTIONS="halt_on_error=1 report_signal_unsafe=0" \
				timeout 60 "$dir/fuzz_stress" \
				"$dir/finding" >"$dir/replay.log" 2>&1
			rc=$?
			[ "$rc" -eq 0 ] || rc=1 ;;
		*)
			"$O/ringcheck" run --scenario "$dir/finding" \
				--reader "$dir/mutant.so" >"$dir/replay.log" 2>&1
			rc=$? ;;
		esac
		if [ "$rc" -eq 1 ]; then
			replay="replay fails: $(grep -m1 -o -e 'case finding: .*' \
				-e 'ThreadSanitizer: data race' -e 'the reader failed.*' \
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
echo "# ringcheck-totals fuzz-mutants passed=$found failed=$missed skipped=0"
[ "$missed" -eq 0 ]
