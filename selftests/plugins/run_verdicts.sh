#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The verdicts of readers with one planted fault each, and of correct ones
# where the contract had contradicted itself (issue 23):
#  - past-head(-v2).so returns a record running past data_head: it fails
#    the hostile cases of clause 6, named size-past-head (25);
#  - the independent reader passes hostile-push (a head behind it answered
#    with nothing new, clause 1.4 = 3.1);
#  - past-window.so walks a backward ring past the window: named
#    record-past-window (4), a backward class, never a forward drain (12);
#  - read-past-v2.so reads past its own mapping: it faults on the guard
#    page the suite puts there;
#  - a crash replay shows the call (marked among the steps) and the
#    faulting address, and the JSON report of a run carries it; the same
#    for a merged reader (test-evlist-crash.so) over many rings.
set -uo pipefail

O=${1:-build}
RC=$(cd "$(dirname "$0")/../.." && pwd)
RINGCHECK=$RC/$O/ringcheck
PLUGINS=$RC/$O/plugins
prefix=verdicts
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$RC/ci/steps.sh"

# exit 1, and the output has every pattern after the first two args
fails_with() {
	local out=$1 rc=$2

	shift 2
	[ "$rc" -eq 1 ] || { echo "exit $rc"; tail -n 5 "$out"; return 1; }
	for p in "$@"; do
		grep -q -- "$p" "$out" || { echo "no \"$p\""; return 1; }
	done
}

for so in past-head past-head-v2; do
	for c in hostile-0.4096.11.0 hostile-0.4096.11.3 hostile-1.4096.11.0; do
		"$RINGCHECK" run --case "$c" --reader "$PLUGINS/$so.so" \
			>"$tmp/out" 2>&1
		check "$so fails $c: size-past-head (25)" \
			fails_with "$tmp/out" $? "size-past-head (25)"
	done
done

"$RINGCHECK" run --sim-only --family overwrite \
	--reader "$PLUGINS/past-window.so" >"$tmp/out" 2>&1
check "a walk past the backward window is named record-past-window (4)" \
	fails_with "$tmp/out" $? "^  1. overwrite-cut, contract 2 .*record-past-window (4)"
check "... and never a forward drain" \
	bash -c "! grep -q 'unbounded-drain\|contract 1 (forward' '$tmp/out'"

for so in independent independent-v2 behind-nothing; do
	"$RINGCHECK" run --sim-only --family hostile-push \
		--reader "$PLUGINS/$so.so" >"$tmp/out" 2>&1
	check "$so passes hostile-push (head behind: 1 or -1)" \
		grep -Eq '^  total +([0-9]+) +\1 +0 +0' "$tmp/out"
done

# a 16 KiB data area: a read one header past it leaves the page
"$RINGCHECK" run --case forward-16384.1.8200.0.0 \
	--reader "$PLUGINS/read-past-v2.so" >"$tmp/out" 2>&1
check "a read past the reader's own mapping faults on a guard page" \
	fails_with "$tmp/out" $? "crashed during the case (SIGSEGV): in" \
	"in the guard page after the data area (0 bytes past its end)"

# test-crash.so: read_event dies of SIGSEGV on its third call
"$RINGCHECK" run --case wrap-64.16.24.1 --reader "$PLUGINS/test-crash.so" \
	>"$tmp/out" 2>&1
check "a crash replay marks the call and names the address" \
	fails_with "$tmp/out" $? "^  >>  12 read_event" \
	"in read_event\* at step 12, address 0x" "^ring " \
	"crashed during the case (signal 11"
"$RINGCHECK" run --sim-only --family wrap --reader "$PLUGINS/test-crash.so" \
	--json "$tmp/r.json" >"$tmp/out" 2>&1
check "the JSON report carries the place of a crash" \
	fails_with "$tmp/out" $? "at step [0-9]*, address 0x"
check "... in the case's message" grep -Eq '"message": *"the reader crashed during the case \(SIGSEGV\): in [^"]* at step [0-9]+, address 0x' "$tmp/r.json"

# test-evlist-crash.so: its second round reads past ring 0's data area
"$RINGCHECK" run --case evlist-rings-1.4096.1.0 \
	--reader "$PLUGINS/test-evlist-crash.so" >"$tmp/out" 2>&1
check "an evlist crash replay marks the round and names the guard page" \
	fails_with "$tmp/out" $? "^=>   5 read_round" \
	"in read_round at step 5, address 0x[0-9a-f]* in ring 0: the guard page after the data area (0 bytes past its end)" \
	"^cpu 0's ring " "crashed during the case (signal 11"

totals
