#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel tests, the differential test and `ringcheck capture` on
# kernels under qemu (TCG: /dev/kvm here cannot boot them). Boots each
# kernel with an initramfs of static binaries, prints the guests' TAP and
# the totals, and holds the ring images each guest captured against the
# committed fixtures of the nearest kernel (fixtures/kernel/, on what the
# ABI fixes: selftests/qemu/ring_abi_diff.c): a difference is a failure,
# named as an ABI difference. With --capture DIR the images are kept in
# DIR/<release>/.
#
# The kernels: --kernel PATH (make qemu KERNEL=PATH), one of the user's: a
# built tree, a bzImage/vmlinuz, a vmlinux with PVH, or a kernel .deb
# (selftests/qemu/resolve_kernel.sh); its config, where there is one, is
# checked before the boot for what the tests need (check_config.sh).
# Otherwise those of RINGCHECK_QEMU_KERNELS: SUITES:REGEX, the newest
# package of those Debian suites (comma-separated) whose name matches REGEX
# (ci/debian_suite.sh: the mirrors of this machine's apt sources, private
# apt state in the cache); a bare package name is one of bookworm and
# bookworm-security; a path (anything with a '/') is a local kernel as
# --kernel takes it. Both package layouts are handled:
# boot/vmlinuz-<release> (linux-image-*) and usr/lib/modules/<release>/
# vmlinuz (linux-binary-*, 7.x).
#
# What was asked for and cannot be had (qemu, the cross compiler, a kernel
# no suite has, a path that is not a kernel) is an error, not a pass:
# exit 1, or 2 for a --kernel that is not a kernel. With
# RINGCHECK_ALLOW_UNTESTED=1 it is a SKIP with the reason instead.
#
# RINGCHECK_QEMU_ARCH=arm64 runs Debian's arm64 cloud kernels under
# qemu-system-aarch64 instead, with binaries cross-built by
# aarch64-linux-gnu-gcc (`make qemu-arm64`).
# usage: selftests/qemu/run.sh [--capture DIR] [--kernel PATH] [O]
set -uo pipefail
capture="" kernel=""
while [ $# -gt 0 ]; do
	case $1 in
	--capture) [ $# -ge 2 ] || { echo "qemu: --capture needs a directory" >&2; exit 2; }
		capture=$2; shift 2 ;;
	--kernel) [ $# -ge 2 ] && [ -n "$2" ] ||
			{ echo "qemu: --kernel needs a path" >&2; exit 2; }
		kernel=$2; shift 2 ;;
	-*) echo "usage: $0 [--capture DIR] [--kernel PATH] [O]" >&2; exit 2 ;;
	*) break ;;
	esac
done
O=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/selftests/qemu
cache=${RINGCHECK_DOWNLOADS:-${RINGCHECK_CACHE:-$HOME/.cache/ringcheck}/debs}
arch=${RINGCHECK_QEMU_ARCH:-amd64}
tolerate=${RINGCHECK_ALLOW_UNTESTED:-0}
case $tolerate in
0 | 1) ;;
*) echo "qemu: RINGCHECK_ALLOW_UNTESTED: '$tolerate' is not 0 or 1" >&2
   exit 2 ;;
esac
pass=0 fail=0 skip=0

# unavailable REASON: what was asked for and cannot be had; an error,
# unless the user asked to tolerate it
unavailable() {
	if [ "$tolerate" = 1 ]; then
		echo "qemu: SKIP: $* (tolerated: RINGCHECK_ALLOW_UNTESTED=1)"
		skip=$((skip + 1))
	else
		echo "qemu: ERROR: $* (RINGCHECK_ALLOW_UNTESTED=1 makes it a SKIP)"
		fail=$((fail + 1))
	fi
}
totals() {
	echo "# ringcheck-totals qemu passed=$pass failed=$fail skipped=$skip"
	[ "$fail" -eq 0 ]
	exit
}

case $arch in
amd64)
	qemu=(qemu-system-x86_64 -accel tcg) console=ttyS0 ;;
arm64)
	qemu=(qemu-system-aarch64 -M virt -cpu max -accel tcg) console=ttyAMA0
	export CC=aarch64-linux-gnu-gcc AR=aarch64-linux-gnu-ar
	export RINGCHECK_APT_ARCH=arm64
	if ! command -v "$CC" >/dev/null; then
		unavailable "$CC is not installed (gcc-aarch64-linux-gnu)"
		totals
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
# for the kselftest build, which runs in another directory: O may be
# relative (make's default) or absolute (bisect_kernel.sh)
abs_work=$(cd "$work" && pwd)

if ! command -v "${qemu[0]}" >/dev/null; then
	unavailable "${qemu[0]} is not installed (ci/test_deps.sh installs it)"
	totals
fi

# The kernels to boot, each an image, its config (or nothing) and what
# the user called it; resolved before anything is built, so that one that
# cannot be had is reported at once.
images=() configs=() labels=() asks=()
# add_local PATH LABEL ASK: a kernel of the user's; ASK is how to name it
# again (to replay a sequence of the differential test in it)
add_local() {
	local got n=${#images[@]}
	got=$("$here/resolve_kernel.sh" "$1" "$work/k$n" "$arch" 2>&1) ||
		{ echo "$got"; return 1; }
	images+=("${got%%$'\t'*}") configs+=("${got#*$'\t'}")
	labels+=("$2") asks+=("$3")
}
if [ -n "$kernel" ]; then
	# a kernel named on the command line that is not one is a usage error
	add_local "$kernel" "KERNEL=$kernel" "make qemu KERNEL='$kernel'" ||
		{ fail=1; echo "# ringcheck-totals qemu passed=0 failed=1 skipped=0"; exit 2; }
else
	set -f			# the specs are regexes, not globs
	specs=($kernels)
	set +f
fi
for spec in ${specs[@]+"${specs[@]}"}; do
	case $spec in
	*/*) add_local "$spec" "$spec" \
		"RINGCHECK_QEMU_KERNELS='$spec' make qemu" ||
		unavailable "$spec is not a kernel qemu can boot"
	     continue ;;
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
		unavailable "$spec: $(tail -n 1 "$work/apt.err")"
		continue
	fi
	add_local "$deb" "$spec ($(basename "$deb"))" \
		"RINGCHECK_QEMU_KERNELS='$spec' make qemu" ||
		unavailable "$spec: $(basename "$deb") holds no kernel qemu can boot"
done

# A kernel without what the tests need is not booted: named, a failure.
boot=()
for i in ${!images[@]}; do
	if [ -z "${configs[$i]}" ]; then
		echo "qemu: ${labels[$i]}: no kernel config found beside it:" \
		     "the options the tests need are not checked"
	elif ! "$here/check_config.sh" "${configs[$i]}"; then
		echo "qemu: ${labels[$i]}: not booted"
		fail=$((fail + 1))
		continue
	fi
	boot+=("$i")
done
[ ${#boot[@]} -gt 0 ] || totals

# static binaries: the kernel tests, ringcheck (capture), /init; the
# kselftest harness from the cache. The ABI comparison runs on the host.
ksrc=$("$top/ci/kernel_sources.sh" 6.12) ||
	{ fail=$((fail + 1)); totals; }
abi_diff_o=$O
[ "$arch" = amd64 ] || abi_diff_o=$O/host
# the guest's ringcheck links json-c: a cross build takes Debian's archive
# of the target (bookworm's libjson-c-dev, downloaded with apt state of
# its own and extracted into the build directory, never installed)
json_libs=()
if [ "$arch" != amd64 ]; then
	jdeb=$("$top/ci/debian_suite.sh" bookworm download libjson-c-dev \
		"$cache") ||
		{ unavailable "bookworm's libjson-c-dev ($arch)"; totals; }
	rm -rf "$work/json-c" && dpkg-deb -x "$jdeb" "$work/json-c" ||
		{ fail=$((fail + 1)); totals; }
	json_libs=("JSON_LIBS=$(ls "$abs_work"/json-c/usr/lib/*/libjson-c.a)")
fi
make -s --no-print-directory O="$O/qemu/static" EXTRA_LDFLAGS=-static \
	"${json_libs[@]}" \
	"$O/qemu/static/ringcheck" "$O/qemu/static/selftests/differential" \
	>"$work/build.log" 2>&1 &&
make -s --no-print-directory -C selftests/kernel \
	OUTPUT="$abs_work/static/kselftest" EXTRA_LDFLAGS=-static \
	KSFT_DIR="$ksrc/tools/testing/selftests" \
	"$abs_work/static/kselftest/comm_test" \
	"$abs_work/static/kselftest/samples_test" \
	"$abs_work/static/kselftest/percpu_test" \
	"$abs_work/static/kselftest/wakeups_test" \
	"$abs_work/static/kselftest/hangup_test" >>"$work/build.log" 2>&1 &&
${CC:-cc} -static -O2 -o "$work/init" selftests/qemu/guest_init.c \
	>>"$work/build.log" 2>&1 &&
${CC:-cc} -static -O2 -o "$work/kernel_facts" selftests/qemu/kernel_facts.c \
	>>"$work/build.log" 2>&1 &&
make -s --no-print-directory O="$abi_diff_o" CC=cc AR=ar \
	"$abi_diff_o/selftests/ring_abi_diff" >>"$work/build.log" 2>&1 ||
	{ tail -20 "$work/build.log"; fail=$((fail + 1)); totals; }
abi_diff=$abi_diff_o/selftests/ring_abi_diff

# The libraries' own loops (libbpf's perf_buffer, BCC's perf_reader), where
# this host links them statically (libbpf-dev, libbpfcc-dev, libelf-dev,
# zlib1g-dev: ci/test_deps.sh installs them; a cross build has none): a
# test that cannot be linked is a SKIP of every guest, with its reason.
loops=()
for t in libbpf_test libbpf_poll_test bcc_poll_test; do
	if make -s --no-print-directory -C selftests/kernel \
		OUTPUT="$abs_work/static/kselftest" \
		EXTRA_LDFLAGS="-static -lelf -lz" \
		KSFT_DIR="$ksrc/tools/testing/selftests" \
		"$abs_work/static/kselftest/$t" >"$work/build-$t.log" 2>&1; then
		loops+=("$t")
	elif [ "$arch" != amd64 ]; then
		echo "SKIP qemu: $t: no $arch build of libbpf and BCC to" \
		     "link it with here ($work/build-$t.log)"
		skip=$((skip + ${#boot[@]}))
	else
		echo "SKIP qemu: $t not linked statically on this host" \
		     "(ci/test_deps.sh installs libbpf-dev, libbpfcc-dev;" \
		     "$work/build-$t.log)"
		skip=$((skip + ${#boot[@]}))
	fi
done

root="$work/root"
rm -rf "$root" && mkdir -p "$root"/{dev,proc,sys,tmp}
for t in "${loops[@]}"; do
	cp "$work/static/kselftest/$t" "$root/"
done
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

for i in "${boot[@]}"; do
	vmlinuz=${images[$i]} label=${labels[$i]}
	start=$SECONDS
	timeout 600 "${qemu[@]}" -m 1024 -smp 2 -nographic \
		-no-reboot -kernel "$vmlinuz" -initrd "$work/initramfs.gz" \
		-append "console=$console quiet panic=-1 ringcheck.diff=$diff_count $diff_seed" \
		>"$work/console.log" 2>&1
	release=$(tr -d '\r' <"$work/console.log" |
		  sed -n 's/^fact release //p' | head -n 1)
	if [ -z "$release" ]; then
		tail -n 20 "$work/console.log" | tr -d '\r' | sed 's/^/  /'
		echo "qemu: $label did not boot (no guest output; console" \
		     "in $work/console.log)"
		fail=$((fail + 1))
		continue
	fi
	tr -d '\r' <"$work/console.log" >"$work/console-$release.txt"
	con="$work/console-$release.txt"
	echo "qemu: $release ($label, $((SECONDS - start)) s)"
	grep -E '^(fact |ok|not ok|# Totals|# ringcheck-totals|=== ringcheck-guest|[0-9]+ sequences|compared after|readiness compared|seed |  (first|replay)|(>>|  ) +[0-9]+ )' \
		"$con" | sed 's/^/  /'
	grep -q '^  first difference' "$con" &&
		echo "qemu: replay a sequence in this guest:" \
		     "RINGCHECK_QEMU_DIFF_SEED=N ${asks[$i]}"
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
	# what the guest said last (an oops, the OOM killer, a panic): the
	# console goes with the clone a CI run deletes
	grep -q '=== ringcheck-guest: done' "$con" || {
		tail -n 40 "$con" | sed 's/^/  | /'
		echo "qemu: $release did not finish (console above, and in $con)"
		fail=$((fail + 1))
	}
	images_dir=${capture:-$work/captures}
	rm -rf "$work/captures/$release"
	awk -v dir="$images_dir" '
		/^=== ringcheck-image-end/ { out = ""; next }
		/^=== ringcheck-image / {
			out = dir "/" $3; sub("/[^/]*$", "", out)
			system("mkdir -p \"" out "\""); out = dir "/" $3
			next }
		out != "" { print > out }' "$con"
	[ -z "$capture" ] || echo "qemu: images in $capture/$release"
	# the ring images against the nearest kernel's, on the ABI
	fixtures=$("$here/nearest_fixture.sh" "$release" "$arch") ||
		{ fail=$((fail + 1)); continue; }
	rings=$(ls "$images_dir/$release"/*.ring 2>/dev/null)
	if [ -z "$rings" ]; then
		echo "qemu: $release: the guest captured no ring image to compare"
		fail=$((fail + 1))
		continue
	fi
	for ring in $rings; do
		name=$(basename "$ring")
		if ! [ -f "$fixtures/$name" ]; then
			echo "qemu: $release: $name: no fixture of that name in" \
			     "$fixtures: not compared"
			skip=$((skip + 1))
		elif out=$("$abi_diff" "$fixtures/$name" "$ring" 2>&1); then
			pass=$((pass + 1))
		else
			echo "qemu: $release: ABI difference in $name from" \
			     "fixtures/kernel/$(basename "$fixtures"):"
			printf '%s\n' "$out"
			fail=$((fail + 1))
		fi
	done
	echo "qemu: $release: ring images compared with" \
	     "fixtures/kernel/$(basename "$fixtures")"
done
totals
