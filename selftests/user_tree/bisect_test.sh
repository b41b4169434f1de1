#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The README's bisect recipe on a throwaway git tree made from Debian's
# linux-source-6.12 (the cache's extract: tools/lib/perf and what it
# builds with), seven commits: a base, two comments, a commit that breaks
# libperf's build (where git bisect looks first: ci/bisect_libperf.sh
# must skip it, exit 125) and one that mends it, the planted bug
# (perf_mmap__read copying the second part of a wrapping record from 8
# bytes too far), a comment after.
# `git bisect run ci/bisect_libperf.sh` must name the planted commit. The
# plugin's name is checked against git describe too.
# usage: selftests/user_tree/bisect_test.sh [O]
set -uo pipefail
cd "$(dirname "$0")/../.."
top=$(pwd)
O=${1:-build}
prefix=bisect
. ci/steps.sh
tmp=$(mktemp -d)
trap "cat $tmp/bisect.log; rm -rf $tmp" EXIT
src=$(ci/kernel_sources.sh 6.12) || {
	check "linux-source-6.12 extracted (ci/kernel_sources.sh 6.12)" false
	totals
	exit
}
tree=$tmp/linux
cp -r "$src" "$tree"
rm -f "$tree/.complete" "$tree/.ringcheck-cache"
g=(git -C "$tree" -c user.name=ringcheck -c user.email=ringcheck@invalid)

# commit MESSAGE: everything as it is now
commit() {
	"${g[@]}" add -A && "${g[@]}" commit -qm "$1" && "${g[@]}" rev-parse HEAD
}
"${g[@]}" init -q
commit "base" >/dev/null
"${g[@]}" tag -a v6.12-base -m base
good=$("${g[@]}" rev-parse HEAD)
echo "/* a comment */" >>"$tree/tools/lib/perf/evlist.c"
commit "evlist: a comment" >/dev/null
echo "/* a comment */" >>"$tree/tools/lib/perf/evsel.c"
commit "evsel: a comment" >/dev/null
# where git bisect looks first: the step must skip it
echo "#error a broken build" >>"$tree/tools/lib/perf/core.c"
broken=$(commit "core: break the build")
sed -i '/^#error a broken build$/d' "$tree/tools/lib/perf/core.c"
commit "core: mend the build" >/dev/null
sed -i 's/^\(\t*\)offset += cpy;$/\1offset += cpy + (len > cpy ? 8 : 0);/' \
	"$tree/tools/lib/perf/mmap.c"
planted=$(commit "mmap: the planted bug")
echo "/* a comment */" >>"$tree/tools/lib/perf/mmap.c"
commit "mmap: a comment" >/dev/null

name=$(ci/tree_name.sh "$tree" tools/lib/perf/mmap.c)
check "the tree is named by git describe ('$name')" \
	grep -qE '^v6\.12-base-6-g[0-9a-f]+$' <<<"$name"
echo "/* not committed */" >>"$tree/tools/lib/perf/evsel.c"
name=$(ci/tree_name.sh "$tree" tools/lib/perf/mmap.c)
check "... with -dirty for a change not committed ('$name')" \
	grep -qE '^v6\.12-base-6-g[0-9a-f]+-dirty$' <<<"$name"
"${g[@]}" checkout -q -- .

ringcheck=$(cd "$O" && pwd)/ringcheck
start=$(date +%s)
(cd "$tree" && git bisect start HEAD "$good" -- tools/lib/perf &&
 O=$tmp/build RINGCHECK=$ringcheck git bisect run \
	"$top/ci/bisect_libperf.sh" --sim-only --quick --family wrap;
 rc=$?; git bisect log >"$tmp/bisect.record"; exit $rc) \
	>"$tmp/bisect.log" 2>&1
rc=$?
sed 's/^/    /' "$tmp/bisect.log" | grep -E 'bisect [0-9a-f]+:|first bad|skip'
found=$(sed -n 's/^\([0-9a-f]\{40\}\) is the first bad commit$/\1/p' \
	"$tmp/bisect.log")
check "git bisect run (exit $rc, $(( $(date +%s) - start )) s) names the planted commit" \
	test "$found" = "$planted"
check "the revision that does not build was skipped (exit 125)" \
	grep -q "^git bisect skip $broken" "$tmp/bisect.record"
totals
