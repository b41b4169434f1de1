#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Fetches Debian's linux-source-VERSION packages and extracts only what
# ringcheck uses (the kselftest harness, what builds libperf and libbpf) into a
# cache outside git:
#
#   $RINGCHECK_CACHE/linux-VERSION/tools/...   (default ~/.cache/ringcheck)
#
# Versions the system's suite does not carry come from the Debian suite that
# does, through ci/debian_suite.sh (the system's mirror, private apt state):
# 5.10 from bullseye; "7.x" is the newest linux-source-7.* of sid, extracted
# under its real version (linux-7.2, say).
#
# Reuses the cache; prints the source directory of each version.
# usage: ci/kernel_sources.sh 6.12 [6.1 5.10 7.x]
set -euo pipefail

cache=${RINGCHECK_CACHE:-$HOME/.cache/ringcheck}
mkdir -p "$cache/debs"

parts=(
	tools/testing/selftests/kselftest_harness.h
	tools/testing/selftests/kselftest.h
	tools/testing/selftests/lib.mk
	tools/lib
	tools/include
	tools/build
	tools/scripts
	tools/arch/x86/include
	tools/arch/x86/lib
)
# what builds libbpf's tools/lib/bpf (5.12 on: older sources lack them)
optional_parts=(
	scripts/bpf_doc.py
	include/uapi/linux/bpf.h
)
# an extract made with an older parts list is made again
parts_rev="parts 2"

here=$(dirname "$0")

# the Debian suite that carries linux-source-V, empty for the system's own
suite_of() {
	case $1 in
	5.10) echo bullseye ;;
	7.*) echo sid ;;
	esac
}

for v in "$@"; do
	suite=$(suite_of "$v")
	if [ "$v" = 7.x ]; then
		newest=$("$here/debian_suite.sh" sid newest \
			 'linux-source-7\.[0-9]+' | head -n 1) || exit 1
		v=${newest#linux-source-}
	fi
	dest="$cache/linux-$v"
	if grep -qx "$parts_rev" "$dest/.complete" 2>/dev/null; then
		echo "$dest"
		continue
	fi
	pkg="linux-source-$v"
	deb=$(ls "$cache/debs/${pkg}_"*.deb 2>/dev/null | tail -n 1 || true)
	if [ -z "$deb" ] && [ -n "$suite" ]; then
		deb=$("$here/debian_suite.sh" "$suite" download "$pkg" \
			"$cache/debs") || exit 1
	elif [ -z "$deb" ]; then
		(cd "$cache/debs" && apt-get download -q "$pkg" >/dev/null 2>&1) ||
			{ apt-get update -qq && cd "$cache/debs" &&
			  apt-get download -q "$pkg" >/dev/null; }
		deb=$(ls "$cache/debs/${pkg}_"*.deb | tail -n 1)
	fi
	tmp=$(mktemp -d)
	# the .deb holds /usr/src/linux-source-V.tar.xz; take only parts of it
	dpkg-deb --fsys-tarfile "$deb" |
		tar -x -C "$tmp" --wildcards '*/linux-source-*.tar.xz'
	tarball=$(find "$tmp" -name 'linux-source-*.tar.xz' | head -n 1)
	rm -rf "$dest"
	mkdir -p "$dest"
	tar -xJf "$tarball" -C "$dest" --strip-components=1 \
		$(printf "linux-source-$v/%s " "${parts[@]}")
	tar -xJf "$tarball" -C "$dest" --strip-components=1 \
		$(printf "linux-source-$v/%s " "${optional_parts[@]}") \
		2>/dev/null || true
	{ basename "$deb"; echo "$parts_rev"; } >"$dest/.complete"
	rm -rf "$tmp"
	echo "$dest"
done
