#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make tree-plugins LIBPERF_SRC= (or LIBBPF_SRC=) as a maintainer uses
# it, on a copy of Debian's linux-source (the cache's extract) standing
# for their tree: the plugin is built from the tree, out of tree, named
# after it; the oracle passes it on families the reader gets right; a bug
# planted in the reader (the second part of a record that wraps copied
# from 8 bytes too far: perf_mmap__read in libperf's mmap.c,
# perf_event_read_simple in libbpf.c) is rebuilt by the next make and
# fails them; the fix is rebuilt and passes again; the tree is the same,
# byte for byte, after every build as before it. A tree that is not one
# is an error (exit 2) naming it.
# usage: selftests/user_tree/tree_test.sh libperf|libbpf [O]
set -uo pipefail
cd "$(dirname "$0")/../.."
kind=${1:-}
O=${2:-build}
case $kind in
libperf)
	version=6.12 var=LIBPERF_SRC file=tools/lib/perf/mmap.c
	families=(--sim-only --quick --family wrap --family large-records)
	plant='s/^\(\t*\)offset += cpy;$/\1offset += cpy + (len > cpy ? 8 : 0);/'
	planted='offset += cpy + (len > cpy' ;;
libbpf)
	# libbpf is built by its Makefile: a minute on a slow machine
	version=7.2 var=LIBBPF_SRC file=tools/lib/bpf/libbpf.c
	families=(--sim-only --quick --family forward --family kernel-images)
	plant='s/^\(\t*\)memcpy(\*copy_mem + len_first, base, len_secnd);/\1memcpy(*copy_mem + len_first, base + 8, len_secnd);/'
	planted='base + 8, len_secnd' ;;
*)
	echo "usage: $0 libperf|libbpf [O]" >&2
	exit 2 ;;
esac
prefix=tree-$kind
. ci/steps.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=$(ci/kernel_sources.sh $version) || {
	check "linux-source-$version extracted (ci/kernel_sources.sh $version)" false
	totals
	exit
}
tree=$tmp/linux
cp -r "$src" "$tree"
rm -f "$tree/.complete" "$tree/.ringcheck-cache"
edited=$tree/$file

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
		$var="$tree" tree-plugins 2>"$tmp/make.log")
	check "$1: make tree-plugins $var= builds $(basename "$plugin")" \
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
	grep -qE "/$kind-src-linux-[0-9a-f]{6}\.so$" <<<"$plugin"
verdict "unpatched" 0

cp "$edited" "$tmp/orig"
sed -i "$plant" "$edited"
check "the bug is planted in $file" grep -qF "$planted" "$edited"
old=$(stat -c %Y.%s "$plugin")
sleep 1
build "planted"
check "the edit of $(basename "$file") relinked the plugin" \
	test "$(stat -c %Y.%s "$plugin")" != "$old"
verdict "planted" 1
grep -q 'wrong bytes' "$tmp/run.log"
check "the failure is the wrap's wrong bytes" test $? -eq 0

cp "$tmp/orig" "$edited"
build "fixed"
verdict "fixed" 0

make -s --no-print-directory O="$tmp/build" $var="$tmp/nowhere" \
	tree-plugins >"$tmp/bad.log" 2>&1
rc=$?
check "$var=<not a kernel tree>: exit 2 (got $rc) naming it" \
	test "$rc" -eq 2 -a -n "$(grep -l "$var=$tmp/nowhere" "$tmp/bad.log")"
totals
