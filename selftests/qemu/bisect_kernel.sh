#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A `git bisect run` step for a kernel regression that ringcheck sees: run
# in the kernel tree being bisected, it builds the revision checked out
# (selftests/qemu/build_kernel.sh, out of tree: the tree is only read) and
# boots it with make qemu KERNEL= (selftests/qemu/run.sh). Exit 0 when the
# kernel tests, the differential test and the ABI comparison pass; 1 when
# one fails (a guest that hangs after booting is a failure too); 125, which
# makes git bisect skip the revision, when it cannot be built or does not
# boot at all. The build directory is kept between steps, so that each
# revision builds incrementally.
# usage (in the kernel tree):
#	git bisect start BAD GOOD
#	git bisect run /path/to/ringcheck/selftests/qemu/bisect_kernel.sh [O [KO]]
#	O: ringcheck's build directory (default: the checkout's build/);
#	KO: the kernel's build directory (default: O/bisect-kernel)
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
O=${1:-$top/build}
tree=$PWD
if ! [ -f "$tree/Makefile" ] || ! [ -d "$tree/kernel/events" ]; then
	# neither good nor bad: stop the bisection (exit 128 and above)
	echo "bisect_kernel.sh: $tree is not a kernel tree: run it there" >&2
	exit 255
fi
if [ -f "$tree/.config" ]; then
	echo "bisect_kernel.sh: $tree has an in-tree build (.config), which" \
	     "kbuild cannot build out of tree: bisect in a clean worktree" \
	     "(git worktree add) or after make mrproper" >&2
	exit 255
fi
mkdir -p "$O" && O=$(cd "$O" && pwd)
ko=${2:-$O/bisect-kernel}
mkdir -p "$ko" && ko=$(cd "$ko" && pwd)
rev=$(git -C "$tree" describe --always --dirty 2>/dev/null || echo "$tree")

if ! "$top/selftests/qemu/build_kernel.sh" "$tree" "$ko" \
	>/dev/null; then
	echo "bisect_kernel.sh: $rev does not build: skipped (125)"
	exit 125
fi
(cd "$top" && selftests/qemu/run.sh --kernel "$ko" "$O") \
	>"$ko/ringcheck-qemu.log" 2>&1
rc=$?
grep -E '^qemu: |^  (not ok|# Totals|# ringcheck-totals)' \
	"$ko/ringcheck-qemu.log"
if [ "$rc" -eq 0 ]; then
	echo "bisect_kernel.sh: $rev: good"
	exit 0
fi
if [ "$rc" -eq 2 ] || grep -q ' did not boot ' "$ko/ringcheck-qemu.log"; then
	echo "bisect_kernel.sh: $rev cannot be booted: skipped (125)"
	exit 125
fi
echo "bisect_kernel.sh: $rev: bad"
exit 1
