#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make perf-tool: the perf tool tests (selftests/kernel/perf_*_test.c, one
# program per perf tool) against this machine's perf ("host": the one
# RINGCHECK_PERF names, make's PERF=, else perf in PATH), then against the
# perf of each Debian release named (a debootstrap chroot made by
# chroot_run.sh). Prints which perf ran where, and the totals line that
# ci/check.sh adds up; a suite that cannot be reached is a visible skip. A
# known perf defect met is an XFAIL naming its finding (a failure with
# RINGCHECK_PERF_STRICT=1). A perf that was asked for and ran no test (no
# perf, a suite that cannot be reached: every test skipped) is an error,
# not a pass, unless RINGCHECK_ALLOW_UNTESTED=1 says to tolerate it.
#
# usage: selftests/perf_tool/run.sh "TEST_PROGRAM..." [host] [SUITE...]
set -uo pipefail

[ $# -ge 2 ] || { echo "usage: $0 \"TEST_PROGRAM...\" [host] [SUITE...]" >&2; exit 2; }
read -r -a progs <<<"$1"
shift
here=$(dirname "$0")
pass=0 fail=0 skip=0 rc_all=0 summary=""

for where in "$@"; do
	tested=0
	for prog in "${progs[@]}"; do
		name=$(basename "$prog")
		echo "== $name on $where"
		if [ "$where" = host ]; then
			out=$("$prog" 2>&1)
		else
			# a release's own perf: a skip where it cannot record
			out=$(env -u RINGCHECK_PERF_REQUIRED \
				"$here/chroot_run.sh" "$where" "$prog" 2>&1)
		fi
		rc=$?
		printf '%s\n' "$out"
		totals=$(grep '^# Totals:' <<<"$out" | tail -n 1)
		version=$(grep -o 'perf version [^ ]*' <<<"$out" | head -n 1)
		[ "$where" = host ] && version=$(${RINGCHECK_PERF:-perf} --version 2>/dev/null)
		p=$(sed -n 's/.* pass:\([0-9]*\).*/\1/p' <<<"$totals")
		f=$(sed -n 's/.* fail:\([0-9]*\).*/\1/p' <<<"$totals")
		s=$(sed -n 's/.* skip:\([0-9]*\).*/\1/p' <<<"$totals")
		x=$(sed -n 's/.* xfail:\([0-9]*\).*/\1/p' <<<"$totals")
		if [ -z "$totals" ]; then
			# no harness run: the suite was skipped (4) or broke
			if [ "$rc" -eq 4 ]; then s=1 f=0; else s=0 f=1; fi
			p=0
		fi
		pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
		tested=$((tested + p + f + ${x:-0}))
		[ "$rc" -eq 0 ] || [ "$rc" -eq 4 ] || rc_all=1
		summary+="#   $where: ${version:-no perf} (exit $rc: pass $p, fail $f, skip $s, xfail ${x:-0}) $name"$'\n'
	done
	# a perf asked for that no program tested is not a pass
	if [ "$tested" -eq 0 ]; then
		if [ "${RINGCHECK_ALLOW_UNTESTED:-0}" = 1 ]; then
			echo "SKIP: the perf tool tests on $where ran no test" \
			     "(RINGCHECK_ALLOW_UNTESTED=1)"
		else
			echo "ERROR: the perf tool tests on $where ran no" \
			     "test: a perf asked for and not tested" \
			     "(RINGCHECK_ALLOW_UNTESTED=1 tolerates it)"
			fail=$((fail + 1)) rc_all=1
		fi
	fi
done
echo "# perf versions run:"
printf '%s' "$summary"
echo "# ringcheck-totals perf-tool passed=$pass failed=$fail skipped=$skip"
exit $rc_all
