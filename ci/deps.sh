#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# What the main job (make run) needs: compiler, CUnit, json-c, the kernel's
# UAPI headers, and the kselftest harness of Debian's linux-source-6.12
# (ci/kernel_sources.sh, into the cache). `make check` installs the rest
# itself (ci/test_deps.sh). Idempotent; run as root (or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/apt.sh

apt_install ci/deps.sh build-essential pkg-config libcunit1-dev \
	libjson-c-dev linux-libc-dev xz-utils
ci/kernel_sources.sh 6.12 >/dev/null
