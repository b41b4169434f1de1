#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# What the tests need beyond the main job (ci/deps.sh): clang and its
# sanitizer runtimes, AFL++, valgrind, lcov, libbpf and BCC for the
# upstream readers, xmllint for the JUnit report, qemu and cpio for the
# kernels under qemu, rsync for the kernel-tree drop-in's make install,
# Go and cilium/ebpf's sources for the Go readers (adapters/go/),
# python3-yaml for the README's CI recipes (selftests/baseline).
# Run by `make check` before its tests; idempotent. The other targets
# that need them check with --check and stop, naming this script.
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/apt.sh

packages=(build-essential pkg-config libcunit1-dev
	libjson-c-dev linux-libc-dev xz-utils
	clang llvm libclang-rt-14-dev afl++ valgrind lcov
	libbpf-dev libelf-dev zlib1g-dev libbpfcc libbpfcc-dev libxml2-utils
	qemu-system-x86 cpio rsync python3 python3-yaml linux-perf
	golang-go golang-github-cilium-ebpf-dev)

# --check TARGET...: install nothing; if a package is missing, one line
# naming the command to run, and exit 2 (the make targets that need them)
if [ "${1:-}" = --check ]; then
	shift
	# the test of this check names a package that is not installed
	[ -z "${RINGCHECK_TEST_DEPS_CHECK:-}" ] ||
		read -r -a packages <<<"$RINGCHECK_TEST_DEPS_CHECK"
	missing=()
	for p in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && exit 0
	echo "make ${*:-this target} needs the test dependencies" \
	     "(missing: ${missing[*]}): run ./ci/test_deps.sh" >&2
	exit 2
fi

apt_install ci/test_deps.sh "${packages[@]}"
