#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# sid's Go toolchain and cilium/ebpf's sources, for adapters/go/build.sh
# 0.22: the newest golang-1.N-go and golang-1.N-src of sid,
# golang-github-cilium-ebpf-dev and golang-golang-x-sys-dev (the one
# package of its dependencies that the perf package imports), downloaded
# through ci/debian_suite.sh (private apt state; never installed) into
# $RINGCHECK_DOWNLOADS (default $RINGCHECK_CACHE/debs) and extracted with
# dpkg-deb into $RINGCHECK_CACHE/go-sid-<versions>/, under a temporary name
# renamed into place under a lock. Prints that directory (usr/lib/go-1.N,
# usr/share/gocode/src). Exit 1 with the reason when sid cannot be had.
set -euo pipefail

cache=${RINGCHECK_CACHE:-$HOME/.cache/ringcheck}
debs=${RINGCHECK_DOWNLOADS:-$cache/debs}
suite=$(cd "$(dirname "$0")/../.." && pwd)/ci/debian_suite.sh
mkdir -p "$cache" "$debs"

go=$("$suite" sid newest 'golang-1\.[0-9]+-go' | head -n 1) || exit 1
pkgs=("$go" "${go%-go}-src" golang-github-cilium-ebpf-dev
      golang-golang-x-sys-dev)

# the .deb of PACKAGE in $debs, downloaded if missing
deb_of() {
	local tmp deb

	deb=$(ls "$debs/${1}_"*.deb 2>/dev/null | tail -n 1 || true)
	if [ -z "$deb" ]; then
		tmp=$(mktemp -d "$debs/.download-$1.XXXXXX")
		chmod 755 "$tmp"	# apt fetches as its own user, _apt
		echo "adapters/go/sid_go.sh: downloading $1" >&2
		"$suite" sid download "$1" "$tmp" >/dev/null ||
			{ rm -rf "$tmp"; return 1; }
		mv "$tmp/${1}_"*.deb "$debs/"
		rm -rf "$tmp"
		deb=$(ls "$debs/${1}_"*.deb | tail -n 1)
	fi
	echo "$deb"
}

(
	flock 9
	files=()
	for p in "${pkgs[@]}"; do
		files+=("$(deb_of "$p")") || exit 1
	done
	# named by the packages' versions: a newer sid extracts anew
	key=$(for f in "${files[@]}"; do basename "$f"; done | md5sum |
	      cut -c1-12)
	dest=$cache/go-sid-$key
	if [ ! -e "$dest/.complete" ]; then
		tmp=$(mktemp -d "$cache/.extract-go-sid.XXXXXX")
		for f in "${files[@]}"; do
			echo "adapters/go/sid_go.sh: extracting $(basename "$f")" >&2
			dpkg-deb -x "$f" "$tmp"
		done
		printf '%s\n' "${files[@]##*/}" >"$tmp/.complete"
		rm -rf "$dest"
		mv -T "$tmp" "$dest"
	fi
	echo "$dest"
) 9>"$cache/.lock-go-sid"
