#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds cilium/ebpf's perf.Reader as a ringcheck plugin, offline, from
# Debian's packaged Go sources: build.sh VERSION O OUT.so, VERSION 0.9
# (bookworm: golang-go, golang-github-cilium-ebpf-dev) or 0.22 (sid: its
# golang toolchain and sources, extracted into the cache by
# adapters/go/sid_go.sh, never installed).
#
# The package's files are used unmodified: the Debian tree of
# github.com/cilium/ebpf is copied into O/go-readers/cilium-VERSION/
# (a GOPATH), adapters/go/cilium-VERSION/ringcheck_adapter.go is added to
# the copy of its perf package, and main.go links it into a
# -buildmode=c-shared library, in GOPATH mode (GO111MODULE=off) with no
# proxy. The other packages it imports come from the same Debian tree.
# Exit 1 with the reason when the toolchain or the sources are missing.
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: $0 0.9|0.22 O OUT.so" >&2; exit 2; }
version=$1 O=$(realpath -m "$2") out=$(realpath -m "$3")
RC=$(cd "$(dirname "$0")/../.." && pwd)
here=$RC/adapters/go

case $version in
0.9)
	goroot=$(go env GOROOT 2>/dev/null) ||
		{ echo "$0: no Go toolchain (Debian's golang-go)" >&2; exit 1; }
	gocode=/usr/share/gocode/src
	;;
0.22)
	sid=$("$here/sid_go.sh") || exit 1
	goroot=$(echo "$sid"/usr/lib/go-*)
	gocode=$sid/usr/share/gocode/src
	;;
*)
	echo "$0: unknown cilium/ebpf version '$version' (0.9 or 0.22)" >&2
	exit 2 ;;
esac
if [ ! -d "$gocode/github.com/cilium/ebpf/perf" ]; then
	echo "$0: no cilium/ebpf sources in $gocode (golang-github-cilium-ebpf-dev)" >&2
	exit 1
fi
have=$(sed -n 's/^const Version = "\(.*\)"/\1/p' \
	"$gocode/github.com/cilium/ebpf/internal/version.go" 2>/dev/null || true)

tree=$O/go-readers/cilium-$version
rm -rf "$tree"
mkdir -p "$tree/src/github.com/cilium" "$tree/src/ringcheck/cilium" \
	"$(dirname "$out")"
# the package's tree copied (the adapter is added to the copy), every
# other import path of the Debian tree linked
cp -r "$gocode/github.com/cilium/ebpf" "$tree/src/github.com/cilium/ebpf"
for d in "$gocode"/*; do
	[ "$(basename "$d")" = github.com ] && continue
	ln -s "$d" "$tree/src/$(basename "$d")"
done
for d in "$gocode"/github.com/*; do
	[ "$(basename "$d")" = cilium ] && continue
	ln -s "$d" "$tree/src/github.com/$(basename "$d")"
done
cp "$here/cilium-$version/ringcheck_adapter.go" \
	"$tree/src/github.com/cilium/ebpf/perf/"
cp "$here/main.go" "$tree/src/ringcheck/cilium/"

cd "$tree/src/ringcheck/cilium"
env -u GOFLAGS GO111MODULE=off GOPROXY=off GOTOOLCHAIN=local \
	GOROOT="$goroot" GOPATH="$tree" GOCACHE="$O/go-cache/$version" \
	CGO_ENABLED=1 CGO_CFLAGS="-O2 -g -I$RC/reader/include" \
	"$goroot/bin/go" build -buildmode=c-shared -o "$out" .
rm -f "${out%.so}.h"
echo "$0: $(basename "$out"): cilium/ebpf ${have:-$version} with $("$goroot/bin/go" version | cut -d' ' -f3)"
