#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The suite against the readers people ship: each finding recorded in
# COVERAGE.md must still be found by its case, and a family where a reader
# is right must still pass. libperf's are kept as expectations files
# (expect/), judged by ringcheck run --expect --strict; BCC's and libbpf's
# by the cases below (BCC's whole run takes minutes: its hangs). A change
# that makes ringcheck stop seeing an upstream bug fails here, as does one
# that makes it see bugs that are not there.
set -uo pipefail

O=${1:-build}
rc="$O/ringcheck"
here=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0 skipped=0

# tally READER WHAT WANT GOT WHY: one check's line and count
tally() {
	if [ "$4" -eq "$3" ]; then
		echo "ok   $1 $2: $5"
		pass=$((pass + 1))
	else
		echo "FAIL $1 $2: expected exit $3, got $4 ($5)"
		fail=$((fail + 1))
	fi
}

# expect READER CASE-or---family=NAME WANT(0 pass, 1 fail, 2 all skipped) WHY
expect() {
	if [[ $2 == --family=* ]]; then
		"$rc" run --sim-only --reader "$O/plugins/$1.so" \
			--family "${2#--family=}" >/dev/null 2>&1
	else
		"$rc" run --reader "$O/plugins/$1.so" --case "$2" \
			>/dev/null 2>&1
	fi
	tally "$1" "$2" "$3" $? "$4"
}

# expect_stress READER WANT WHY: ringcheck stress, the simulated part
expect_stress() {
	"$rc" stress --sim-only --records 60000 --reader "$O/plugins/$1.so" \
		>/dev/null 2>&1
	tally "$1" stress "$2" $? "$3"
}

# the readers `make upstream` builds (LIBPERF_VERSIONS in the Makefile);
# BCC's if libbpfcc-dev is installed
libperf_versions=${LIBPERF_VERSIONS:-5.10 6.1 6.12 7.2}
bcc=$(ls "$O"/plugins/bcc-*.so 2>/dev/null | head -n 1)
bcc=$(basename "${bcc:-none}" .so)
[ "$bcc" != none ] || { echo "skip bcc: libbpfcc-dev not installed"; bcc=; }

# libperf: the whole simulated run of each version against its
# expectations file (expect/libperf-V.expect, docs/expectations.md), with
# --strict: a failure the file does not list, a finding that no longer
# fails, or a count that changes is a failure here
for v in $libperf_versions; do
	r=libperf-$v
	file=$here/expect/$r.expect
	if [ ! -f "$file" ]; then
		tally $r expectations 0 2 "no $file: write it from a run"
		continue
	fi
	out=$("$rc" run --sim-only --reader "$O/plugins/$r.so" \
		--expect "$file" --strict 2>&1)
	got=$?
	[ $got -eq 0 ] || printf '%s\n' "$out" | sed -n '/^expectations/,$p'
	tally $r "--expect $r.expect" 0 $got "its findings, counted"
done
# libbpf's perf_buffer of the newest linux-source, on simulated rings
for r in "$O"/plugins/libbpf-linux-*.so; do
	[ -e "$r" ] || continue
	r=$(basename "$r" .so)
	expect $r interleave-1.4096.1.0.2.6 1 \
		"finding 31: a head below the tail is walked"
	expect $r --family=wrap 0 "no false finding: wraps"
	expect $r --family=forward 0 "no false finding: forward"
	expect $r --family=kernel-images 0 "no false finding: kernel streams"
	expect $r --family=overwrite 2 "no backward rings: all skipped, nothing tested"
	expect_stress $r 0 "under a writer thread: drained by fd, clean"
done
if [ -n "$bcc" ]; then
	expect $bcc hostile-0.4096.0.0 1 "finding 21: size 0 spins"
	expect $bcc interleave-0.4096.1.2.8.1 1 \
		"finding 22: head reloaded after every record"
	expect $bcc hostile-0.4096.8.0 1 "finding 23: size 12 accepted"
	expect $bcc hostile-0.4096.17.0 1 "finding 24: head 2^32 ahead read"
	expect $bcc interleave-0.4096.1.0.4.7 1 \
		"finding 24: a head below the tail is walked (hangs)"
	expect $bcc --family=wrap 0 "no false finding: wraps"
	expect $bcc --family=forward 0 "no false finding: forward"
	expect $bcc --family=counters 0 "no false finding: counters"
	expect $bcc --family=pause 0 "no false finding: pause"
	expect $bcc --family=overwrite 2 "no backward rings: all skipped, nothing tested"
	expect $bcc --family=push 2 "no push: all skipped, nothing tested"
	# its limits: skipped, never failed; a lower head shown mid-drain
	# may end the drain (contract 1.4)
	expect $bcc lifetime-4096.32.2 2 \
		"skipped: 8-byte samples (raw-samples-only)"
	expect $bcc forward-16384.1.8.0.1 2 \
		"skipped: 16 KiB pages (host-page-size-only)"
	expect $bcc interleave-0.4096.1.0.2.7 0 \
		"stops at a lower head shown mid-drain: nothing new (1.4)"
	expect_stress $bcc 0 "under a writer thread: raw samples, clean"
fi
# cilium/ebpf's perf.Reader (Go), if `make go-readers` built it
for v in 0.9 0.22; do
	r=cilium-$v
	if [ ! -e "$O/plugins/$r.so" ]; then
		echo "skip $r: not built (make go-readers)"
		skipped=$((skipped + 1))
		continue
	fi
	expect $r interleave-0.4096.1.0.2.7 1 \
		"finding 70: a stale lower head panics (slice bounds)"
	expect $r hostile-0.4096.12.3 1 "finding 70: a lower head panics"
	expect $r hostile-0.4096.0.0 1 "finding 71: size 0 read as a sample"
	expect $r lost-4096.24.16.1.2 1 \
		"finding 71: a 40-byte LOST read as 24 bytes"
	expect $r hostile-0.4096.17.0 1 "finding 72: head 2^32 ahead read"
	expect $r --family=wrap 0 "no false finding: the wraps of whole pages"
	expect $r --family=counters 0 "no false finding: counters"
	expect $r --family=large-records 0 "no false finding: large records"
done
if [ -e "$O/plugins/cilium-0.22.so" ]; then
	expect cilium-0.22 --family=backward-window 0 \
		"no false finding: window edges"
	expect cilium-0.22 overwrite-4096.24.1.2 1 \
		"finding 73: a sample larger than an overwritable ring"
	expect cilium-0.22 backward-oversize-4096.6144.0.8.0.0 1 \
		"finding 73: its exhaustive family, a raw sample's words read"
	expect cilium-0.22 pause-1.4096.24.1.0 1 \
		"finding 71: a 40-byte LOST, overwritable"
fi
if [ -e "$O/plugins/cilium-0.9.so" ]; then
	expect cilium-0.9 overwrite-4096.24.1.2 2 \
		"no overwritable reader in 0.9: skipped, nothing tested"
	expect cilium-0.9 --family=backward-window 2 \
		"no overwritable reader in 0.9: all skipped, nothing tested"
fi
# the Rust readers (make rust-readers: sid's toolchain and crates)
if [ -e "$O/plugins/perf-event2.so" ]; then
	r=perf-event2
	expect $r lifetime-64.8.1 1 \
		"finding 80: next_record() reloads the head every record"
	expect $r interleave-0.64.1.0.1.0 1 \
		"finding 80: a record published mid-loop is read in it"
	expect $r interleave-0.64.1.0.4.6 1 \
		"finding 81: a head below the tail panics (abort)"
	expect $r --family=wrap 0 "no false finding: wraps"
	expect $r --family=forward 0 "no false finding: forward"
	expect $r --family=large-records 0 "no false finding: large records"
	expect $r --family=kernel-images 0 "no false finding: kernel streams"
	expect $r --family=overwrite 2 "no backward rings: all skipped, nothing tested"
else
	echo "skip perf-event2: not built (make rust-readers)"
	skipped=$((skipped + 1))
fi
# aya: a BPF map and a BPF-output event a case (root); about 20 cases/s,
# so single cases
if [ -e "$O/plugins/aya.so" ]; then
	r=aya
	expect $r interleave-1.4096.1.0.2.7 1 \
		"finding 82: a head below the tail, read_events() never returns"
	expect $r forward-4096.1.24.2.1 1 \
		"finding 83: LOST only as a sum per call"
	expect $r hostile-0.4096.0.0 1 \
		"finding 84: a raw size of 0 panics (aborts the plugin)"
	expect $r hostile-0.4096.17.0 1 \
		"finding 85: a head 2^32 ahead is read"
	expect $r forward-4096.2.40.1.1 0 "no false finding: two pages, filled"
	expect $r interleave-1.4096.1.0.1.1 0 \
		"no false finding: head loaded once a call"
	expect $r interleave-1.4096.1.0.2.4 0 \
		"no false finding: a reservation across calls"
	expect $r lifetime-4096.32.2 2 \
		"skipped: 8-byte samples (raw-samples-only)"
else
	echo "skip aya: not built (make rust-readers)"
	skipped=$((skipped + 1))
fi
echo "# ringcheck-totals upstream passed=$pass failed=$fail skipped=$skipped"
[ "$fail" -eq 0 ]
