#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make coverage: gcc --coverage build under build/coverage, the simulated
# suites, a full conformance run (and a quick one through the version-1
# and the callback builds of the reference reader), the installed
# ringcheck with its kernel row, the path overrides and the kernel tests,
# then lcov with
# branch coverage over reader/, fake_ring/ and engine/: HTML in
# build/coverage/html, the summary table written into COVERAGE.md, and a
# failure below the floors in ci/coverage-floor.
set -uo pipefail
O=build/coverage
lcov_opts=(--rc lcov_branch_coverage=1 --quiet)

rm -rf "$O"
mkdir -p "$O"
build=(make -s --no-print-directory O="$O" CC=gcc
       EXTRA_CFLAGS="--coverage -O0 -DRINGCHECK_COVERAGE" EXTRA_LDFLAGS="--coverage")
"${build[@]}" all kselftest-build >"$O.build.log" 2>&1 ||
	{ tail -20 "$O.build.log"; exit 1; }
"$O/selftests/sim_tests" >"$O/sim.log" 2>&1 || echo "coverage: sim tests failed"
"$O/selftests/fault_tests" >"$O/faults.log" 2>&1 || echo "coverage: fault tests failed"
"$O/ringcheck" run --sim-only >"$O/run.log" 2>&1 || echo "coverage: run failed"
# the other entries of the ABI: given the mapping (v1), the callback
for p in reference-v1 reference-callback; do
	"$O/ringcheck" run --sim-only --quick --reader "$O/plugins/$p.so" \
		>"$O/run-$p.log" 2>&1 || echo "coverage: run of $p failed"
done
# a reader that exits in every case (exit 1 is its verdict): each
# replacement is forked by the fork server's template (runner/)
"$O/ringcheck" run --sim-only --quick --family lifetime \
	--reader "$O/plugins/wild-exit-in-read.so" >"$O/run-wild.log" 2>&1
[ $? -eq 1 ] || echo "coverage: run of wild-exit-in-read failed"
# sim folds ledger rows that can no longer matter every 2^20 rows
# (the ring it draws is not needed: its errors are)
"$O/ringcheck" sim --data-size 65536 --mode fwd-ro w8x2200000 c \
	>/dev/null 2>"$O/sim-fold.log" || echo "coverage: sim failed"
"$O/ringcheck" sim --data-size 4096 --mode fwd-rw w40x2200000:3 c w40:3 \
	>/dev/null 2>>"$O/sim-fold.log" || echo "coverage: sim failed"
"$O/ringcheck" stress --records 60000 --kernel-faults 20000 >"$O/stress.log" 2>&1 ||
	echo "coverage: stress failed"
ci/tracefs.sh
# the parts found in an install tree (with the kernel row), and through
# the environment (engine/scenario/paths.c)
"${build[@]}" install PREFIX="$(pwd)/$O/prefix" >>"$O.build.log" 2>&1 ||
	{ tail -20 "$O.build.log"; exit 1; }
"$O/prefix/bin/ringcheck" run --family kernel-images \
	>"$O/installed.log" 2>&1 || echo "coverage: installed run failed"
RINGCHECK_LIBEXECDIR="$O" RINGCHECK_FIXTURES=fixtures/kernel \
	"$O/ringcheck" run --sim-only --family kernel-images \
	>"$O/env.log" 2>&1 || echo "coverage: run with RINGCHECK_* paths failed"
for t in "$O"/kselftest/*_test; do
	t=$(readlink -f "$t")
	(cd "$O/kselftest" && "$t" >"$t.log" 2>&1)
done
lcov "${lcov_opts[@]}" --capture --directory "$O" --directory . \
	--output-file "$O/all.info" 2>"$O/lcov.log"
top=$(pwd)
lcov "${lcov_opts[@]}" --extract "$O/all.info" "$top/reader/*.c" \
	"$top/fake_ring/*" "$top/engine/*" --output-file "$O/ringcheck.info" \
	2>>"$O/lcov.log"
# the documented example plugin is not the reference reader
lcov "${lcov_opts[@]}" --remove "$O/ringcheck.info" "$top/reader/example/*" \
	--output-file "$O/ringcheck.info" 2>>"$O/lcov.log"
genhtml --branch-coverage --quiet --output-directory "$O/html" \
	"$O/ringcheck.info" 2>>"$O/lcov.log"

# per folder: lines hit/found, branches hit/found
summary() {
	lcov "${lcov_opts[@]}" --extract "$O/ringcheck.info" "$top/$1/*.c" \
		--output-file "$O/$1.info" 2>>"$O/lcov.log"
	awk -F: '/^LF:/{lf+=$2} /^LH:/{lh+=$2} /^BRF:/{bf+=$2} /^BRH:/{bh+=$2}
		END {printf "%s %d %d %d %d\n", "'"$1"'", lh, lf, bh, bf}' "$O/$1.info"
}
table="| folder | lines | branches |\n|---|---|---|\n"
fail=0
while read -r dir lh lf bh bf; do
	lp=$(awk "BEGIN{printf \"%.1f\", 100*$lh/($lf?$lf:1)}")
	bp=$(awk "BEGIN{printf \"%.1f\", 100*$bh/($bf?$bf:1)}")
	table+="| $dir/ | $lp% ($lh of $lf) | $bp% ($bh of $bf) |\n"
	floor=$(awk -v d="$dir" '$1==d {print $2, $3}' ci/coverage-floor)
	if [ -n "$floor" ]; then
		set -- $floor
		if awk "BEGIN{exit !($lp < $1 || $bp < $2)}"; then
			echo "coverage: $dir/ below its floor: lines $lp% (floor $1%), branches $bp% (floor $2%)"
			fail=1
		fi
	fi
done < <(for d in reader fake_ring engine; do summary "$d"; done)
printf '%b' "$table"
# between the markers in COVERAGE.md
awk -v t="$(printf '%b' "$table")" '
	/<!-- coverage:begin -->/ {print; print t; skip=1; next}
	/<!-- coverage:end -->/ {skip=0}
	!skip {print}' COVERAGE.md >"$O/COVERAGE.md" && cp "$O/COVERAGE.md" COVERAGE.md
echo "html: $O/html/index.html"
echo "# ringcheck-totals coverage passed=$((1 - fail)) failed=$fail skipped=0"
exit $fail
