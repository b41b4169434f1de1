#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The differential test must be able to fail on wakeups: against a fake_ring
# whose watermark test is >= where the kernel's (__perf_output_begin()) is a
# strict >, it must report a readiness mismatch, and nothing else. Passes
# when the planted fault is caught; a skip when the real test skips (no
# perf events here).
set -uo pipefail

O=${1:-build}
bin="$O/selftests/differential-watermark-ge"
count=${RINGCHECK_PLANTED_COUNT:-200}

out=$("$bin" -n "$count" 2>&1)
rc=$?
if grep -q '^differential: SKIP' <<<"$out"; then
	grep '^differential: SKIP' <<<"$out"
	echo "# ringcheck-totals differential-planted passed=0 failed=0 skipped=1"
	exit 0
fi
diffs=$(grep -c 'first difference' <<<"$out")
wakes=$(grep -c 'first difference.*: readiness (' <<<"$out")
if [ "$rc" -eq 1 ] && [ "$wakes" -gt 0 ] && [ "$wakes" -eq "$diffs" ]; then
	echo "planted >= in the watermark test: caught in $wakes of $count sequences"
	grep -m 1 'first difference' <<<"$out"
	echo "# ringcheck-totals differential-planted passed=1 failed=0 skipped=0"
	exit 0
fi
printf '%s\n' "$out" | tail -n 20
echo "planted >= in the watermark test: NOT caught (exit $rc, $wakes readiness" \
     "mismatches of $diffs)"
echo "# ringcheck-totals differential-planted passed=0 failed=1 skipped=0"
exit 1
