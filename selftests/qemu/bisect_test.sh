#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel bisect recipe (bisect_kernel.sh) on a planted regression: a
# throwaway git repository in the tree of links make qemu-kernel-test
# builds from (kernel_farm.sh; the two files the plant touches as copies,
# removed again at the end) with four commits,
# a base, a harmless change, the planted ABI change (plant_lost_later.sh)
# and another harmless change. `git bisect run` must name the planted
# commit as the first bad one. Run after make qemu-kernel-test, which has
# built the kernel in O/qemu-kernel/obj-good from a tree at the same path:
# every step builds there incrementally, and the good kernel is built back
# at the end. (The skip and stop exits: bisect_step_test.sh.)
# usage: selftests/qemu/bisect_test.sh [O]	(make qemu-bisect-test)
set -uo pipefail

O=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/selftests/qemu
mkdir -p "$O" && O=$(cd "$O" && pwd)
kdir=$O/qemu-kernel
tree=$kdir/src
prefix=qemu-bisect
. "$top/ci/steps.sh"
[ -f "$kdir/obj-good/vmlinux" ] ||
	{ echo "FAIL $prefix: no kernel built in $kdir/obj-good: make qemu-kernel-test first"
	  fail=1; totals; exit; }
src=$("$top/ci/kernel_full_source.sh" 6.12) || { fail=1; totals; exit; }
git_() { git -C "$tree" -c user.name=ringcheck -c user.email=ringcheck@localhost "$@"; }
# a harmless change: a comment at the end of ring_buffer.c
touch_comment() { echo "/* ringcheck bisect test: $1 */" >>"$tree/kernel/events/ring_buffer.c"; }

. "$here/kernel_farm.sh"
farm_ready "$src" "$kdir" && farm_copy "${plant_files[@]}" &&
# (git does not follow the links to .gitignore files: said in the log)
git_ init -q && git_ add -A 2>"$kdir/bisect-git.log" && git_ commit -qm base &&
	touch_comment 1 && git_ commit -qam harmless-1 &&
	"$here/plant_lost_later.sh" "$tree" && git_ commit -qam planted &&
	touch_comment 2 && git_ commit -qam harmless-2 ||
	{ echo "FAIL $prefix: the throwaway git tree"; fail=1; totals; exit; }
planted=$(git_ rev-parse HEAD~1)

# built in the test's own kernel directory: every step is incremental
start=$SECONDS
(cd "$tree" && git_ bisect start HEAD HEAD~3 &&
	RINGCHECK_QEMU_DIFF_COUNT=${RINGCHECK_QEMU_DIFF_COUNT:-50} \
	git_ bisect run "$here/bisect_kernel.sh" "$O" "$kdir/obj-good") \
	>"$kdir/bisect.log" 2>&1
grep -E 'bisect_kernel.sh: |first bad commit' "$kdir/bisect.log"
echo "time: bisect: $((SECONDS - start)) s"
check "git bisect run bisect_kernel.sh names the planted commit" \
	grep -q "^$planted is the first bad commit" "$kdir/bisect.log"
git_ bisect reset -q >/dev/null 2>&1

# the tree and the build directory as kernel_test.sh left them
farm_ready "$src" "$kdir"
rm -f "$kdir"/obj-good/kernel/events/*.o
check "the build directory holds the good kernel again" \
	"$here/build_kernel.sh" "$kdir/src" "$kdir/obj-good"
totals
