#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel tests and `ringcheck capture` on Debian cloud kernels under
# qemu (TCG: /dev/kvm here cannot boot them). Boots each kernel of
# RINGCHECK_QEMU_KERNELS (Debian linux-image-*-cloud-amd64-unsigned
# packages, downloaded into RINGCHECK_DOWNLOADS, by default the cache's
# debs/) with an initramfs of static
# binaries, prints the guests' TAP and the totals, and with --capture DIR
# writes the ring images each made into DIR/<release>/.
# usage: selftests/qemu/run.sh [--capture DIR] [O]
set -uo pipefail
capture=""
if [ "${1:-}" = --capture ]; then
	capture=$2
	shift 2
fi
O=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${RINGCHECK_DOWNLOADS:-${RINGCHECK_CACHE:-$HOME/.cache/ringcheck}/debs}
kernels=${RINGCHECK_QEMU_KERNELS:-linux-image-6.1.0-56-cloud-amd64-unsigned linux-image-6.12.117+deb12-cloud-amd64-unsigned}
work="$O/qemu"
mkdir -p "$cache" "$work"

if ! command -v qemu-system-x86_64 >/dev/null; then
	echo "# ringcheck-totals qemu passed=0 failed=0 skipped=1"
	echo "qemu: SKIP: qemu-system-x86_64 is not installed"
	exit 0
fi
# static binaries: the kernel tests, ringcheck (capture), /init; the
# kselftest harness from the cache
ksrc=$("$top/ci/kernel_sources.sh" 6.12) ||
	{ echo "# ringcheck-totals qemu passed=0 failed=1 skipped=0"; exit 1; }
make -s --no-print-directory O="$O/qemu/static" EXTRA_LDFLAGS=-static \
	"$O/qemu/static/ringcheck" >"$work/build.log" 2>&1 &&
make -s --no-print-directory -C selftests/kernel \
	OUTPUT="$top/$work/static/kselftest" EXTRA_LDFLAGS=-static \
	KSFT_DIR="$ksrc/tools/testing/selftests" \
	"$top/$work/static/kselftest/comm_test" \
	"$top/$work/static/kselftest/samples_test" >>"$work/build.log" 2>&1 &&
${CC:-cc} -static -O2 -o "$work/init" selftests/qemu/guest_init.c \
	>>"$work/build.log" 2>&1 ||
	{ tail -20 "$work/build.log"; echo "# ringcheck-totals qemu passed=0 failed=1 skipped=0"; exit 1; }

root="$work/root"
rm -rf "$root" && mkdir -p "$root"/{dev,proc,sys,tmp}
cp "$work/init" "$root/init"
cp "$work/static/ringcheck" "$root/ringcheck"
cp "$work/static/kselftest/comm_test" "$work/static/kselftest/samples_test" "$root/"
mknod "$root/dev/console" c 5 1 2>/dev/null || true
(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$work/initramfs.gz"

pass=0 fail=0 skip=0
for pkg in $kernels; do
	deb=$(ls "$cache/${pkg}_"*.deb 2>/dev/null | tail -n 1)
	if [ -z "$deb" ]; then
		(cd "$cache" && apt-get download "$pkg") ||
			{ apt-get update -qq;
			  (cd "$cache" && apt-get download "$pkg"); }
		deb=$(ls "$cache/${pkg}_"*.deb 2>/dev/null | tail -n 1)
	fi
	if [ -z "$deb" ]; then
		echo "qemu: SKIP $pkg: cannot download it"
		skip=$((skip + 1))
		continue
	fi
	rm -rf "$work/k" && dpkg -x "$deb" "$work/k"
	vmlinuz=$(ls "$work"/k/boot/vmlinuz-* | head -n 1)
	release=$(basename "$vmlinuz" | sed 's/^vmlinuz-//')
	timeout 300 qemu-system-x86_64 -accel tcg -m 1024 -smp 1 -nographic \
		-no-reboot -kernel "$vmlinuz" -initrd "$work/initramfs.gz" \
		-append "console=ttyS0 quiet panic=-1" >"$work/console.log" 2>&1
	tr -d '\r' <"$work/console.log" >"$work/console-$release.txt"
	con="$work/console-$release.txt"
	echo "qemu: $release ($(basename "$deb"))"
	grep -E '^(ok|not ok|# Totals|=== ringcheck-guest)' "$con" | sed 's/^/  /'
	while read -r line; do
		p=$(sed -n 's/.* pass:\([0-9]*\).*/\1/p' <<<"$line")
		f=$(sed -n 's/.* fail:\([0-9]*\).*/\1/p' <<<"$line")
		s=$(sed -n 's/.* skip:\([0-9]*\).*/\1/p' <<<"$line")
		pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
		skip=$((skip + ${s:-0}))
	done < <(grep '^# Totals:' "$con")
	grep -q '=== ringcheck-guest: done' "$con" ||
		{ echo "qemu: $release did not finish"; fail=$((fail + 1)); }
	if [ -n "$capture" ]; then
		awk -v dir="$capture" '
			/^=== ringcheck-image-end/ { out = ""; next }
			/^=== ringcheck-image / {
				out = dir "/" $3; sub("/[^/]*$", "", out)
				system("mkdir -p \"" out "\""); out = dir "/" $3
				next }
			out != "" { print > out }' "$con"
		echo "qemu: images in $capture/$release"
	fi
done
echo "# ringcheck-totals qemu passed=$pass failed=$fail skipped=$skip"
[ "$fail" -eq 0 ]
