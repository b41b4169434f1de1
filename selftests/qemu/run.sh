#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel tests, the differential test and `ringcheck capture` on
# Debian cloud kernels under qemu (TCG: /dev/kvm here cannot boot them).
# Boots each kernel of RINGCHECK_QEMU_KERNELS with an initramfs of static
# binaries, prints the guests' TAP and the totals, and with --capture DIR
# writes the ring images each made into DIR/<release>/.
#
# A kernel is SUITES:REGEX, the newest package of those Debian suites
# (comma-separated) whose name matches REGEX (ci/debian_suite.sh: the
# mirrors of this machine's apt sources, private apt state in the cache);
# a bare package name is one of bookworm and bookworm-security. Both layouts are handled: boot/vmlinuz-<release> (linux-image-*)
# and usr/lib/modules/<release>/vmlinuz (linux-binary-*, 7.x). A kernel
# that cannot be had is a SKIP with the reason.
#
# RINGCHECK_QEMU_ARCH=arm64 runs Debian's arm64 cloud kernels under
# qemu-system-aarch64 instead, with binaries cross-built by
# aarch64-linux-gnu-gcc (`make qemu-arm64`).
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
arch=${RINGCHECK_QEMU_ARCH:-amd64}
case $arch in
amd64)
	qemu=(qemu-system-x86_64 -accel tcg) console=ttyS0 ;;
arm64)
	qemu=(qemu-system-aarch64 -M virt -cpu max -accel tcg) console=ttyAMA0
	export CC=aarch64-linux-gnu-gcc AR=aarch64-linux-gnu-ar
	export RINGCHECK_APT_ARCH=arm64
	if ! command -v "$CC" >/dev/null; then
		echo "qemu: SKIP: $CC is not installed (gcc-aarch64-linux-gnu)"
		echo "# ringcheck-totals qemu passed=0 failed=0 skipped=1"
		exit 0
	fi ;;
*)
	echo "qemu: RINGCHECK_QEMU_ARCH: '$arch' is not amd64 or arm64" >&2
	exit 2 ;;
esac
default_kernels_arm64='sid:linux-binary-[0-9.]+\+deb[0-9]+-cloud-arm64'
default_kernels='bullseye,bullseye-security:linux-image-5\.10\.0-[0-9]+-cloud-amd64-unsigned
bookworm,bookworm-security:linux-image-6\.1\.0-[0-9]+-cloud-amd64-unsigned
bookworm,bookworm-security:linux-image-6\.12\.[0-9]+\+deb12-cloud-amd64-unsigned
sid:linux-binary-[0-9.]+\+deb[0-9]+-cloud-amd64'
[ "$arch" = amd64 ] || default_kernels=$default_kernels_arm64
kernels=${RINGCHECK_QEMU_KERNELS:-$default_kernels}
# sequences of the differential test in each guest; a seed replays one
diff_count=${RINGCHECK_QEMU_DIFF_COUNT:-300}
diff_seed=${RINGCHECK_QEMU_DIFF_SEED:+ringcheck.diff_seed=$RINGCHECK_QEMU_DIFF_SEED}
work="$O/qemu"
mkdir -p "$cache" "$work"

if ! command -v "${qemu[0]}" >/dev/null; then
	echo "# ringcheck-totals qemu passed=0 failed=0 skipped=1"
	echo "qemu: SKIP: ${qemu[0]} is not installed"
	exit 0
fi
# static binaries: the kernel tests, ringcheck (capture), /init; the
# kselftest harness from the cache
ksrc=$("$top/ci/kernel_sources.sh" 6.12) ||
	{ echo "# ringcheck-totals qemu passed=0 failed=1 skipped=0"; exit 1; }
make -s --no-print-directory O="$O/qemu/static" EXTRA_LDFLAGS=-static \
	"$O/qemu/static/ringcheck" "$O/qemu/static/selftests/differential" \
	>"$work/build.log" 2>&1 &&
make -s --no-print-directory -C selftests/kernel \
	OUTPUT="$top/$work/static/kselftest" EXTRA_LDFLAGS=-static \
	KSFT_DIR="$ksrc/tools/testing/selftests" \
	"$top/$work/static/kselftest/comm_test" \
	"$top/$work/static/kselftest/samples_test" \
	"$top/$work/static/kselftest/percpu_test" \
	"$top/$work/static/kselftest/wakeups_test" \
	"$top/$work/static/kselftest/hangup_test" >>"$work/build.log" 2>&1 &&
${CC:-cc} -static -O2 -o "$work/init" selftests/qemu/guest_init.c \
	>>"$work/build.log" 2>&1 &&
${CC:-cc} -static -O2 -o "$work/kernel_facts" selftests/qemu/kernel_facts.c \
	>>"$work/build.log" 2>&1 ||
	{ tail -20 "$work/build.log"; echo "# ringcheck-totals qemu passed=0 failed=1 skipped=0"; exit 1; }

root="$work/root"
rm -rf "$root" && mkdir -p "$root"/{dev,proc,sys,tmp}
cp "$work/init" "$root/init"
cp "$work/static/ringcheck" "$root/ringcheck"
cp "$work/static/selftests/differential" "$root/differential"
cp "$work/kernel_facts" "$root/kernel_facts"
cp "$work/static/kselftest/comm_test" "$work/static/kselftest/samples_test" \
	"$work/static/kselftest/percpu_test" \
	"$work/static/kselftest/wakeups_test" \
	"$work/static/kselftest/hangup_test" "$root/"
mknod "$root/dev/console" c 5 1 2>/dev/null || true
(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$work/initramfs.gz"

pass=0 fail=0 skip=0
set -f				# the specs are regexes, not globs
specs=($kernels)
set +f
for spec in "${specs[@]}"; do
	case $spec in
	*:*) suite=${spec%%:*} pattern=${spec#*:} ;;
	*) suite=bookworm,bookworm-security pattern=$spec ;;
	esac
	# the newest that downloads (an index can name what a mirror lacks)
	deb="" tried=0
	for pkg in $("$top"/ci/debian_suite.sh "$suite" newest "$pattern" \
		     2>"$work/apt.err" | grep -E '^linux-(image|binary)-' |
		     head -n 16); do
		deb=$(ls "$cache/${pkg}_"*.deb 2>/dev/null | tail -n 1)
		[ -n "$deb" ] || deb=$("$top/ci/debian_suite.sh" "$suite" \
			download "$pkg" "$cache" 2>>"$work/apt.err")
		[ -n "$deb" ] && break
		tried=$((tried + 1))
	done
	[ "$tried" -eq 0 ] || [ -z "$deb" ] ||
		echo "qemu: $spec: the $tried newer packages would not download"
	if [ -z "$deb" ]; then
		[ -s "$work/apt.err" ] ||
			echo "no linux-image-* or linux-binary-* matches" >"$work/apt.err"
		echo "qemu: SKIP $spec: $(tail -n 1 "$work/apt.err")"
		skip=$((skip + 1))
		continue
	fi
	rm -rf "$work/k" && dpkg -x "$deb" "$work/k"
	vmlinuz=$(ls "$work"/k/boot/vmlinuz-* \
		  "$work"/k/usr/lib/modules/*/vmlinuz 2>/dev/null | head -n 1)
	case $vmlinuz in
	*/boot/vmlinuz-*) release=${vmlinuz##*/vmlinuz-} ;;
	*/vmlinuz) release=$(basename "$(dirname "$vmlinuz")") ;;
	*) echo "qemu: SKIP $spec: no vmlinuz in $(basename "$deb")"
	   skip=$((skip + 1)); continue ;;
	esac
	start=$SECONDS
	timeout 600 "${qemu[@]}" -m 1024 -smp 2 -nographic \
		-no-reboot -kernel "$vmlinuz" -initrd "$work/initramfs.gz" \
		-append "console=$console quiet panic=-1 ringcheck.diff=$diff_count $diff_seed" \
		>"$work/console.log" 2>&1
	tr -d '\r' <"$work/console.log" >"$work/console-$release.txt"
	con="$work/console-$release.txt"
	echo "qemu: $release ($(basename "$deb"), $((SECONDS - start)) s)"
	grep -E '^(fact |ok|not ok|# Totals|# ringcheck-totals|=== ringcheck-guest|[0-9]+ sequences|compared after|readiness compared|seed |  (first|replay)|(>>|  ) +[0-9]+ )' \
		"$con" | sed 's/^/  /'
	grep -q '^  first difference' "$con" &&
		echo "qemu: replay a sequence in this guest:" \
		     "RINGCHECK_QEMU_KERNELS='$spec' RINGCHECK_QEMU_DIFF_SEED=N make qemu"
	while read -r line; do
		p=$(sed -n 's/.* pass:\([0-9]*\).*/\1/p' <<<"$line")
		f=$(sed -n 's/.* fail:\([0-9]*\).*/\1/p' <<<"$line")
		s=$(sed -n 's/.* skip:\([0-9]*\).*/\1/p' <<<"$line")
		pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
		skip=$((skip + ${s:-0}))
	done < <(grep '^# Totals:' "$con")
	# the differential test's own totals line
	line=$(grep '^# ringcheck-totals differential' "$con" | tail -n 1)
	if [ -n "$line" ]; then
		pass=$((pass + $(sed 's/.*passed=\([0-9]*\).*/\1/' <<<"$line")))
		fail=$((fail + $(sed 's/.*failed=\([0-9]*\).*/\1/' <<<"$line")))
		skip=$((skip + $(sed 's/.*skipped=\([0-9]*\).*/\1/' <<<"$line")))
	else
		echo "qemu: $release: the differential test printed no totals"
		fail=$((fail + 1))
	fi
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
