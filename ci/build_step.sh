#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# build_step.sh NAME LOG COMMAND...: runs a build step with its output in
# LOG; when it fails, names the step and prints the last lines of LOG, so
# that no error of a build is hidden behind a quiet make.
set -uo pipefail
name=$1 log=$2
shift 2
mkdir -p "$(dirname "$log")"
"$@" >"$log" 2>&1
rc=$?
if [ "$rc" -ne 0 ]; then
	echo "!! $name failed (exit $rc); the end of $log:" >&2
	tail -n 25 "$log" | sed 's/^/   /' >&2
fi
exit "$rc"
