#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# "Green means tested" for the kernel matrix (selftests/qemu/run.sh): what
# the user asked for and cannot be had is an error, not a pass. Runs the
# script with qemu hidden from PATH, with kernels that cannot be had (a
# path that is no kernel, a package no suite has, a --kernel that does not
# exist), and checks the exit status and the reason; then the same with
# RINGCHECK_ALLOW_UNTESTED=1, which makes them SKIPs and exit 0. None of
# these runs reaches a build or a boot: kernels are resolved first.
# usage: selftests/qemu/rules_test.sh [O] [RUN_SH]
#	RUN_SH: the script under test (default: this tree's run.sh)
set -uo pipefail

O=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
run_sh=${2:-$top/selftests/qemu/run.sh}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=qemu-rules
. "$top/ci/steps.sh"

# PATH without any qemu: every command of PATH but qemu-system-*
mkdir "$tmp/noqemu" "$tmp/stub"
IFS=: read -r -a dirs <<<"$PATH"
for d in "${dirs[@]}"; do
	for f in "$d"/*; do
		case ${f##*/} in qemu-system-*) continue ;; esac
		[ -x "$f" ] && ! [ -e "$tmp/noqemu/${f##*/}" ] &&
			ln -s "$f" "$tmp/noqemu/${f##*/}"
	done
done
# a qemu that is there but never meant to run: these kernels are refused
# before any boot (a boot would fail the test)
printf '#!/bin/sh\necho "stub qemu ran" >&2\nexit 1\n' \
	>"$tmp/stub/qemu-system-x86_64"
chmod +x "$tmp/stub/qemu-system-x86_64"

# expect WHAT STATUS PATTERN ENV...: run.sh under ENV exits STATUS (or any
# non-zero for "nonzero") and prints a line matching PATTERN
expect() {
	local what=$1 want=$2 pattern=$3 rc out
	shift 3
	out=$(cd "$top" && env "$@" bash "$run_sh" $extra_args "$O/rules" 2>&1)
	rc=$?
	if { [ "$want" = nonzero ] && [ "$rc" -ne 0 ]; } ||
	   [ "$rc" = "$want" ]; then
		if grep -Eq -- "$pattern" <<<"$out"; then
			echo "ok   $prefix: $what (exit $rc)"
			pass=$((pass + 1))
			return
		fi
	fi
	echo "FAIL $prefix: $what: exit $rc (want $want), output:"
	sed 's/^/  /' <<<"$out" | tail -n 8
	echo "  (want a line matching: $pattern)"
	fail=$((fail + 1))
}

extra_args=""
expect "qemu not installed: an error" nonzero \
	'ERROR: qemu-system-x86_64 is not installed' \
	PATH="$tmp/noqemu" RINGCHECK_ALLOW_UNTESTED=
expect "qemu not installed, tolerated: a SKIP" 0 \
	'SKIP: qemu-system-x86_64 is not installed' \
	PATH="$tmp/noqemu" RINGCHECK_ALLOW_UNTESTED=1
expect "a kernel path that is no kernel: an error" nonzero \
	'ERROR: /nonexistent/linux-image-0.0.deb' \
	PATH="$tmp/stub:$PATH" RINGCHECK_ALLOW_UNTESTED= \
	RINGCHECK_QEMU_KERNELS=/nonexistent/linux-image-0.0.deb
expect "a kernel path that is no kernel, tolerated: a SKIP" 0 \
	'SKIP: /nonexistent/linux-image-0.0.deb' \
	PATH="$tmp/stub:$PATH" RINGCHECK_ALLOW_UNTESTED=1 \
	RINGCHECK_QEMU_KERNELS=/nonexistent/linux-image-0.0.deb
# the suite make check has already asked for (the newest linux-source-7)
expect "a package no suite has: an error" nonzero \
	'ERROR: sid:linux-image-ringcheck-no-such' \
	PATH="$tmp/stub:$PATH" RINGCHECK_ALLOW_UNTESTED= \
	RINGCHECK_QEMU_KERNELS='sid:linux-image-ringcheck-no-such-[0-9]+'
extra_args="--kernel $tmp/no-such-bzImage"
expect "make qemu KERNEL= naming nothing: a usage error" 2 \
	"KERNEL=$tmp/no-such-bzImage: no such file" \
	PATH="$tmp/stub:$PATH" RINGCHECK_ALLOW_UNTESTED=
extra_args="--kernel $top/README.md"
expect "make qemu KERNEL= naming a file that is no kernel: a usage error" 2 \
	"README.md is neither a bzImage" \
	PATH="$tmp/stub:$PATH" RINGCHECK_ALLOW_UNTESTED=
totals
