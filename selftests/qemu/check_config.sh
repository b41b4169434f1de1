#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Before a kernel is booted: does its config have what the tests need
# (selftests/kernel/config) and what the guest needs
# (selftests/qemu/guest.config)? A missing test option is an error (the
# tests would fail or skip for a reason the user can fix before a slow TCG
# boot); a missing guest option is named as a warning (a Debian kernel has
# some as modules, and PVH matters only for a bare vmlinux).
# usage: selftests/qemu/check_config.sh KERNEL_CONFIG
# Exit 0: all test options there; 1: some missing, named; 2: no such file.
set -uo pipefail

[ $# -eq 1 ] || { echo "usage: $0 KERNEL_CONFIG" >&2; exit 2; }
config=$1
here=$(dirname "$0")
[ -r "$config" ] || { echo "$0: cannot read $config" >&2; exit 2; }

# the options of a fragment (NAME=y lines) that CONFIG does not set so
missing() {
	grep -h '^CONFIG_[A-Z0-9_]*=y$' "$1" | grep -vxFf "$config" |
		sed 's/=y$//' | tr '\n' ' '
}
tests=$(missing "$here/../kernel/config")
guest=$(missing "$here/guest.config")
[ -z "$guest" ] ||
	echo "qemu: warning: $config lacks (or has as modules) what the guest uses: $guest"
if [ -n "$tests" ]; then
	echo "qemu: $config lacks what the tests need (selftests/kernel/config): $tests"
	exit 1
fi
echo "qemu: $config has what the tests need (selftests/kernel/config)"
