#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench's baseline, sourced by the scripts that compare against it:
# the merge base of HEAD with BENCH_BASE, extracted into $O/baseline/src
# and built there, so that each ratio of make bench is this tree against
# the code it started from, measured in the same run. BENCH_BASE defaults
# to 4e8216e, the main the cost goals of issue 27 were measured on (on
# main, the merge base with main is HEAD itself: a ratio of 1 says
# nothing); BENCH_BASE=main on a branch compares with its fork point.
#
#   baseline_build O TARGET...	builds the targets (paths under build/)
#				and sets B (its build directory) and
#				base (its commit); 1 when there is none
#				(no git, no merge base: the caller SKIPs)

BENCH_BASE_DEFAULT=4e8216e

baseline_build() {
	local o=$1 top bdir
	shift
	top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	base=$(git -C "$top" merge-base HEAD "${BENCH_BASE:-$BENCH_BASE_DEFAULT}" \
		2>/dev/null) || return 1
	bdir=$o/baseline
	if [ "$(cat "$bdir/commit" 2>/dev/null)" != "$base" ]; then
		rm -rf "$bdir"
		mkdir -p "$bdir/src"
		git -C "$top" archive "$base" | tar -x -C "$bdir/src" ||
			return 1
		echo "$base" >"$bdir/commit"
	fi
	if ! make -s -C "$bdir/src" -j2 O=build "$@" \
		>"$bdir/build.log" 2>&1; then
		echo "!! the baseline ($base) did not build $*:" >&2
		tail -n 5 "$bdir/build.log" >&2
		exit 1
	fi
	# shellcheck disable=SC2034 # for the caller
	B=$bdir/src/build
}
