#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The ABI comparison of ring images (ring_abi_diff) and the choice of the
# fixtures a kernel is held to (nearest_fixture.sh), without a kernel. The
# independent truth: the committed images of six real kernels (Debian 5.10
# to 7.2, amd64 and arm64, and a 6.18 host), which agree on the ABI and
# differ in every payload (pids, times, event ids), so every pair must
# compare equal; and copies of one image with one planted ABI change each
# (the LOST record one record later, a wrong lost count, a record's misc
# bits, the final head), each of which must be named.
# usage: selftests/qemu/abi_diff_test.sh [O]
set -uo pipefail

O=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
diff_tool=$O/selftests/ring_abi_diff
fixtures=$top/fixtures/kernel
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=qemu-abi
. "$top/ci/steps.sh"
[ -x "$diff_tool" ] || { echo "FAIL $prefix: $diff_tool is not built"; fail=1; totals; exit; }

# patch_data IMAGE OFFSET HEX: the image with the data area's bytes at
# ring offset OFFSET (wrapping at the end) replaced by HEX
patch_data() {
	awk -v off="$2" -v hex="$3" '
	$1 == "data_size" { size = $2 }
	$1 == "data" {
		s = $3
		for (j = 0; j < length(hex) / 2; j++) {
			p = (off + j) % size
			if (p < $2 || p >= $2 + 64)
				continue
			k = (p - $2) * 2 + 1
			s = substr(s, 1, k - 1) substr(hex, 2 * j + 1, 2) substr(s, k + 2)
		}
		print $1, $2, s
		next
	}
	{ print }' "$1"
}
# bytes IMAGE OFFSET N: the hex of N data area bytes at ring offset OFFSET
bytes() {
	awk -v off="$2" -v n="$3" '
	$1 == "data_size" { size = $2 }
	$1 == "data" { for (i = 0; i < 64; i++) b[$2 + i] = substr($3, 2 * i + 1, 2) }
	END { for (j = 0; j < n; j++) printf "%s", b[(off + j) % size]; print "" }' "$1"
}
# compares WANT FIXTURE CAPTURED PATTERN: ring_abi_diff exits WANT and,
# for a difference, names it with a line matching PATTERN
compares() {
	local want=$1 a=$2 b=$3 pattern=${4:-} out rc
	out=$("$diff_tool" "$a" "$b" 2>&1)
	rc=$?
	[ "$rc" -eq "$want" ] || { printf '%s\n' "$out"; return 1; }
	[ -z "$pattern" ] || grep -Eq -- "$pattern" <<<"$out" ||
		{ printf '%s\n' "$out"; return 1; }
}

base=$(ls -d "$fixtures"/6.12.*-amd64)
n=0 bad=0
for d in "$fixtures"/*/; do
	for ring in "$base"/*.ring; do
		n=$((n + 1))
		compares 0 "$ring" "$d/$(basename "$ring")" ||
			{ echo "  $(basename "$d")/$(basename "$ring") differs"; bad=1; }
	done
done
check "the $n images of six real kernels agree on the ABI" [ "$bad" -eq 0 ]

lost=$base/comm-fill-lost.ring
head=$(sed -n 's/^data_head //p' "$lost") tail=$(sed -n 's/^data_tail //p' "$lost")
# the data area from the tail: a LOST record, then the last COMM
first=$(bytes "$lost" "$tail" 40) second=$(bytes "$lost" $((tail + 40)) 40)
check "the fixture holds LOST then COMM at its tail" \
	[ "${first:0:8}" = 02000000 ] && [ "${second:0:8}" = 03000000 ]

patch_data "$lost" "$tail" "$second$first" >"$tmp/later.ring"
check "the LOST record one record later is named" \
	compares 1 "$lost" "$tmp/later.ring" \
	'data area record 1: fixture LOST of 198 .*, captured record type 3'

patch_data "$lost" $((tail + 16)) c7 >"$tmp/count.ring"
check "a LOST record reporting one more is named" \
	compares 1 "$lost" "$tmp/count.ring" 'fixture LOST of 198 .*captured LOST of 199'

patch_data "$lost" $((tail + 48)) 4242 >"$tmp/pid.ring"
sed -E '0,/^step w/s/^(step w .{16}).{4}/\14242/' "$tmp/pid.ring" >"$tmp/pid2.ring"
check "a payload change (the pid of a COMM) is not an ABI difference" \
	compares 0 "$lost" "$tmp/pid2.ring"
differ() { ! cmp -s "$1" "$2"; }
check "... and the planted payload is really there" \
	differ "$lost" "$tmp/pid2.ring"

sed -E '0,/^step w/s/^(step w .{8})0000/\10040/' "$base/comm-wrap.ring" \
	>"$tmp/misc.ring"
check "a written record's misc bits are named" \
	compares 1 "$base/comm-wrap.ring" "$tmp/misc.ring" \
	'step 1: fixture record type 3 \(misc 0, 40 bytes\), captured record type 3 \(misc 16384'

sed "s/^data_head $head\$/data_head $((head - 40))/" "$lost" >"$tmp/head.ring"
check "a different final head is named" \
	compares 1 "$lost" "$tmp/head.ring" "end: fixture head $head"

echo "not a ring image" >"$tmp/junk.ring"
check "an image that cannot be read: exit 2" compares 2 "$lost" "$tmp/junk.ring"

near() { "$top/selftests/qemu/nearest_fixture.sh" "$1" "$2" "$fixtures"; }
check "6.12.118 (a tree built here) is held to Debian's 6.12" \
	[ "$(basename "$(near 6.12.118 amd64)")" = "$(basename "$base")" ]
check "a release with fixtures of its own is held to them" \
	[ "$(basename "$(near 6.1.0-56-cloud-amd64 amd64)")" = 6.1.0-56-cloud-amd64 ]
check "5.4 is held to 5.10, the nearest" \
	[ "$(basename "$(near 5.4.0 amd64)")" = 5.10.0-43-cloud-amd64 ]
check "an arm64 kernel is held to arm64 fixtures" \
	[ "$(basename "$(near 6.12.0 arm64)")" = 7.2.13+deb14-cloud-arm64 ]
totals
