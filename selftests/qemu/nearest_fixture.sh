#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The committed ring images (fixtures/kernel/<release>/) to hold a kernel's
# captures against: those of the same release if there are any, otherwise
# of the nearest version on the same architecture (major.minor first, then
# the patch level; arm64 fixtures are named *-arm64).
# usage: selftests/qemu/nearest_fixture.sh RELEASE amd64|arm64 [FIXTURES]
# Prints the directory; exit 1 when there is none for that architecture.
set -uo pipefail

[ $# -ge 2 ] || { echo "usage: $0 RELEASE amd64|arm64 [FIXTURES]" >&2; exit 2; }
release=$1 arch=$2
fixtures=${3:-$(dirname "$0")/../../fixtures/kernel}

# "major minor patch" of a release string (6.1.0-56-cloud-amd64: 6 1 0)
version() {
	sed -E -n 's/^([0-9]+)\.([0-9]+)(\.([0-9]+))?.*/\1 \2 \4/p' <<<"$1" |
		awk '{ print $1, $2, ($3 == "" ? 0 : $3) }'
}

if [ -d "$fixtures/$release" ]; then
	echo "$fixtures/$release"
	exit 0
fi
read -r maj min pat <<<"$(version "$release")"
[ -n "${maj:-}" ] || { echo "$0: '$release' has no version number" >&2; exit 1; }
best=""
for d in "$fixtures"/*/; do
	d=${d%/}
	name=$(basename "$d")
	case $name in
	*-arm64) [ "$arch" = arm64 ] || continue ;;
	*) [ "$arch" = amd64 ] || continue ;;
	esac
	read -r fmaj fmin fpat <<<"$(version "$name")"
	[ -n "${fmaj:-}" ] || continue
	dmin=$(( (fmaj - maj) * 1000 + fmin - min ))
	dpat=$(( fpat - pat ))
	echo "${dmin#-} ${dpat#-} $d"
done | sort -n -k1,1 -k2,2 | head -n 1 | cut -d' ' -f3- | grep . ||
	{ echo "$0: no fixtures for $arch in $fixtures" >&2; exit 1; }
