#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# What `make qemu KERNEL=PATH` boots, from what the user has: a built
# kernel tree (its arch/x86/boot/bzImage, or arch/arm64/boot/Image, and its
# .config), a kernel image (bzImage or vmlinuz; a vmlinux only with the PVH
# entry that lets qemu boot it directly; an arm64 Image), or a kernel .deb
# (unpacked into WORK: the user's file is only read). The image's config is
# found where kernels keep it: a tree's .config, config-RELEASE beside
# vmlinuz-RELEASE, the package's boot/config-RELEASE.
# Prints "IMAGE<tab>CONFIG" (CONFIG empty when there is none).
# usage: selftests/qemu/resolve_kernel.sh PATH WORK [amd64|arm64]
# Exit 2 with the reason when PATH is not a kernel qemu can boot.
set -uo pipefail

[ $# -ge 2 ] || { echo "usage: $0 PATH WORK [amd64|arm64]" >&2; exit 2; }
path=$1 work=$2 arch=${3:-amd64}
fail() {
	echo "qemu: KERNEL=$path: $*" >&2
	exit 2
}
case $arch in
amd64) tree_image=arch/x86/boot/bzImage ;;
arm64) tree_image=arch/arm64/boot/Image ;;
*) fail "architecture '$arch' is not amd64 or arm64" ;;
esac

# the COUNT bytes at OFFSET of FILE, as text (NUL bytes dropped)
magic() {
	dd if="$1" bs=1 skip="$2" count="$3" 2>/dev/null | tr -d '\000'
}

# IMAGE: is it one qemu boots with -kernel on this architecture?
check_image() {
	local img=$1
	[ -f "$img" ] && [ -r "$img" ] || fail "$img is not a readable file"
	if [ "$(magic "$img" 0 4 | tail -c 3)" = ELF ]; then
		[ "$arch" = amd64 ] ||
			fail "$img is an ELF vmlinux: boot arch/arm64/boot/Image"
		# XEN_ELFNOTE_PHYS32_ENTRY (18), the PVH entry point
		LC_ALL=C readelf -n "$img" 2>/dev/null |
			grep -Eq '^ +Xen +0x[0-9a-f]+[[:space:]]+(Unknown note type: \(0x00000012\)|.*PHYS32_ENTRY)' ||
			fail "$img is a vmlinux without the PVH entry (CONFIG_PVH):" \
			     "qemu cannot boot it; boot arch/x86/boot/bzImage"
		return
	fi
	case $arch in
	amd64) [ "$(magic "$img" 514 4)" = HdrS ] ||
		fail "$img is neither a bzImage/vmlinuz nor a vmlinux" ;;
	arm64) [ "$(magic "$img" 56 4)" = "ARMd" ] ||
		fail "$img is not an arm64 Image" ;;
	esac
}

if [ -d "$path" ]; then
	image=$path/$tree_image config=$path/.config
	[ -f "$image" ] ||
		fail "a directory without $tree_image: not a built kernel tree"
	[ -f "$config" ] || config=""
elif [ "${path%.deb}" != "$path" ]; then
	[ -r "$path" ] || fail "cannot read the package"
	rm -rf "$work/deb" && mkdir -p "$work/deb"
	dpkg-deb -x "$path" "$work/deb" 2>"$work/deb.err" ||
		fail "not a package: $(tail -n 1 "$work/deb.err")"
	image=$(ls "$work"/deb/boot/vmlinuz-* "$work"/deb/usr/lib/modules/*/vmlinuz \
		"$work"/deb/boot/vmlinux-* 2>/dev/null | head -n 1)
	[ -n "$image" ] || fail "the package holds no boot/vmlinuz-*"
	case $image in
	*/boot/vmlinu[xz]-*) release=${image##*/vmlinu?-} ;;
	*) release=$(basename "$(dirname "$image")") ;;
	esac
	config=$(ls "$work/deb/boot/config-$release" \
		 "$work/deb/usr/lib/modules/$release/config" 2>/dev/null |
		 head -n 1)
else
	[ -e "$path" ] || fail "no such file or directory"
	image=$path config=""
	dir=$(dirname "$path") name=$(basename "$path")
	case $path in
	*/$tree_image) config=$dir/../../../.config ;;
	*/vmlinu[xz]-*) config=$dir/config-${name#vmlinu?-} ;;
	*/vmlinux | vmlinux) config=$dir/.config ;;
	esac
	[ -n "$config" ] && [ -f "$config" ] || config=""
fi
check_image "$image"
printf '%s\t%s\n' "$image" "$config"
