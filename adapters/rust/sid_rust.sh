#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# sid's Rust toolchain and the crates of aya and perf-event2, for
# adapters/rust/build.sh. The packages are downloaded through
# ci/debian_suite.sh (private apt state; never installed) into
# $RINGCHECK_DOWNLOADS (default $RINGCHECK_CACHE/debs) and extracted with
# dpkg-deb into $RINGCHECK_CACHE/rust-sid-<key>/, under a temporary name
# renamed into place under a lock. Prints that directory.
#
# The toolchain: cargo, rustc, libstd-rust-dev and the libraries they load,
# sid's C library among them: sid's rustc and cargo need a newer glibc
# than bookworm's, so build.sh runs them through the dynamic loader
# extracted here. The compiler and linker stay the system's (gcc,
# binutils, libc6-dev): rustc links with cc. The crates: the librust-*-dev
# packages of librust-aya-dev and librust-perf-event2-dev and those they
# need, their sources under usr/share/cargo/registry (a cargo directory
# source). Exit 1 with the reason when sid cannot be had.
set -euo pipefail

cache=${RINGCHECK_CACHE:-$HOME/.cache/ringcheck}
debs=${RINGCHECK_DOWNLOADS:-$cache/debs}
suite=$(cd "$(dirname "$0")/../.." && pwd)/ci/debian_suite.sh
mkdir -p "$cache" "$debs"

# The closures take a minute on a loaded machine: the last answer is kept
# in $memo with the stamp of sid's package lists it was computed from
# (ci/debian_suite.sh renews them once a day), and is used while both hold.
memo=$cache/.rust-sid-memo
stamp() {
	stat -c '%n %Y' "$cache"/apt/sid/lists/*Packages* 2>/dev/null | md5sum |
		cut -c1-12
}
if [ -r "$memo" ]; then
	read -r was dir <"$memo" || true
	if [ "$was" = "$(stamp)" ] && [ -e "$dir/.complete" ]; then
		echo "$dir"
		exit 0
	fi
fi

# what the system has and rustc uses from it: the C compiler as linker
system='gcc|gcc-[0-9]+|binutils|libc-dev|libc6-dev|clang'
tools=$("$suite" sid closure "$system" cargo rustc libstd-rust-dev) || exit 1
crates=$("$suite" sid closure '!librust-.*' librust-aya-dev \
	 librust-perf-event2-dev) || exit 1

# downloads into $debs, in one apt-get, the packages that are not there
download_missing() {
	local p tmp missing=()

	for p in "$@"; do
		ls "$debs/${p}_"*.deb >/dev/null 2>&1 || missing+=("$p")
	done
	[ ${#missing[@]} -gt 0 ] || return 0
	tmp=$(mktemp -d "$debs/.download-rust.XXXXXX")
	chmod 755 "$tmp"	# apt fetches as its own user, _apt
	echo "adapters/rust/sid_rust.sh: downloading ${#missing[@]} packages" >&2
	"$suite" sid download "$(IFS=,; echo "${missing[*]}")" "$tmp" \
		>/dev/null || { rm -rf "$tmp"; return 1; }
	mv "$tmp"/*.deb "$debs/"
	rm -rf "$tmp"
}

(
	flock 9
	# shellcheck disable=SC2086
	download_missing $tools $crates || exit 1
	files=()
	for p in $tools $crates; do
		files+=("$(ls "$debs/${p}_"*.deb | tail -n 1)")
	done
	# named by the packages' versions: a newer sid extracts anew
	key=$(for f in "${files[@]}"; do basename "$f"; done | sort | md5sum |
	      cut -c1-12)
	dest=$cache/rust-sid-$key
	if [ ! -e "$dest/.complete" ]; then
		tmp=$(mktemp -d "$cache/.extract-rust-sid.XXXXXX")
		echo "adapters/rust/sid_rust.sh: extracting ${#files[@]} packages" >&2
		for f in "${files[@]}"; do
			dpkg-deb -x "$f" "$tmp"
		done
		printf '%s\n' "${files[@]##*/}" >"$tmp/.complete"
		rm -rf "$dest"
		mv -T "$tmp" "$dest"
	fi
	echo "$(stamp) $dest" >"$memo.$$"
	mv "$memo.$$" "$memo"
	echo "$dest"
) 9>"$cache/.lock-rust-sid"
