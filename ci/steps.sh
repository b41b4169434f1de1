# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the quality-gate and CI test scripts: step NAME COMMAND... runs
# one check with its output in $O/$prefix-NAME.log, counts it, and says
# where to look; check WHAT COMMAND... counts a check whose output the
# caller keeps, saying what it checked; totals prints the totals line.
pass=0
fail=0

step() {
	local name=$1 log="$O/${prefix}-$1.log"
	shift
	if "$@" >"$log" 2>&1; then
		echo "ok   $prefix $name"
		pass=$((pass + 1))
	else
		echo "FAIL $prefix $name (exit $?): $log"
		grep -m 20 -E '^==[0-9]+==|ERROR|runtime error|SUMMARY|not ok' "$log"
		fail=$((fail + 1))
	fi
}

check() {
	local what=$1
	shift
	if "$@"; then
		echo "ok   $prefix: $what"
		pass=$((pass + 1))
	else
		echo "FAIL $prefix: $what"
		fail=$((fail + 1))
	fi
}

totals() {
	echo "# ringcheck-totals $prefix passed=$pass failed=$fail skipped=0"
	[ "$fail" -eq 0 ]
}
