#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make valgrind: the simulated suites, a quick conformance run and the
# kernel tests under memcheck; any error fails (--error-exitcode). The perf
# tool the perf tool tests run is not ours, and too slow under memcheck.
set -uo pipefail
O=${1:-build}
# --fair-sched: memcheck runs one thread at a time, and its default lock
# lets a thread spinning on sched_yield() take it back at once; the
# two-CPU ping-pong (percpu_test) then starves the thread whose turn it
# is until the harness's timeout
vg=(valgrind -q --fair-sched=yes --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite --trace-children=yes
    --trace-children-skip='*/perf,*/perf_*'
    --suppressions=ci/valgrind.supp)
prefix=valgrind
. ci/steps.sh

# the CUnit suites; engine and CLI tests fork and exec ringcheck too
step sim "${vg[@]}" "$O/selftests/sim_tests" fake_ring_kernel \
	fake_ring_properties fake_ring_errors reader reader_hostile \
	kernel_images
step conformance "${vg[@]}" "$O/ringcheck" run --quick --sim-only --jobs 2 \
	--timeout 60000
for t in "$O"/kselftest/*_test; do
	step "$(basename "$t")" "${vg[@]}" "$t"
done
totals
