#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# What `make qemu KERNEL=PATH` makes of the user's input, without booting:
# selftests/qemu/resolve_kernel.sh on fabricated kernels of each kind (a
# built tree, a vmlinuz with its config-RELEASE, a .deb, a vmlinux with
# and without the PVH note, things that are no kernel), whose image and
# config the test made and so knows; selftests/qemu/check_config.sh on
# configs with and without what the tests need. The user's files must be
# left as they were.
# usage: selftests/qemu/kernel_input_test.sh [O]
set -uo pipefail

O=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
resolve=$top/selftests/qemu/resolve_kernel.sh
check_config=$top/selftests/qemu/check_config.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=qemu-input
. "$top/ci/steps.sh"

# fake_bzimage FILE: the bytes qemu's loader looks for: "HdrS" at 0x202
fake_bzimage() {
	head -c 1024 /dev/zero >"$1"
	printf 'HdrS' | dd of="$1" bs=1 seek=514 conv=notrunc 2>/dev/null
}
# a config with every option of the tests and of the guest
grep -h '^CONFIG_' "$top/selftests/kernel/config" \
	"$top/selftests/qemu/guest.config" >"$tmp/full.config"

# resolves PATH WANT_IMAGE WANT_CONFIG: resolve_kernel.sh prints both
resolves() {
	local got
	got=$("$resolve" "$1" "$tmp/work" amd64) || return 1
	[ "$got" = "$2"$'\t'"$3" ] || { echo "  got: $got"; return 1; }
}
# refuses PATH PATTERN: exit 2 and a reason matching PATTERN
refuses() {
	local out rc
	out=$("$resolve" "$1" "$tmp/work" amd64 2>&1)
	rc=$?
	[ "$rc" -eq 2 ] && grep -Eq -- "$2" <<<"$out" ||
		{ echo "  exit $rc: $out"; return 1; }
}

mkdir -p "$tmp/tree/arch/x86/boot"
fake_bzimage "$tmp/tree/arch/x86/boot/bzImage"
cp "$tmp/full.config" "$tmp/tree/.config"
check "a built tree: its bzImage and .config" \
	resolves "$tmp/tree" "$tmp/tree/arch/x86/boot/bzImage" "$tmp/tree/.config"
check "a tree's bzImage named alone: the tree's .config" \
	resolves "$tmp/tree/arch/x86/boot/bzImage" \
	"$tmp/tree/arch/x86/boot/bzImage" "$tmp/tree/arch/x86/boot/../../../.config"
mkdir "$tmp/unbuilt"
check "a tree not built: refused" \
	refuses "$tmp/unbuilt" 'without arch/x86/boot/bzImage'

mkdir "$tmp/boot"
fake_bzimage "$tmp/boot/vmlinuz-9.9.9-test"
cp "$tmp/full.config" "$tmp/boot/config-9.9.9-test"
check "a vmlinuz: its config-RELEASE beside it" \
	resolves "$tmp/boot/vmlinuz-9.9.9-test" "$tmp/boot/vmlinuz-9.9.9-test" \
	"$tmp/boot/config-9.9.9-test"
fake_bzimage "$tmp/boot/vmlinuz-alone"
check "a vmlinuz with no config: no config" \
	resolves "$tmp/boot/vmlinuz-alone" "$tmp/boot/vmlinuz-alone" ""

mkdir -p "$tmp/pkg/boot" "$tmp/pkg/DEBIAN"
cp "$tmp/boot/vmlinuz-9.9.9-test" "$tmp/boot/config-9.9.9-test" "$tmp/pkg/boot/"
printf 'Package: linux-image-test\nVersion: 1\nArchitecture: all\nMaintainer: ringcheck <ringcheck@localhost>\nDescription: test\n' \
	>"$tmp/pkg/DEBIAN/control"
dpkg-deb -b "$tmp/pkg" "$tmp/linux-image-test.deb" >/dev/null
sum=$(sha256sum <"$tmp/linux-image-test.deb")
check "a .deb: the vmlinuz and config it holds, unpacked elsewhere" \
	resolves "$tmp/linux-image-test.deb" "$tmp/work/deb/boot/vmlinuz-9.9.9-test" \
	"$tmp/work/deb/boot/config-9.9.9-test"
check "... and the user's .deb is as it was" \
	[ "$sum" = "$(sha256sum <"$tmp/linux-image-test.deb")" ]
check "a .deb that is not one: refused" \
	refuses "$tmp/boot/config-9.9.9-test.deb" 'cannot read|not a package'

# a vmlinux: an ELF file, with the PVH note (Xen, type 18) or without
cc -x c -o "$tmp/elf" - <<<'int main(void) { return 0; }'
printf '\004\0\0\0\004\0\0\0\022\0\0\0Xen\0\0\0\0\0' >"$tmp/pvh.note"
mkdir "$tmp/pvh" "$tmp/nopvh"
objcopy --add-section .note.pvh="$tmp/pvh.note" "$tmp/elf" "$tmp/pvh/vmlinux"
cp "$tmp/elf" "$tmp/nopvh/vmlinux"
cp "$tmp/full.config" "$tmp/pvh/.config"
check "a vmlinux with the PVH entry: booted as it is, with its .config" \
	resolves "$tmp/pvh/vmlinux" "$tmp/pvh/vmlinux" "$tmp/pvh/.config"
check "a vmlinux without the PVH entry: refused, naming CONFIG_PVH" \
	refuses "$tmp/nopvh/vmlinux" 'without the PVH entry \(CONFIG_PVH\)'
check "a file that is no kernel: refused" \
	refuses "$top/README.md" 'neither a bzImage/vmlinuz nor a vmlinux'
check "a path that does not exist: refused" \
	refuses "$tmp/nothing" 'no such file'

# the config check: the truth is the fragment the test removed a line from
config_says() {
	local want=$1 config=$2 pattern=$3 out rc
	out=$("$check_config" "$config" 2>&1)
	rc=$?
	[ "$rc" -eq "$want" ] && grep -Eq -- "$pattern" <<<"$out" ||
		{ echo "  exit $rc: $out"; return 1; }
}
check "a config with what the tests need passes" \
	config_says 0 "$tmp/full.config" 'has what the tests need'
grep -v '^CONFIG_BPF_SYSCALL=' "$tmp/full.config" >"$tmp/nobpf.config"
echo '# CONFIG_BPF_SYSCALL is not set' >>"$tmp/nobpf.config"
check "a config without CONFIG_BPF_SYSCALL fails, naming it" \
	config_says 1 "$tmp/nobpf.config" 'tests need .*: CONFIG_BPF_SYSCALL $'
sed 's/^CONFIG_FTRACE_SYSCALLS=y/CONFIG_FTRACE_SYSCALLS=m/' "$tmp/full.config" \
	>"$tmp/mod.config"
check "an option the tests need as a module is missing" \
	config_says 1 "$tmp/mod.config" 'CONFIG_FTRACE_SYSCALLS'
grep -v '^CONFIG_PVH=' "$tmp/full.config" >"$tmp/nopvh.config"
check "a guest option missing is a warning only" \
	config_says 0 "$tmp/nopvh.config" 'warning: .*guest uses: CONFIG_PVH $'
totals
