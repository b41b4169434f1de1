#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make check: runs every test program and adds up their totals. Each program
# ends with a line "# ringcheck-totals NAME passed=P failed=F skipped=S".
# Prints the plain line "N passed, N failed, N skipped"; exits 1 on any
# failure.
set -uo pipefail

O=${1:-build}
passed=0 failed=0 skipped=0 broken=0
failing=()

run() {
	local name=$1 out rc line
	shift
	echo "== $name: $*"
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	line=$(printf '%s\n' "$out" | grep '^# ringcheck-totals' | tail -n 1)
	if [ -z "$line" ]; then
		echo "!! $name printed no totals (exit $rc): counted as one failure"
		failed=$((failed + 1))
		failing+=("$name")
		broken=1
		return
	fi
	local p f s
	p=$(sed -n 's/.*passed=\([0-9]*\).*/\1/p' <<<"$line")
	f=$(sed -n 's/.*failed=\([0-9]*\).*/\1/p' <<<"$line")
	s=$(sed -n 's/.*skipped=\([0-9]*\).*/\1/p' <<<"$line")
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "!! $name exited $rc with no failed test: counted as one failure"
		failed=$((failed + 1))
		f=1
	fi
	[ "$f" -eq 0 ] || failing+=("$name")
}

# arrows only point down: includes against the layers (ci/check_layers.sh)
run layers selftests/layers/test_layers.sh
run sim "$O/selftests/sim_tests"
run faults "$O/selftests/fault_tests"
run conformance "$O/ringcheck" run --sim-only
# case ids and their scenarios, as digested (selftests/cases)
run cases selftests/cases/check_digests.sh "$O"
# the counts README.md states, against what runs
run readme-counts ci/readme_counts.sh "$O"
# the reports, the command line, sim memory (selftests/reports)
run reports selftests/reports/run_reports.sh "$O"
# the conformance report by language, and a planted fault in it
run languages selftests/reports/languages_test.sh "$O"
# --baseline, --expect, ringcheck diff; the README's CI recipes
run baseline selftests/baseline/baseline_test.sh "$O"
run recipes selftests/baseline/recipes_test.sh "$O"
# a correct reader the project did not derive from its own, through both
# ABI versions, on every family and the kernel tests: no false failure
run independent "$O/ringcheck" run --reader "$O/plugins/independent.so" \
	--reader "$O/plugins/independent-v2.so"
run reference-v1 "$O/ringcheck" run --sim-only --quick \
	--reader "$O/plugins/reference-v1.so"
run wild selftests/plugins/run_wild.sh "$O"
# readers that fail every case, ended by --breaker within 90 s each
run breaker selftests/plugins/run_breaker.sh "$O"
# a Go runtime in a plugin: its fault handlers at load, declared (SKIP
# without a Go toolchain)
run go-plugins selftests/plugins/go/run_go.sh "$O"
# what a plugin declares, the ABI's source compatibility, all-skipped runs
run caps selftests/plugins/run_caps.sh "$O"
# planted faults the verdicts must name: a record past the head, a read
# past the reader's own mapping, a crash's place (selftests/plugins)
run verdicts selftests/plugins/run_verdicts.sh "$O"
run stress make -s --no-print-directory O="$O" stress
run stress-small make -s --no-print-directory O="$O" stress \
	READER=selftests/stress/small_reader.c
run stress-plugin "$O/ringcheck" stress --records 100000 --kernel-faults 40000
run mutants selftests/mutants/run_mutants.sh "$O"
# ringcheck run --scenario: fuzz inputs replayed, bad files refused
run scenario-replay selftests/fuzz/scenario_replay_test.sh "$O"
# make fuzz READER=... finds bug-zoo mutants, and --scenario replays them
run fuzz-mutants make -s --no-print-directory O="$O" fuzz-mutants-quick
run kernel make -s --no-print-directory O="$O" kselftest
# cilium/ebpf's perf.Reader on this kernel, for the versions make
# go-readers built (a SKIP for the others)
run cilium-kernel selftests/kernel/go/run.sh --built-only "$O"
run differential "$O/selftests/differential" -n 1000
# the same test against a planted fault in fake_ring's wakeups: it must fail
run differential-planted selftests/differential/planted.sh "$O"
# the build's own failure is named, with its last lines (ci/build_step.sh)
make -s --no-print-directory O="$O" upstream ||
	echo "!! make upstream failed: the upstream findings check will fail"
run upstream selftests/upstream/expected_findings.sh "$O"
# your tree: libperf built from a copy of linux-source-6.12, a planted
# mmap.c bug rebuilt and found, the tree untouched; the cache leaves a
# user's directories alone; PERF= is the perf run; git bisect run finds
# a planted commit (selftests/user_tree/; libbpf's: make tree-test-libbpf)
run tree-libperf selftests/user_tree/tree_test.sh libperf "$O"
run cache selftests/user_tree/cache_test.sh
run perf selftests/user_tree/perf_test.sh "$O"
run bisect selftests/user_tree/bisect_test.sh "$O"
# the kernel matrix's parts that need no boot: the ABI comparison of ring
# images, a user's kernel (KERNEL=) resolved and its config checked, what
# cannot be had being an error (after upstream: sid's lists are there),
# the kernel bisect step's skip and stop exits
run qemu-abi selftests/qemu/abi_diff_test.sh "$O"
run qemu-input selftests/qemu/kernel_input_test.sh "$O"
run qemu-rules selftests/qemu/rules_test.sh "$O"
run qemu-bisect-step selftests/qemu/bisect_step_test.sh "$O"
# the findings' standalone reproducers, built and run on this kernel
run findings make -s --no-print-directory O="$O" findings
# make install into a temporary prefix, run with the source tree gone
run install selftests/install/install_test.sh "$O"
# every fuzz corpus input and every crash kept as a regression
run fuzz-replay make -s --no-print-directory O="$O" fuzz-replay

# where to look: each failing program's section starts "== NAME:"
[ ${#failing[@]} -eq 0 ] || echo "!! failed: ${failing[*]}"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$broken" -eq 0 ]
