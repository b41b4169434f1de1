#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make qemu-kernel-test: `make qemu KERNEL=` on kernels built here. Builds
# Debian's linux-source-6.12 with a small config (build_kernel.sh) out of a
# tree of links to the cache's copy (ci/kernel_full_source.sh), boots it as
# a user's built tree and as a bare vmlinux (PVH): both must pass. Then the
# same kernel with a planted ABI change in kernel/events/ring_buffer.c (the
# LOST record one record late, plant_lost_later.sh), rebuilt
# incrementally: make qemu must fail, the differential test must flag it
# and the ABI comparison must name it. Prints what each step took.
# usage: selftests/qemu/kernel_test.sh [O]
set -uo pipefail

O=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/selftests/qemu
kdir=$O/qemu-kernel
prefix=qemu-kernel
mkdir -p "$kdir"
. "$top/ci/steps.sh"
. "$top/ci/apt.sh"

# what building a kernel takes, beyond the compiler
apt_install selftests/qemu/kernel_test.sh flex bison bc libelf-dev \
	libssl-dev qemu-system-x86 cpio || { fail=1; totals; exit; }
src=$("$top/ci/kernel_full_source.sh" 6.12) || { fail=1; totals; exit; }

# a tree of links to the cache's sources: the plant edits copies in it, the
# cache stays as extracted
. "$here/kernel_farm.sh"
farm_ready "$src" "$kdir" || { fail=1; totals; exit; }

# timed WHAT COMMAND...: runs it, says how long it took
timed() {
	local what=$1 start=$SECONDS rc
	shift
	"$@"
	rc=$?
	echo "time: $what: $((SECONDS - start)) s"
	return $rc
}
# qemu_run LOG ARGS...: make qemu's script, its output kept in LOG and shown
qemu_run() {
	local log=$1
	shift
	"$here/run.sh" "$@" "$O" 2>&1 | tee "$log"
	return "${PIPESTATUS[0]}"
}
passes() { qemu_run "$@"; }
fails() { ! qemu_run "$@"; }
in_log() { grep -Eq -- "$2" "$1"; }

# whatever a run stopped half-way left in kernel/events, built again
rm -f "$kdir"/obj-good/kernel/events/*.o
check "linux-source-6.12 builds (tinyconfig, the tests' and the guest's options)" \
	timed "kernel build" "$here/build_kernel.sh" "$kdir/src" "$kdir/obj-good"
[ -f "$kdir/obj-good/arch/x86/boot/bzImage" ] || { totals; exit; }

check "make qemu KERNEL=<the built tree> passes" \
	timed "boot of the tree" passes "$kdir/tree.log" --kernel "$kdir/obj-good"
check "... and its config was checked" \
	in_log "$kdir/tree.log" 'has what the tests need'
check "... and its ring images were compared with Debian 6.12's" \
	in_log "$kdir/tree.log" 'ring images compared with fixtures/kernel/6\.12\.'
check "make qemu KERNEL=<its vmlinux> (PVH) passes" \
	timed "boot of the vmlinux" env RINGCHECK_QEMU_DIFF_COUNT=30 \
	"$here/run.sh" --kernel "$kdir/obj-good/vmlinux" "$O"

# the planted kernel, built in the same directory and copied out as a
# vmlinuz with its config beside it (a second build directory would build
# everything again: objtool is rebuilt there, and every object depends on
# it); then the directory is built back into the good kernel
# good_again: the objects of kernel/events built again from the tree's
good_again() {
	rm -f "$kdir"/obj-good/kernel/events/*.o
	"$here/build_kernel.sh" "$kdir/src" "$kdir/obj-good" >/dev/null
}
rm -rf "$kdir/planted" && mkdir -p "$kdir/planted"
check "the LOST-one-record-late change is planted and built" \
	timed "incremental build of the planted change" \
	bash -c '"$1" "$2" && "$3" "$2" "$4" &&
		cp "$4/arch/x86/boot/bzImage" "$5/vmlinuz-6.12-planted" &&
		cp "$4/.config" "$5/config-6.12-planted"' - \
	"$here/plant_lost_later.sh" "$kdir/src" "$here/build_kernel.sh" \
	"$kdir/obj-good" "$kdir/planted"
farm_ready "$src" "$kdir"
check "the build directory holds the good kernel again" \
	timed "incremental build back" good_again
check "make qemu KERNEL=<the planted vmlinuz> fails" \
	timed "boot of the planted kernel" fails "$kdir/planted.log" \
	--kernel "$kdir/planted/vmlinuz-6.12-planted"
check "... the differential test flags it" \
	in_log "$kdir/planted.log" '^  # ringcheck-totals differential passed=[0-9]+ failed=[1-9]'
# records dropped while the ring is paused, then one written: the write
# that should carry the LOST record is the first attempt after the loss
check "... and the ABI comparison names it (the pause captures)" \
	in_log "$kdir/planted.log" 'ABI difference in pause-forward\.ring'
check "... in the backward ring too" \
	in_log "$kdir/planted.log" 'ABI difference in pause-backward\.ring'
totals
