#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The case counts README.md states for `make run` ("the run (N cases: S
# simulated, K kernel tests)") against what this ringcheck enumerates
# (`ringcheck run --list`: the families at full bounds, and the kernel
# row as its programs list it), so that the README cannot drift from what
# runs. The kernel count is this machine's (libbpf_test exists where
# libbpf is installed, as make check installs it).
# usage: ci/readme_counts.sh [O]
set -uo pipefail

O=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
rc="$top/$O/ringcheck"
[ -x "$rc" ] || rc=$(cd "$O" && pwd)/ringcheck
passed=0 failed=0 skipped=0

check() {	# check NAME README-VALUE ACTUAL
	if [ -n "$2" ] && [ "$2" = "$3" ]; then
		echo "ok - README: $1 $2"
		passed=$((passed + 1))
	else
		echo "not ok - README says $1 ${2:-(not found)}, ringcheck run --list ${3:-(nothing)}"
		failed=$((failed + 1))
	fi
}

line=$(grep -o 'the run ([0-9]* cases: [0-9]* simulated, [0-9]* kernel tests)' \
	"$top/README.md" | head -n 1)
list=$("$rc" run --list 2>/dev/null)
sim=$(awk '$1 != "family" && $1 != "kernel" && $1 != "total" &&
	   $2 ~ /^[0-9]+$/ { s += $2 } END { print s }' <<<"$list")
kern=$(awk '$1 == "kernel" { print $2 }' <<<"$list")
total=$(awk '$1 == "total" { print $2 }' <<<"$list")
check "cases" "$(sed -n 's/the run (\([0-9]*\) cases.*/\1/p' <<<"$line")" "$total"
check "simulated" "$(sed -n 's/.*: \([0-9]*\) simulated.*/\1/p' <<<"$line")" "$sim"
if [ "$kern" = - ]; then
	echo "ok - # SKIP README: kernel tests: the kernel tests are not built"
	skipped=$((skipped + 1))
else
	check "kernel tests" \
		"$(sed -n 's/.*, \([0-9]*\) kernel tests.*/\1/p' <<<"$line")" "$kern"
fi
echo "# ringcheck-totals readme-counts passed=$passed failed=$failed skipped=$skipped"
[ "$failed" -eq 0 ]
