#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Green means tested: what a plugin declares, and what a run that tested
# nothing ends with.
#  - a version-1 plugin source, rebuilt unchanged against today's header,
#    is judged exactly as the version-1 reference (same totals, exit 0);
#  - the same source built as version 2 declares nothing: refused at load
#    (exit 2, the message naming RINGCHECK_CAP_FORWARD);
#  - a version-2 source that names a version-2 field without defining
#    RINGCHECK_READER_ABI does not compile (rather than load as version 1);
#  - a forward-only reader releasing once a cycle: no kernel failure for
#    what it did not declare, each such test skipped naming it; a case
#    needing several capabilities it lacks names all of them;
#  - a run whose every selected case was skipped exits 2 and says so;
#  - a make target that needs ci/test_deps.sh, with a package missing,
#    stops at once with one line naming the script;
#  - make perf-tool's runner with no perf: an error unless tolerated.
# Prints one line per check and the totals line.
set -uo pipefail

O=${1:-build}
CC=${CC:-cc}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
rc="$top/$O/ringcheck"
[ -x "$rc" ] || rc=$(cd "$O" && pwd)/ringcheck
dir="$top/$O/caps"
passed=0 failed=0 skipped=0

ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
check() {	# check NAME COMMAND...: passes when the command succeeds
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
totals() { sed -n 's/.*\(passed=[0-9]* failed=[0-9]* skipped=[0-9]*\).*/\1/p' "$1" | tail -n 1; }
finish() {
	echo "# ringcheck-totals caps passed=$passed failed=$failed skipped=$skipped"
	[ "$failed" -eq 0 ]
	exit
}

rm -rf "$dir"
mkdir -p "$dir"
# a plugin author's compile line: the public header only, no define
cflags="-std=gnu11 -O2 -fPIC -shared -D_GNU_SOURCE -I$top/reader/include"
build() {	# build OUT SOURCE FLAGS...: SOURCE beside the renamed reference
	local out=$1 src=$2
	shift 2
	$CC $cflags -I"$top/reader" -Dringcheck_reader=reference_entry \
		-c -o "$dir/$out.ref.o" "$top/reader/reference_plugin.c" &&
	$CC $cflags "$@" -o "$dir/$out.so" "$src" "$dir/$out.ref.o" \
		"$top/reader/ring_reader.c" 2>"$dir/$out.log"
}
if ! build v1 "$here/v1_source_plugin.c" ||
   ! build v1-as-v2 "$here/v1_source_plugin.c" -DRINGCHECK_READER_ABI=2 ||
   ! build fwd "$here/declared_plugin.c" -DFORWARD_CYCLE ||
   ! build nocaps "$here/declared_plugin.c" -DNO_CAPS; then
	not_ok "the test plugins build"
	finish
fi

# --- source compatibility: version 1 rebuilt is judged as version 1
"$rc" run --sim-only --quick --reader "$dir/v1.so" >"$dir/v1.out" 2>&1
echo $? >"$dir/v1.rc"
"$rc" run --sim-only --quick --reader "$top/$O/plugins/reference-v1.so" \
	>"$dir/ref-v1.out" 2>&1
check "a version-1 source rebuilt today: exit 0" grep -qx 0 "$dir/v1.rc"
check "... the same totals as the version-1 reference ($(totals "$dir/v1.out"))" \
	test -n "$(totals "$dir/v1.out")" -a \
	"$(totals "$dir/v1.out")" = "$(totals "$dir/ref-v1.out")"
check "... and it runs cases (passed is not 0)" \
	grep -q "passed=[1-9]" "$dir/v1.out"

# --- a version-2 plugin that declares nothing is refused
for so in v1-as-v2 nocaps; do
	"$rc" run --sim-only --quick --family wrap --reader "$dir/$so.so" \
		>"$dir/$so.out" 2>&1
	echo $? >"$dir/$so.rc"
	check "$so: a version-2 plugin with caps 0 exits 2" \
		grep -qx 2 "$dir/$so.rc"
	check "$so: ... naming RINGCHECK_CAP_FORWARD and _OVERWRITE" \
		grep -q "RINGCHECK_CAP_FORWARD or RINGCHECK_CAP_OVERWRITE" \
		"$dir/$so.out"
done

# --- a version-2 field without the opt-in: a compile error naming it
printf '%s\n' '#include <ringcheck/reader.h>' \
	'struct ringcheck_reader_ops o = { .abi_version = 2, .caps = 1 };' \
	>"$dir/forgot.c"
check "a version-2 field without RINGCHECK_READER_ABI does not compile" \
	bash -c "! $CC $cflags -c -o $dir/forgot.o $dir/forgot.c 2>$dir/forgot.log"

# --- the kernel row honours what the reader declares
"$rc" run --kernel-only --tap --reader "$dir/fwd.so" >"$dir/fwd-kernel.out" 2>&1
echo $? >"$dir/fwd-kernel.rc"
if grep -q "not permitted\|kernel tests not built" "$dir/fwd-kernel.out"; then
	echo "ok - # SKIP the kernel row: $(grep -m1 'not permitted\|not built' "$dir/fwd-kernel.out")"
	skipped=$((skipped + 1))
else
	check "forward-cycle reader: no kernel failure (exit 0)" \
		grep -qx 0 "$dir/fwd-kernel.rc"
	check "... and it ran kernel tests (some passed)" \
		grep -q "^ok [0-9]* - forward-cycle kernel .*[a-z]\$" \
		"$dir/fwd-kernel.out"
	for t in flight_recorder_rounds:overwrite pause_backward:overwrite \
		 one_record_freed_is_not_enough:release-per-record \
		 wraps_consume_per_record:release-per-record; do
		check "... ${t%%:*} skipped: does not declare ${t#*:}" \
			grep -q "${t%%:*}.*SKIP.*does not declare: ${t#*:}" \
			"$dir/fwd-kernel.out"
	done
	check "... cycle_bounded_by_snapshot runs (once a cycle)" \
		bash -c "grep 'cycle_bounded_by_snapshot' $dir/fwd-kernel.out | grep -vq SKIP"
fi
check "perf_record_pingpong is not in a reader's row" \
	bash -c "! grep -q perf_record_pingpong $dir/fwd-kernel.out"

# --- a skip names every missing capability
"$rc" run --case push-1.64.0.8.0 --reader "$dir/fwd.so" \
	>"$dir/fwd-push.out" 2>&1
echo $? >"$dir/fwd-push.rc"
check "a backward push case of the forward-cycle reader names overwrite and push" \
	grep -q "unsupported: overwrite, push" "$dir/fwd-push.out"
check "... and --case of a skipped case is exit 2 (nothing tested)" \
	grep -qx 2 "$dir/fwd-push.rc"

# --- every selected case skipped: exit 2, said
"$rc" run --sim-only --family overwrite --reader "$dir/fwd.so" \
	>"$dir/fwd-ow.out" 2>&1
echo $? >"$dir/fwd-ow.rc"
check "every selected case skipped: exit 2" grep -qx 2 "$dir/fwd-ow.rc"
check "... saying nothing was tested" \
	grep -q "every selected case was skipped.*nothing was tested" \
	"$dir/fwd-ow.out"
"$rc" run --sim-only --family overwrite --family wrap --reader "$dir/fwd.so" \
	>"$dir/fwd-mixed.out" 2>&1
check "one family run beside one skipped: exit 0" test $? -eq 0
# --- a target needing the test dependencies, one missing (a package
# name that no system has): one line naming ci/test_deps.sh, exit 2
# --- make perf-tool with a perf that records nothing (/bin/false: every
# test skipped, as with no perf): an error, unless tolerated
# (RINGCHECK_ALLOW_UNTESTED=1)
if make -s --no-print-directory -C "$top" O="$O" \
	"$O/perf-tool/perf_tool_test" >"$dir/perf-build.log" 2>&1; then
	RINGCHECK_PERF=/bin/false "$top/selftests/perf_tool/run.sh" \
		"$top/$O/perf-tool/perf_tool_test" host >"$dir/perf.out" 2>&1
	check "perf-tool, a perf that runs no test: not a pass (exit $?)" test $? -ne 0
	check "... said: ran no test" grep -q "ERROR: .* ran no test" "$dir/perf.out"
	RINGCHECK_ALLOW_UNTESTED=1 RINGCHECK_PERF=/bin/false \
		"$top/selftests/perf_tool/run.sh" \
		"$top/$O/perf-tool/perf_tool_test" host >"$dir/perf-ok.out" 2>&1
	check "... tolerated with RINGCHECK_ALLOW_UNTESTED=1: exit 0, a SKIP" \
		bash -c "[ $? -eq 0 ] && grep -q '^SKIP: ' '$dir/perf-ok.out'"
else
	not_ok "perf_tool_test builds ($(tail -n 1 "$dir/perf-build.log"))"
fi

for target in conformance upstream; do
	RINGCHECK_TEST_DEPS_CHECK=ringcheck-no-such-package \
		make -s --no-print-directory -C "$top" O="$O" "$target" \
		>"$dir/deps-$target.out" 2>&1
	echo $? >"$dir/deps-$target.rc"
	check "make $target, a test dependency missing: exit 2" \
		grep -qx 2 "$dir/deps-$target.rc"
	check "... one line naming ./ci/test_deps.sh" \
		grep -q "^make $target needs the test dependencies (missing: ringcheck-no-such-package): run ./ci/test_deps.sh" \
		"$dir/deps-$target.out"
done
finish
