#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The exits of the kernel bisect step (bisect_kernel.sh) that need no
# kernel: git bisect skips a revision on 125 and stops on 128 and above, so
# a revision that does not build must give 125, and a directory that is no
# kernel tree, or one with an in-tree build (which kbuild cannot build out
# of tree), must stop the bisection. A stand-in tree whose make fails is
# the revision that does not build.
# usage: selftests/qemu/bisect_step_test.sh [O]
set -uo pipefail

O=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
step=$top/selftests/qemu/bisect_kernel.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=qemu-bisect-step
. "$top/ci/steps.sh"

# exits WANT DIR: bisect_kernel.sh run in DIR exits WANT
exits() {
	local rc
	(cd "$2" && "$step" "$tmp/build") >"$tmp/out" 2>&1
	rc=$?
	[ "$rc" -eq "$1" ] || { echo "  exit $rc:"; sed 's/^/  /' "$tmp/out"; return 1; }
}

mkdir -p "$tmp/notree" "$tmp/broken/kernel/events"
check "outside a kernel tree: the bisection stops (255)" exits 255 "$tmp/notree"
printf 'all %%:\n\t@echo "a revision that does not build" >&2; exit 2\n' \
	>"$tmp/broken/Makefile"
check "a revision that does not build: skipped (125)" exits 125 "$tmp/broken"
check "... and said so" grep -q 'does not build: skipped (125)' "$tmp/out"
touch "$tmp/broken/.config"
check "a tree with an in-tree build: the bisection stops (255)" \
	exits 255 "$tmp/broken"
check "... naming the way out" grep -q 'git worktree add' "$tmp/out"
totals
