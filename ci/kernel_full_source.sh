#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The whole source of Debian's linux-source-VERSION, for building a kernel
# (make qemu-kernel-test): ci/kernel_sources.sh extracts only the parts the
# user-space builds need. Extracted once into $RINGCHECK_CACHE/linux-full-V/
# under a temporary name and renamed while holding a lock, so builds
# sharing the cache see nothing or a complete tree. The tree is read-only
# input: kernels are built out of tree (O=) under the build directory.
# Only a directory this script made (its marker .ringcheck-full-source) is
# ever replaced; anything else at that path is left alone and is an error.
# Prints the source directory.
# usage: ci/kernel_full_source.sh 6.12
set -euo pipefail

[ $# -eq 1 ] && [[ $1 =~ ^[0-9]+\.[0-9]+$ ]] ||
	{ echo "usage: $0 VERSION (e.g. 6.12)" >&2; exit 2; }
v=$1
cache=${RINGCHECK_CACHE:-$HOME/.cache/ringcheck}
dest=$cache/linux-full-$v
marker=.ringcheck-full-source
mkdir -p "$cache"

(
	flock 9
	if [ -f "$dest/$marker" ] && grep -qx complete "$dest/$marker"; then
		exit 0
	fi
	if [ -e "$dest" ] && ! [ -f "$dest/$marker" ]; then
		echo "$0: $dest exists and was not made by ringcheck:" \
		     "leaving it alone" >&2
		exit 1
	fi
	rm -rf "$dest"			# ours, left incomplete
	deb=$("$(dirname "$0")/kernel_sources.sh" --deb "$v")
	tmp=$(mktemp -d "$cache/.extract-full-$v.XXXXXX")
	echo "$0: extracting the whole of $(basename "$deb")" >&2
	mkdir "$tmp/src"
	echo incomplete >"$tmp/src/$marker"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -x -O --wildcards '*/linux-source-*.tar.xz' |
		tar -xJ -C "$tmp/src" --strip-components=1
	echo complete >"$tmp/src/$marker"
	mv -T "$tmp/src" "$dest"
	rmdir "$tmp"
) 9>"$cache/.lock-linux-full-$v"
echo "$dest"
