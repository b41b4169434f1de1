#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make asan / make ubsan: everything rebuilt with clang and the sanitizer
# under build/<variant>/, then the simulated suites, a quick conformance
# run and the kernel tests; any finding fails.
set -uo pipefail
variant=$1
O=build/$variant
case $variant in
asan)	flags="-fsanitize=address -fno-omit-frame-pointer" ;;
ubsan)	flags="-fsanitize=undefined -fno-sanitize-recover=all" ;;
*)	echo "usage: ci/sanitize.sh asan|ubsan" >&2; exit 2 ;;
esac
# a reader that faults on purpose (test plugins, guard pages) dies of the
# signal, as without the sanitizer; leaks are findings
export ASAN_OPTIONS=handle_segv=0:detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:handle_segv=0

mkdir -p "$O"
make -s --no-print-directory O="$O" CC=clang EXTRA_CFLAGS="$flags" \
	EXTRA_LDFLAGS="$flags" all kselftest-build >"$O.build.log" 2>&1 || {
	tail -20 "$O.build.log"
	echo "# ringcheck-totals $variant passed=0 failed=1 skipped=0"
	exit 1
}
prefix=$variant
. ci/steps.sh
# one process a suite: LeakSanitizer's own tracer faulted ("LeakSanitizer
# has encountered a fatal error", the tracer's SIGSEGV) at the exit of the
# whole run, after every test had passed, once the run had made enough
# threads and mappings; each suite alone checks its leaks cleanly
suites=$("$O/selftests/sim_tests" --list)
# no suite listed is no test run: a failure, not a pass
step sim-list test -n "$suites"
while IFS= read -r suite; do
	[ -n "$suite" ] || continue
	step "sim-${suite// /-}" "$O/selftests/sim_tests" "$suite"
done <<<"$suites"
step conformance "$O/ringcheck" run --quick --sim-only
for t in "$O"/kselftest/*_test; do
	step "$(basename "$t")" "$t"
done
totals
