#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel bisect recipe (bisect_kernel.sh) on a planted regression: a
# throwaway git repository in the tree of links make qemu-kernel-test
# builds from (kernel_farm.sh; the two files the plant touches as copies,
# removed again at the end) with four commits,
# a base, a harmless change, the planted ABI change (plant_lost_later.sh)
# and another harmless change. `git bisect run` must name the planted
# commit as the first bad one. Then a revision that does not compile must
# be skipped (exit 125). Part of make qemu-kernel-test (kernel_test.sh),
# which has built the kernel in O/qemu-kernel/obj-good from a tree at the
# same path, so that every step builds incrementally.
# usage: selftests/qemu/bisect_test.sh SRC [O]
set -uo pipefail

[ $# -ge 1 ] || { echo "usage: $0 SRC [O]" >&2; exit 2; }
src=$1
O=${2:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/selftests/qemu
mkdir -p "$O" && O=$(cd "$O" && pwd)
kdir=$O/qemu-kernel
tree=$kdir/src
prefix=qemu-bisect
. "$top/ci/steps.sh"
[ -f "$kdir/obj-good/vmlinux" ] ||
	{ echo "FAIL $prefix: no kernel built in $kdir/obj-good"; fail=1; totals; exit; }
git_() { git -C "$tree" -c user.name=ringcheck -c user.email=ringcheck@localhost "$@"; }
# a harmless change: a comment at the end of ring_buffer.c
touch_comment() { echo "/* ringcheck bisect test: $1 */" >>"$tree/kernel/events/ring_buffer.c"; }

. "$here/kernel_farm.sh"
farm_ready "$src" "$kdir" && farm_copy "${plant_files[@]}" &&
git_ init -q && git_ add -A && git_ commit -qm base &&
	touch_comment 1 && git_ commit -qam harmless-1 &&
	"$here/plant_lost_later.sh" "$tree" && git_ commit -qam planted &&
	touch_comment 2 && git_ commit -qam harmless-2 ||
	{ echo "FAIL $prefix: the throwaway git tree"; fail=1; totals; exit; }
planted=$(git_ rev-parse HEAD~1)

rm -rf "$O/bisect-kernel"
cp -a "$kdir/obj-good" "$O/bisect-kernel"
start=$SECONDS
(cd "$tree" && git_ bisect start -q HEAD HEAD~3 >/dev/null &&
	RINGCHECK_QEMU_DIFF_COUNT=${RINGCHECK_QEMU_DIFF_COUNT:-50} \
	git_ bisect run "$here/bisect_kernel.sh" "$O") >"$kdir/bisect.log" 2>&1
grep -E 'bisect_kernel.sh: |first bad commit' "$kdir/bisect.log"
echo "time: bisect: $((SECONDS - start)) s"
check "git bisect run bisect_kernel.sh names the planted commit" \
	grep -q "^$planted is the first bad commit" "$kdir/bisect.log"
git_ bisect reset -q >/dev/null 2>&1

echo '#error a revision that does not build' >>"$tree/kernel/events/ring_buffer.c"
(cd "$tree" && "$here/bisect_kernel.sh" "$O")
rc=$?
check "a revision that does not build is skipped (exit 125, got $rc)" [ "$rc" -eq 125 ]
farm_ready "$src" "$kdir"
totals
