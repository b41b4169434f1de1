#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kernel-tree drop-in: selftests/kernel/ copied to
# tools/testing/selftests/ringcheck of a tree extracted from Debian's
# linux-source-VERSION package (the selftests framework: its Makefile,
# lib.mk, runner and harness), then run both ways the kernel documents:
#	make -C tools/testing/selftests TARGETS=ringcheck run_tests
#	make -C tools/testing/selftests TARGETS=ringcheck install, then
#	run_kselftest.sh -c ringcheck in the install directory
# Each must build, run every program and report no failure; the replay
# hint must match the harness (6.1 has no test filter).
# usage: ci/dropin_test.sh VERSION [O]
set -uo pipefail
cd "$(dirname "$0")/.."
v=$1
O=${2:-build}
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
name=dropin-$v
prefix=$name
. ci/steps.sh
mkdir -p "$O"
log=$(cd "$O" && pwd)/$name

deb=$(ci/kernel_sources.sh --deb "$v") || {
	check "linux-source-$v downloaded" false
	totals
	exit
}
sel=linux-source-$v/tools/testing/selftests
dpkg-deb --fsys-tarfile "$deb" |
	tar -x -C "$tmp" --wildcards '*/linux-source-*.tar.xz'
tar -xJf "$tmp"/usr/src/linux-source-*.tar.xz -C "$tmp" --wildcards \
	--no-wildcards-match-slash \
	"$sel/Makefile" "$sel/lib.mk" "$sel/*.sh" "$sel/*.h" \
	"$sel/kselftest/*" linux-source-$v/scripts/subarch.include \
	linux-source-$v/tools/scripts
rm -rf "$tmp/usr"
tree=$tmp/linux-source-$v
check "the selftests framework extracted" test -f "$tree/${sel#*/}/lib.mk"
mkdir "$tree/${sel#*/}/ringcheck"
(cd selftests/kernel && git ls-files -co --exclude-standard 2>/dev/null ||
	ls -A) | while read -r f; do
	cp "selftests/kernel/$f" "$tree/${sel#*/}/ringcheck/"
done

ci/tracefs.sh
make -C "$tree/tools/testing/selftests" TARGETS=ringcheck \
	RINGCHECK_SRC="$top" run_tests >"$log-run_tests.log" 2>&1
rc=$?
check "make run_tests exits 0 ($rc; $log-run_tests.log)" test "$rc" -eq 0
# every program ran, none failed: the TAP of the kernel's runner
n=$(grep -c '^ok [0-9]* selftests: ringcheck: ' "$log-run_tests.log")
check "run_tests: every program ok ($n; 'not ok': $(grep -c '^not ok' "$log-run_tests.log"))" \
	test "$n" -ge 2 -a "$(grep -c '^not ok' "$log-run_tests.log")" -eq 0
# the harness of 6.2 and later filters tests; 6.1's does not
case $v in
6.1)	hint="has no test filter" ;;
*)	hint="one test alone: comm_test -r global.TEST" ;;
esac
check "the replay hint fits the $v harness ('$hint')" \
	grep -q "$hint" "$log-run_tests.log"

make -C "$tree/tools/testing/selftests" TARGETS=ringcheck \
	RINGCHECK_SRC="$top" KSFT_INSTALL_PATH="$tmp/install" install \
	>"$log-install.log" 2>&1
rc=$?
check "make install exits 0 ($rc; $log-install.log)" test "$rc" -eq 0
(cd "$tmp/install" && ./run_kselftest.sh -c ringcheck) \
	>"$log-run_kselftest.log" 2>&1
rc=$?
n=$(grep -c '^ok [0-9]* selftests: ringcheck: ' "$log-run_kselftest.log")
check "run_kselftest.sh -c ringcheck: exit $rc, every program ok ($n)" \
	test "$rc" -eq 0 -a "$n" -ge 2 -a \
	"$(grep -c '^not ok' "$log-run_kselftest.log")" -eq 0
totals
