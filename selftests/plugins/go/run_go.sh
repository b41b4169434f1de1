#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A Go runtime in a plugin (reference_go.go, built by build.sh): Go's
# runtime installs SIGSEGV/SIGBUS handlers when its c-shared library is
# loaded. Checked:
#  declared    with RINGCHECK_CAP_RUNTIME_FAULT_HANDLERS, the reference
#              reader inside Go passes every case it runs;
#  undeclared  without it, refused at load for the runtime's handler (the
#              truth the flag rests on: Go does install one);
#  guard-read  declared, a Go reader that puts the runtime's handler back
#              in a call and recovers from a guard-page read fails.
# SKIP with the reason when there is no Go toolchain.
set -uo pipefail

O=${1:-build}
RC=$(cd "$(dirname "$0")/../../.." && pwd)
RINGCHECK=$RC/$O/ringcheck
GO=${GO:-go}
passed=0 failed=0 skipped=0

totals() {
	echo "# ringcheck-totals go-plugins passed=$passed failed=$failed skipped=$skipped"
	[ "$failed" -eq 0 ]
	exit
}

if ! command -v "$GO" >/dev/null; then
	echo "ok - go-plugins # SKIP no Go toolchain ($GO; Debian's golang-go)"
	skipped=1
	totals
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# check NAME WANT_RC WORD RINGCHECK-ARGS...
check() {
	local name=$1 want=$2 word=$3 so=$RC/$O/plugins/go-$1.so rc
	shift 3
	if ! "$RC/selftests/plugins/go/build.sh" "$O" "$name" "$so" \
		>"$TMP/$name.build" 2>&1; then
		echo "not ok - go-$name: build failed"
		sed 's/^/#   /' "$TMP/$name.build" | tail -n 10
		failed=$((failed + 1))
		return
	fi
	timeout -k 5 120 "$RINGCHECK" run "$@" --reader "$so" \
		>"$TMP/$name.out" 2>&1
	rc=$?
	if [ "$rc" -eq "$want" ] && grep -qF -- "$word" "$TMP/$name.out"; then
		echo "ok - go-$name (exit $rc)"
		passed=$((passed + 1))
	else
		echo "not ok - go-$name: exit $rc (want $want), '$word' $(
			grep -qF -- "$word" "$TMP/$name.out" || echo not) found"
		sed 's/^/#   /' "$TMP/$name.out" | tail -n 15
		failed=$((failed + 1))
	fi
}

check declared 0 "declares:runtime-fault-handlers" --quick --sim-only
check undeclared 1 "could not be loaded in a worker: the reader installed its own SIGSEGV handler" \
	--quick --sim-only --family lifetime
check guard-read 1 "lifetime: the reader installed its own SIGSEGV handler" \
	--quick --sim-only --family lifetime
totals
