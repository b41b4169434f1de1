#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds a small x86_64 kernel for the qemu guest out of tree: tinyconfig,
# then the options the tests need (selftests/kernel/config) and what the
# guest needs (selftests/qemu/guest.config), then bzImage. The source tree
# is only read (make O=OBJ). Fails, naming them, when an option asked for
# did not survive olddefconfig (a dependency Kconfig would not satisfy),
# so that a kernel is never booted without what the tests need.
# usage: selftests/qemu/build_kernel.sh SRC OBJ
set -uo pipefail

[ $# -eq 2 ] || { echo "usage: $0 SRC OBJ" >&2; exit 2; }
src=$1 obj=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
frags=("$top/selftests/kernel/config" "$top/selftests/qemu/guest.config")
[ -f "$src/Makefile" ] && [ -d "$src/kernel/events" ] ||
	{ echo "$0: $src is not a kernel source tree" >&2; exit 2; }
mkdir -p "$obj"
log=$obj/ringcheck-build.log
kmake() {
	nice -n 10 make -C "$src" O="$(cd "$obj" && pwd)" ARCH=x86_64 "$@" \
		>>"$log" 2>&1 ||
		{ echo "$0: make $* failed; the end of $log:" >&2
		  tail -n 20 "$log" >&2; exit 1; }
}

: >"$log"
[ -f "$obj/.config" ] || kmake tinyconfig
# the fragments again whenever one asks for what the config lacks (an
# option added since the last build)
missing=$(grep -h '^CONFIG_' "${frags[@]}" | grep -vxFf "$obj/.config")
if [ -n "$missing" ]; then
	printf '%s\n' "$missing" >>"$obj/.config"
	kmake olddefconfig
fi
missing=$(grep -h '^CONFIG_' "${frags[@]}" | grep -vxFf "$obj/.config")
if [ -n "$missing" ]; then
	echo "$0: olddefconfig dropped:" $missing >&2
	exit 1
fi
kmake -j2 bzImage
echo "$obj/arch/x86/boot/bzImage"
