#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make upstream LIBPERF_SRC= as a libperf maintainer uses it, on a copy
# of Debian's linux-source-6.12 (the cache's extract) standing for their
# tree: the plugin is built from the tree, out of tree, named after it;
# the oracle passes it on the families libperf 6.12 gets right (wrap,
# large-records); a bug planted in mmap.c (the second part of a record
# that wraps copied from 8 bytes too far) is rebuilt by the next make and
# fails them; the fix is rebuilt and passes again; the tree is the same,
# byte for byte, after every build as before it. A LIBPERF_SRC that is no
# kernel tree is an error (exit 2) naming it.
# usage: selftests/user_tree/libperf_src_test.sh [O]
set -uo pipefail
cd "$(dirname "$0")/../.."
O=${1:-build}
prefix=user-tree
. ci/steps.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=$(ci/kernel_sources.sh 6.12) || {
	check "linux-source-6.12 extracted (ci/kernel_sources.sh 6.12)" false
	totals
	exit
}
tree=$tmp/linux
cp -r "$src" "$tree"
rm -f "$tree/.complete" "$tree/.ringcheck-cache"
mmap=$tree/tools/lib/perf/mmap.c
families=(--sim-only --quick --family wrap --family large-records)

# every path, its type and mode, and every file's bytes
tree_sum() {
	(cd "$tree" && find . -printf '%y %m %p\n' | sort &&
	 find . -type f -print0 | sort -z | xargs -0 sha1sum) | sha1sum
}

# build WHAT: make tree-plugins, the tree checked unchanged by it
build() {
	local before
	before=$(tree_sum)
	plugin=$(make -s --no-print-directory O="$tmp/build" \
		LIBPERF_SRC="$tree" tree-plugins 2>"$tmp/make.log")
	check "$1: make tree-plugins LIBPERF_SRC= builds $(basename "$plugin")" \
		test -f "$plugin"
	check "$1: the tree is unchanged by the build" \
		test "$(tree_sum)" = "$before"
}

# verdict WHAT WANT: ringcheck's exit on the families
verdict() {
	"$O/ringcheck" run "${families[@]}" --reader "$plugin" \
		>"$tmp/run.log" 2>&1
	local rc=$?
	check "$1: ringcheck run ${families[*]} exits $2 (got $rc)" \
		test "$rc" -eq "$2"
	[ "$rc" -eq "$2" ] || head -n 12 "$tmp/run.log" | sed "s/^/    /"
}

build "unpatched"
check "the plugin is named after the tree's path, not a Debian version" \
	grep -qE '/libperf-src-linux-[0-9a-f]{6}\.so$' <<<"$plugin"
verdict "unpatched" 0

cp "$mmap" "$tmp/mmap.c.orig"
sed -i 's/^\(\t*\)offset += cpy;$/\1offset += cpy + (len > cpy ? 8 : 0);/' \
	"$mmap"
check "the bug is planted in perf_mmap__read's wrap copy" \
	grep -q 'offset += cpy + (len > cpy' "$mmap"
old=$(stat -c %Y.%s "$plugin")
sleep 1
build "planted"
check "the edit of mmap.c relinked the plugin" \
	test "$(stat -c %Y.%s "$plugin")" != "$old"
verdict "planted" 1
grep -q 'wrong bytes' "$tmp/run.log"
check "the failure is the wrap's wrong bytes" test $? -eq 0

cp "$tmp/mmap.c.orig" "$mmap"
build "fixed"
verdict "fixed" 0

make -s --no-print-directory O="$tmp/build" LIBPERF_SRC="$tmp/nowhere" \
	tree-plugins >"$tmp/bad.log" 2>&1
rc=$?
check "LIBPERF_SRC=<not a kernel tree>: exit 2 (got $rc) naming it" \
	test "$rc" -eq 2 -a -n "$(grep -l "LIBPERF_SRC=$tmp/nowhere" "$tmp/bad.log")"
totals
