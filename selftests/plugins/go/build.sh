#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds the Go test plugin (reference_go.go) as a c-shared library, one
# variant a library: build.sh O VARIANT OUT.so. The reference reader is
# linked in with its entry renamed, as for the wild plugins. Offline: no
# module, no proxy; the Go caches in O.
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: $0 O VARIANT OUT.so" >&2; exit 2; }
O=$(realpath -m "$1") variant=$2 out=$(realpath -m "$3")
RC=$(cd "$(dirname "$0")/../../.." && pwd)
GO=${GO:-go}
obj=$O/go-plugin-test
mkdir -p "$obj" "$(dirname "$out")"
for src in reader/reference_plugin.c reader/ring_reader.c \
	   reader/evlist_reader.c; do
	${CC:-cc} -std=gnu11 -O2 -g -fPIC -D_GNU_SOURCE -I"$RC/reader" \
		-I"$RC/reader/include" \
		-Dringcheck_reader=reference_ringcheck_reader \
		-c "$RC/$src" -o "$obj/$(basename "$src" .c).o"
done
# an archive: cgo passes CGO_LDFLAGS to more than one link
rm -f "$obj/reference.a"
ar rcs "$obj/reference.a" "$obj"/*.o
cd "$RC/selftests/plugins/go"
GO111MODULE=off GOPROXY=off GOFLAGS= GOPATH=$O/go-path \
GOCACHE=$O/go-cache CGO_ENABLED=1 \
CGO_CFLAGS="-I$RC/reader/include" \
CGO_LDFLAGS="$obj/reference.a" \
	"$GO" build -buildmode=c-shared -ldflags "-X main.variant=$variant" \
	-o "$out" reference_go.go
rm -f "${out%.so}.h"
