#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Fetches Debian's linux-source-VERSION packages and extracts only what
# ringcheck uses (the kselftest harness, and the sources libperf and
# libbpf build from) into a cache outside git:
#
#   $RINGCHECK_DOWNLOADS/linux-source-V_*.deb  (default $RINGCHECK_CACHE/debs)
#   $RINGCHECK_CACHE/linux-V/tools/...         (default ~/.cache/ringcheck)
#
# The cache holds downloads and extracted sources only, never build
# products (those go under the build directory, O=). Each entry is
# written under a temporary name and renamed into place while holding a
# lock (flock), so that several builds sharing one cache, started at once
# on an empty cache, all see either nothing or a complete entry.
# Versions the system's suite does not carry come from the Debian suite
# that does, through ci/debian_suite.sh (the system's mirror, private apt
# state): 5.10 from bullseye; "7.x" is the newest linux-source-7.* of sid,
# extracted under its real version (linux-7.2, say).
# Only directories marked as ringcheck's are written, replaced or deleted
# (ci/cache_dir.sh): a directory of someone else's at linux-V is left as
# it is and the script exits 2 naming it. Extracted files are given the
# time of extraction, so that builds from an earlier extract are redone.
# Prints the source directory of each version.
# usage: ci/kernel_sources.sh 6.12 [6.1 5.10 7.x]
#        ci/kernel_sources.sh --deb 6.1	(only the package, its path)
set -euo pipefail

here=$(dirname "$0")
. "$here/cache_dir.sh"
cache=${RINGCHECK_CACHE:-$HOME/.cache/ringcheck}

# a downloads directory of an older ringcheck: packages only
legacy_debs() {
	! ls -A "$1" | grep -qvE '\.deb$|^\.download-'
}

# a source entry of an older ringcheck: its .complete names the package
legacy_source() {
	head -n 1 "$1/.complete" 2>/dev/null | grep -qE '^linux-source-.*\.deb$'
}

# the cache may be any directory: only the entries below are ringcheck's
[ -d "$cache" ] || cache_claim "$cache"
if [ -n "${RINGCHECK_DOWNLOADS:-}" ]; then
	# a directory the caller names for packages: .deb files are added
	debs=$RINGCHECK_DOWNLOADS
	mkdir -p "$debs"
else
	debs=$cache/debs
	cache_claim "$debs" legacy_debs
fi

parts=(
	tools/testing/selftests/kselftest_harness.h
	tools/testing/selftests/kselftest.h
	tools/testing/selftests/lib.mk
	tools/testing/selftests/kselftest
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

# the Debian suite that carries linux-source-V, empty for the system's own
suite_of() {
	case $1 in
	5.10) echo bullseye ;;
	7.*) echo sid ;;
	esac
}

# download PACKAGE [SUITE]: the .deb in $debs, fetched under a temporary
# directory and renamed, with apt's progress on stderr
download() {
	local pkg=$1 suite=${2:-} deb tmp

	deb=$(ls "$debs/${pkg}_"*.deb 2>/dev/null | tail -n 1 || true)
	if [ -n "$deb" ]; then
		echo "$deb"
		return
	fi
	tmp=$(mktemp -d "$debs/.download-$pkg.XXXXXX")
	cache_mark "$tmp"
	# apt fetches as its own user, _apt
	chmod 755 "$tmp"
	echo "ci/kernel_sources.sh: downloading $pkg" >&2
	if [ -n "$suite" ]; then
		"$here/debian_suite.sh" "$suite" download "$pkg" "$tmp" \
			>/dev/null || { cache_remove "$tmp"; return 1; }
	elif ! (cd "$tmp" && apt-get download "$pkg" >&2); then
		echo "ci/kernel_sources.sh: $pkg not found; updating the package lists" >&2
		apt-get update -qq >&2
		(cd "$tmp" && apt-get download "$pkg" >&2)
	fi
	deb=$(ls "$tmp/${pkg}_"*.deb | tail -n 1)
	mv "$deb" "$debs/"
	cache_remove "$tmp"
	ls "$debs/${pkg}_"*.deb | tail -n 1
}

# what a complete entry holds: the package and the parts taken from it
complete_mark() {
	basename "$1"
	printf '%s\n' "${parts[@]}" "${optional_parts[@]}"
}

# extract V DEB: the parts of the kernel tarball into $cache/linux-V
extract() {
	local v=$1 deb=$2 dest=$cache/linux-$1 tmp tarball

	tmp=$(mktemp -d "$cache/.extract-linux-$v.XXXXXX")
	cache_mark "$tmp"
	echo "ci/kernel_sources.sh: extracting $(basename "$deb")" >&2
	# the .deb holds /usr/src/linux-source-V.tar.xz; take only parts of it
	dpkg-deb --fsys-tarfile "$deb" |
		tar -x -C "$tmp" --wildcards '*/linux-source-*.tar.xz'
	tarball=$(find "$tmp" -name 'linux-source-*.tar.xz' | head -n 1)
	mkdir "$tmp/linux-$v"
	cache_mark "$tmp/linux-$v"
	# -m: the files dated now, newer than anything built before
	tar -xmJf "$tarball" -C "$tmp/linux-$v" --strip-components=1 \
		$(printf "linux-source-$v/%s " "${parts[@]}")
	tar -xmJf "$tarball" -C "$tmp/linux-$v" --strip-components=1 \
		$(printf "linux-source-$v/%s " "${optional_parts[@]}") \
		2>/dev/null || true
	complete_mark "$deb" >"$tmp/linux-$v/.complete"
	mv -T "$tmp/linux-$v" "$dest"
	cache_remove "$tmp"
}

if [ "${1:-}" = --deb ]; then
	shift
	for v in "$@"; do
		(
			flock 9
			download "linux-source-$v" "$(suite_of "$v")"
		) 9>>"$cache/.lock-linux-$v"
	done
	exit
fi

for v in "$@"; do
	if [ "$v" = 7.x ]; then
		newest=$("$here/debian_suite.sh" sid newest \
			 'linux-source-7\.[0-9]+' | head -n 1) || exit 1
		v=${newest#linux-source-}
	fi
	dest="$cache/linux-$v"
	(
		flock 9
		# someone else's directory there: exit 2, untouched
		[ -e "$dest" ] && cache_claim "$dest" legacy_source
		if ! [ -f "$dest/.complete" ] ||
		   [ "$(printf '%s\n' "${parts[@]}" "${optional_parts[@]}")" != \
		     "$(tail -n +2 "$dest/.complete")" ]; then
			# missing, or extracted with another list of parts
			cache_remove "$dest"
			deb=$(download "linux-source-$v" "$(suite_of "$v")") &&
			extract "$v" "$deb"
		fi
	) 9>>"$cache/.lock-linux-$v"
	echo "$dest"
done
