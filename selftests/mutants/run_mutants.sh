#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make mutants: builds the reference reader once per patch in this folder
# (each puts back one bug of the bug zoo, docs/contract.md), runs the whole
# suite on it with --fail-fast, and prints mutant, caught or not, and the
# first failing case, and checks that the first failure is grouped under
# the mutant's own bug class or a documented neighbour (attribution.txt).
# Each mutant is built three times: through ABI
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

# The first root cause of a run's JSON report as "check #class" ("#" alone
# when the check names no class).
root_cause() {
	local head

	head=$(tr -d '\n' <"$1" |
	       grep -o '"root_causes": *\[ *{[^}]*' | head -n 1)
	printf '%s #%s\n' \
		"$(grep -o '"check": *"[^"]*"' <<<"$head" | cut -d'"' -f4)" \
		"$(grep -o '"bug_class": *"[^"]*"' <<<"$head" |
		   grep -o '([0-9]*)"$' | tr -d '()"')"
}

# Whether a mutant's root cause is its own class or a documented
# neighbour (attribution.txt).
named_right() {
	local want check class

	want=$(awk -v n="$1" '$1 == n { $1 = ""; print }' \
		"$here/attribution.txt")
	read -r check class <<<"$2"
	[ -n "$want" ] || return 1
	for w in $want; do
		[ "$w" = "$check" ] && return 0
		[ "$class" != "#" ] && [ "$w" = "$class" ] && return 0
	done
	return 1
}

printf '%-36s %-8s %s\n' "mutant" "caught" "first failing case"
# evlist/: mutants of the merged reader (reader/evlist_reader.c)
for patch in "$here"/*.patch "$here"/evlist/*.patch; do
	name=$(basename "$patch" .patch)
	dir="$O/mutants/$name"
	rm -rf "$dir"
	mkdir -p "$dir"
	cp "$top/reader/ring_reader.c" "$top/reader/evlist_reader.c" "$dir/"
	target=$(sed -n 's|^+++ b/reader/\([^ 	]*\).*|\1|p' "$patch" | head -n 1)
	if ! patch -s -o "$dir/$target" "$top/reader/$target" \
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
			"$dir/evlist_reader.c" "$top/reader/reference_plugin.c" \
			"$top/reader/reference_evlist_plugin.c" \
			2>>"$dir/build.log" || break
	done
	if [ ! -f "$dir/${builds##* }" ]; then
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
	first="" missed=""
	for so in $builds; do
		"$O/ringcheck" run --sim-only --quick --reader "$dir/$so" --fail-fast \
			--json "$dir/$so.json" >"$dir/$so.log" 2>&1
		rc=$?
		case=$(grep -o "replay: ringcheck run --case .*" "$dir/$so.log" |
			head -n 1 |
			sed 's/replay: ringcheck run --case \([^ ]*\).*/\1/')
		cause=$(root_cause "$dir/$so.json")
		if [ "$rc" -eq 1 ] && [ -n "$case" ] &&
		   ! named_right "$name" "$cause"; then
			missed="$missed $so (caught, but named $cause:"
			missed="$missed see attribution.txt)"
		elif [ "$rc" -eq 1 ] && [ -n "$case" ]; then
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
