#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The version 2 seeds of the scenario fuzz target (engine/scenario/
# fuzz_input.h), written into DIR: one input for each shape version 1
# cannot say, so that the fuzzer starts from them rather than searching
# for the magic. Written here, byte by byte with what each byte means,
# rather than committed as binaries; make fuzz and fuzz_reader.sh add them
# to their copy of fixtures/corpus/scenario.
#
#	scenario_seeds.sh DIR
set -euo pipefail
dir=${1:?usage: scenario_seeds.sh DIR}
mkdir -p "$dir"

v2='\xfc\x02'	# FUZZ_INPUT_V2_MAGIC0, FUZZ_INPUT_V2_MAGIC1

seed() {	# NAME BYTES (printf escapes)
	printf '%b' "$2" >"$dir/$1"
}

# Byte 2: bit 0 backward, bits 1-2 the page size, bit 3 a family case;
# byte 3: data size 32 << n; byte 4: start and LOST trailer. Steps: op
# n % 10, a write's count 1 + n / 10 % 4, its size 8 * (1 + m) from the
# next two bytes, little-endian.

# 16 KiB forward: three 4096-byte records read, then one of 8200 that
# wraps 4096 bytes before the end (bugs 3 and 14)
seed v2-large-wrap "$v2\x00\x09\x00\x14\xff\x01\x02\x00\x00\x04\x02"
# the same backward: the 8200-byte record wraps 4104 bytes before the end
seed v2-large-wrap-bwd "$v2\x01\x09\x00\x14\xff\x01\x02\x00\x00\x04\x02"
# a record as large as the ABI allows (65528) in a 64 KiB ring, past a
# record of 64 (the large record wraps)
seed v2-largest "$v2\x00\x0b\x00\x00\x07\x00\x02\x00\xfe\x1f\x02"
# pages of 16 and 64 KiB, a data area of one page: two records of 64
# (bug 20)
seed v2-page-16k "$v2\x02\x09\x00\x0a\x07\x00\x02"
seed v2-page-64k "$v2\x04\x0b\x00\x0a\x07\x00\x02"
seed v2-page-16k-bwd "$v2\x03\x09\x00\x0a\x07\x00\x02"
# two records of 32 read, the head before the last shown again for a
# cycle, then a cycle with the true head (bug 10)
seed v2-stale-head "$v2\x00\x03\x00\x0a\x03\x00\x02\x09\x02"
# The hostile families' cases (byte 5: 0 hostile, 1 hostile-push; bytes
# 6-7 the case index, ((mode * 2 + data size) * 51 + kind) * 2 + good,
# data size 0 = 4096, good 1 = three good records), then two pull cycles
# and a push: after a hostile case only reader cycles are played.
hostile() {	# NAME FAMILY INDEX
	seed "$1" "$v2\x08\x00\x00$(printf '\\x%02x\\x%02x\\x%02x' \
		"$2" $(($3 & 255)) $(($3 >> 8)))\x02\x03\x04"
}
hostile v2-hostile-size-0 0 1		# a zero size (bug 8)
hostile v2-hostile-size-3 0 7
hostile v2-hostile-size-0-bwd 0 205
hostile v2-hostile-head-2-32 0 34	# 2^32 + 64 ahead (bug 9)
hostile v2-hostile-unaligned 0 36	# a writer without alignment (15)
hostile v2-hostile-push-size-0 1 1	# bug 8 under push
hostile v2-hostile-push-size-1 1 3
hostile v2-hostile-push-past-end 1 23
# garbage over a backward ring's oldest bytes, the push at the head of
# the pull cycles before it: nothing new (1), or the fault again (-1)
hostile v2-hostile-garbage-bwd 0 255
