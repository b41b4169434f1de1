#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make valgrind: the simulated suites, a quick conformance run and the
# kernel tests under memcheck; any error fails (--error-exitcode).
set -uo pipefail
O=${1:-build}
vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite --trace-children=yes
    --suppressions=ci/valgrind.supp)
fail=0 pass=0

step() {
	local name=$1
	shift
	if "$@" >"$O/valgrind-$name.log" 2>&1; then
		echo "ok   valgrind $name"
		pass=$((pass + 1))
	else
		echo "FAIL valgrind $name (exit $?): $O/valgrind-$name.log"
		grep -m 20 -E '^==[0-9]+==' "$O/valgrind-$name.log"
		fail=$((fail + 1))
	fi
}

# the CUnit suites; engine and CLI tests fork and exec ringcheck too
step sim "${vg[@]}" "$O/selftests/sim_tests" fake_ring_kernel \
	fake_ring_properties fake_ring_errors reader reader_hostile \
	kernel_images
step conformance "${vg[@]}" "$O/ringcheck" run --quick --sim-only --jobs 2 \
	--timeout 60000
for t in "$O"/kselftest/*_test; do
	step "$(basename "$t")" "${vg[@]}" "$t"
done
echo "# ringcheck-totals valgrind passed=$pass failed=$fail skipped=0"
[ "$fail" -eq 0 ]
