#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The cache writes, replaces and deletes only what ringcheck made
# (ci/cache_dir.sh), checked on ci/kernel_sources.sh in a cache of its
# own, with a small stand-in for Debian's linux-source-6.12 package (a
# .deb built here holding every part the script extracts), so that no
# download is needed:
#  - a user's directory at linux-6.12 (no marker): exit 2 naming it, its
#    files unchanged; the same through `make`, which fails;
#  - a link there to a user's tree: exit 2, the tree unchanged;
#  - a marked but incomplete entry is replaced by the extract;
#  - an entry of an older ringcheck (.complete naming its package) is
#    kept and marked, not extracted again;
#  - a downloads directory holding a user's files: exit 2.
# usage: selftests/user_tree/cache_test.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
prefix=cache
. ci/steps.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
v=6.12

# the package: the parts kernel_sources.sh takes, a small file each (in
# each directory part: its name has no dot)
fake_deb() {
	local src=$tmp/pkg/linux-source-$v p
	mkdir -p "$src" "$tmp/deb/usr/src" "$tmp/deb/DEBIAN" "$tmp/debs"
	for p in $(sed -n '/^parts=(/,/^)/p; /^optional_parts=(/,/^)/p' \
		   ci/kernel_sources.sh | grep -v '[()]'); do
		case ${p##*/} in
		*.*) mkdir -p "$(dirname "$src/$p")"
		     echo "stand-in for $p" >"$src/$p" ;;
		*) mkdir -p "$src/$p"
		   echo "stand-in for $p" >"$src/$p/stand-in" ;;
		esac
	done
	tar -cJf "$tmp/deb/usr/src/linux-source-$v.tar.xz" -C "$tmp/pkg" \
		"linux-source-$v"
	printf '%s\n' "Package: linux-source-$v" "Version: 1" \
		"Architecture: all" "Maintainer: ringcheck <none@invalid>" \
		"Description: stand-in" >"$tmp/deb/DEBIAN/control"
	dpkg-deb -b -Zxz "$tmp/deb" "$tmp/debs/linux-source-${v}_1_all.deb" \
		>/dev/null
}
fake_deb
export RINGCHECK_CACHE=$tmp/cache RINGCHECK_DOWNLOADS=$tmp/debs
entry=$RINGCHECK_CACHE/linux-$v

sum() {
	(cd "$1" && find . -printf '%y %m %p\n' | sort &&
	 find . -type f -print0 | sort -z | xargs -0 sha1sum) | sha1sum
}

# refused WHAT COMMAND...: exit 2, a message naming $entry
refused() {
	local what=$1 rc
	shift
	"$@" >"$tmp/out" 2>&1
	rc=$?
	check "$what: exit 2 (got $rc), naming $entry" \
		test "$rc" -eq 2 -a -n "$(grep -F "$entry is not ringcheck's" "$tmp/out")"
}

mkdir -p "$entry/tools/lib/perf"
echo "a user's work" >"$entry/tools/lib/perf/mmap.c"
before=$(sum "$entry")
refused "a user's directory at linux-$v" ci/kernel_sources.sh "$v"
check "the user's directory is unchanged" test "$(sum "$entry")" = "$before"
make -s --no-print-directory O="$tmp/build" RINGCHECK_CACHE="$RINGCHECK_CACHE" \
	"$entry/.complete" >"$tmp/make.out" 2>&1
check "make fails on it (exit $?) and leaves it unchanged" \
	test $? -ne 0 -a "$(sum "$entry")" = "$before"
rm -rf "$entry"

mkdir -p "$tmp/linux"
echo "a user's tree" >"$tmp/linux/Makefile"
ln -s "$tmp/linux" "$entry"
before=$(sum "$tmp/linux")
refused "a link at linux-$v to a user's tree" ci/kernel_sources.sh "$v"
check "the linked tree is unchanged" test "$(sum "$tmp/linux")" = "$before"
rm "$entry"

mkdir -p "$entry"
echo "made by ringcheck" >"$entry/.ringcheck-cache"
echo "left by a build cut short" >"$entry/partial"
out=$(ci/kernel_sources.sh "$v" 2>"$tmp/out")
check "a marked, incomplete entry is extracted again (exit $?)" \
	test "$out" = "$entry" -a -f "$entry/.complete" -a ! -e "$entry/partial" \
	-a -f "$entry/tools/lib/stand-in" -a -f "$entry/.ringcheck-cache"

rm "$entry/.ringcheck-cache"
echo "kept" >"$entry/tools/lib/kept"
ci/kernel_sources.sh "$v" >/dev/null 2>"$tmp/out"
check "an older ringcheck's entry is kept (exit $?) and marked" \
	test -f "$entry/tools/lib/kept" -a -f "$entry/.ringcheck-cache"

unset RINGCHECK_DOWNLOADS
rm -rf "$entry"
mkdir -p "$RINGCHECK_CACHE/debs"
echo "a user's notes" >"$RINGCHECK_CACHE/debs/notes.txt"
ci/kernel_sources.sh "$v" >/dev/null 2>"$tmp/out"
rc=$?
check "a user's directory at debs/: exit 2 (got $rc), the file kept" \
	test "$rc" -eq 2 -a -f "$RINGCHECK_CACHE/debs/notes.txt" -a \
	-n "$(grep -F "$RINGCHECK_CACHE/debs is not ringcheck's" "$tmp/out")"
totals
