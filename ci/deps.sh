#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Installs what ringcheck needs from Debian's packages, and fetches the
# kernel sources it uses (kselftest harness, libperf) into the cache
# (ci/kernel_sources.sh). Idempotent and quiet when done; run as root (or
# with sudo available).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
	build-essential pkg-config
	libcunit1-dev
	libjson-c-dev libxml2-utils python3	# reports, and their tests
	valgrind lcov
	clang llvm libclang-rt-14-dev
	afl++
	libbpf-dev libelf-dev zlib1g-dev	# libbpf of linux-source too
	libbpfcc-dev				# adapters/bcc.c
	xz-utils
	qemu-system-x86 cpio
)

missing=()
for p in "${packages[@]}"; do
	[[ $p == \#* ]] && continue
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	echo "ci/deps.sh: installing ${missing[*]}"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" >/dev/null
fi
ci/kernel_sources.sh 6.12 6.1 5.10 7.x >/dev/null
