#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# One step of `git bisect run` over a kernel tree, for a libperf
# regression: builds the libperf plugin of the revision checked out
# (make tree-plugins LIBPERF_SRC=<the tree>, out of tree, into O) and
# runs ringcheck on it with the arguments given, say one case that fails
# at the bad revision:
#
#	cd ~/linux
#	git bisect start BAD GOOD -- tools/lib/perf tools/lib/api
#	git bisect run /path/to/ringcheck/ci/bisect_libperf.sh \
#		--case wrap-64.16.24.1
#
# Exit 0 when ringcheck passes (good), 1 when it fails (bad), 125 when
# the revision cannot be tested (libperf or the plugin does not build, or
# ringcheck cannot load it: skipped), 128 when there is no ringcheck to
# run (git bisect stops). Without arguments: --sim-only --quick.
# RINGCHECK names the ringcheck binary (default: build/ringcheck of this
# tree, built by make); O (default: build/bisect) holds libperf's build;
# the kernel tree is only read.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tree=$(git rev-parse --show-toplevel 2>/dev/null) || {
	echo "${0##*/}: run it inside the kernel tree (git bisect run)" >&2
	exit 128
}
O=${O:-$top/build/bisect}
ringcheck=${RINGCHECK:-$top/build/ringcheck}
[ $# -gt 0 ] || set -- --sim-only --quick
rev=$(git rev-parse --short HEAD)
log=$O/bisect-$rev.log
mkdir -p "$O"

if ! [ -x "$ringcheck" ]; then
	echo "${0##*/}: no $ringcheck: build ringcheck first (make)" >&2
	exit 128
fi
# the same name at every revision: its build directory is reused, and
# libperf's own Makefile rebuilds what the checkout changed
if ! make -s -C "$top" O="$O" LIBPERF_SRC="$tree" LIBPERF_NAME=bisect \
	tree-plugins >"$log" 2>&1; then
	echo "bisect $rev: libperf does not build: skipped ($log)" >&2
	exit 125
fi
"$ringcheck" run --reader "$O/plugins/libperf-bisect.so" "$@" >>"$log" 2>&1
rc=$?
case $rc in
0) echo "bisect $rev: good" >&2 ;;
1) echo "bisect $rev: bad (first failing case $(sed -n \
	's/.*replay: ringcheck run --case \([^ ]*\).*/\1/p' "$log" |
	head -n 1); $log)" >&2 ;;
*) echo "bisect $rev: ringcheck exit $rc, untestable: skipped ($log)" >&2
   rc=125 ;;
esac
exit "$rc"
