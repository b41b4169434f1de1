#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Arrows only point down: every #include "..." of the tree is resolved to
# the folder that holds the header, and a folder may include only its own
# headers and those of the layers below it. The layers, lowest first:
#
#   0  fake_ring/ reader/               the simulated ring, the readers
#   1  kernel_ring/                     the kernel's own ring
#   2  engine/scenario/                 the scenario model
#   3  engine/families/ engine/judge/   the cases; the verdict (apart)
#   4  engine/player/                   plays a case, has it judged
#   5  engine/runner/                   isolates the reader, accounts
#   6  engine/stress/                   the stress driver
#   7  cli/ and the rest                users of all of it
#
# Two folders of one layer do not include each other. Checks the tree
# given (default: this one). Prints each violation and the totals line of
# make check; exits 1 on any violation.
set -uo pipefail
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 2

layer() {
	case $1 in
	fake_ring | reader | reader/*) echo 0 ;;
	kernel_ring) echo 1 ;;
	engine/scenario) echo 2 ;;
	engine/families | engine/judge) echo 3 ;;
	engine/player) echo 4 ;;
	engine/runner) echo 5 ;;
	engine/stress) echo 6 ;;
	engine) echo 9 ;;	# nothing lives in engine/ itself
	*) echo 7 ;;
	esac
}

# the include path of the Makefile's CFLAGS, in its order
incdirs=(fake_ring reader reader/include engine cli kernel_ring)

resolve() {	# FILE-DIR HEADER: the folder holding the header, or nothing
	local d
	if [ -f "$1/$2" ]; then
		dirname "$1/$2"
		return
	fi
	for d in "${incdirs[@]}"; do
		if [ -f "$d/$2" ]; then
			dirname "$d/$2"
			return
		fi
	done
}

bad=0 checked=0
while IFS= read -r f; do
	dir=$(dirname "$f")
	from=$(layer "$dir")
	while IFS= read -r h; do
		to_dir=$(resolve "$dir" "$h")
		[ -n "$to_dir" ] || continue	# system or generated
		to_dir=${to_dir#./}
		checked=$((checked + 1))
		[ "$to_dir" = "$dir" ] && continue
		to=$(layer "$to_dir")
		if [ "$to" -ge "$from" ]; then
			echo "FAIL $f includes $to_dir/${h##*/} (layer $to from layer $from)"
			bad=$((bad + 1))
		fi
	done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
done < <(find fake_ring reader kernel_ring engine cli -name '*.[ch]' | sort)
[ "$checked" -gt 0 ] || { echo "FAIL no include found under $top"; bad=1; }
echo "# ringcheck-totals layers passed=$((checked - bad)) failed=$bad skipped=0"
[ "$bad" -eq 0 ]
