#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The README's CI recipes, their gate commands run as written
# (extract_recipe.py takes them out of the README's YAML) with the shell
# a CI job uses (sh -e), in the checkout of a pull request of a
# throwaway project whose main branch already fails cases: the recipe
# must fail a pull request that plants a bug and pass one that does not.
#   reader github, reader gitlab: a reader project (the reference reader
#     with mutant 05 as its known bug, failing lifetime, and a Makefile
#     building reader.so); the planted bug is mutant 07 (lost fails).
#   libperf github, libperf gitlab: a git tree of Debian's 6.12 kernel
#     sources (the cache's extract), whose libperf fails lifetime cases
#     (finding 02); the planted bug copies the second part of a wrapped
#     record from 8 bytes too far in tools/lib/perf/mmap.c.
#     They need `make tree-plugins LIBPERF_SRC=`: without it, a SKIP.
# The CI services themselves, and the set-up steps (apt, the clone of
# ringcheck, ./ci/deps.sh && make: the README's set-up, run by CI), are
# not run here.
set -uo pipefail

O=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
rc="$top/$O/ringcheck"
[ -x "$rc" ] || rc=$(cd "$O" && pwd)/ringcheck
prefix=recipes
. "$top/ci/steps.sh"
skipped=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# git as a CI job has it: no user configuration, none written to the user's
export GIT_CONFIG_GLOBAL=$tmp/gitconfig GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@localhost
export GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@localhost
export TMPDIR=$tmp
: >"$GIT_CONFIG_GLOBAL"

# origin NAME: a bare repository of the project in $tmp/NAME.git, from the
# tree in $tmp/NAME, branch main; then branch BRANCH with CHANGE applied
origin() {
	git -C "$tmp/$1" init -q -b main &&
	git -C "$tmp/$1" add -A && git -C "$tmp/$1" commit -qm base &&
	git clone -q --bare "$tmp/$1" "$tmp/$1.git"
}
branch() {	# branch NAME BRANCH COMMAND...: COMMAND in the tree, committed
	local name=$1 br=$2
	shift 2
	git -C "$tmp/$name" checkout -q -b "$br" main &&
	(cd "$tmp/$name" && "$@") &&
	git -C "$tmp/$name" commit -qam "$br" &&
	git -C "$tmp/$name" push -q "$tmp/$name.git" "$br"
}

# gate RECIPE NAME BRANCH WANT: the recipe's commands in a fresh clone of
# NAME checked out at BRANCH (a pull request to main) exit 0 or not
gate() {
	local recipe=$1 name=$2 br=$3 want=$4 work got
	work=$(mktemp -d)/ci
	git clone -q "$tmp/$name.git" "$work" && git -C "$work" checkout -q "$br"
	"$here/extract_recipe.py" "$top/README.md" "$recipe" >"$tmp/script" ||
		{ check "$recipe: its YAML parses, its gate step found" false;
		  return; }
	head -n 1 "$tmp/script" | tr ' ' '\n' | tail -n +3 |
		grep -vxE 'BASE_REF|GIT_DEPTH|RINGCHECK|RINGCHECK_DIR|RINGCHECK_FLAGS' \
		>"$tmp/unknown"
	[ "$want" = 0 ] ||
		check "$recipe: every variable it sets is one this test gives" \
			test ! -s "$tmp/unknown"
	(cd "$work" && env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u O \
		BASE_REF=origin/main CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main \
		RINGCHECK="$rc" RINGCHECK_DIR="$top" \
		RINGCHECK_FLAGS="$flags" O="$work.build" \
		sh -e "$tmp/script") >"$tmp/$recipe-$br.log" 2>&1
	got=$?
	if [ "$want" = 0 ]; then
		check "$recipe, $br: exit 0 (got $got), nothing new" \
			grep -q "verdict: nothing new fails" "$tmp/$recipe-$br.log"
		# the known failures were there, and judged known
		check "$recipe, $br: the target branch's failures unchanged" \
			grep -qE "unchanged: [1-9][0-9]* failing" \
			"$tmp/$recipe-$br.log"
		[ "$got" -eq 0 ] || check "$recipe, $br: exit 0" false
	else
		check "$recipe, $br: exit 1 (got $got), new failures named" \
			grep -q "^  NEW FAILURES" "$tmp/$recipe-$br.log"
		[ "$got" -eq 1 ] || check "$recipe, $br: exit 1" false
	fi
	if [ "$got" -ne "$want" ]; then
		sed -n '1,/^reader/p;/^baseline/,$p' "$tmp/$recipe-$br.log" |
			head -n 30 | sed 's/^/    /'
	fi
}

# --- a reader project: the reference reader, built by make reader.so
mkdir -p "$tmp/reader"
cp -r "$top/reader/." "$tmp/reader/"
cat >"$tmp/reader/Makefile" <<'MK'
reader.so: ring_reader.c evlist_reader.c reference_plugin.c reference_evlist_plugin.c
	cc -std=gnu11 -O2 -fPIC -shared -D_GNU_SOURCE -I. -Iinclude -o $@ $^
MK
(cd "$tmp/reader" &&
 patch -s -p2 <"$top/selftests/mutants/05-released-before-use.patch")
origin reader
branch reader pr-bad patch -s -p2 \
	<"$top/selftests/mutants/07-read-done-prev-is-head.patch"
branch reader pr-good sed -i '1s|$| (a comment)|' ring_reader.c
flags="--sim-only --quick --family wrap --family lifetime --family lost"
for recipe in "reader github" "reader gitlab"; do
	gate "$recipe" reader pr-bad 1
	gate "$recipe" reader pr-good 0
done

# --- a kernel tree and a libperf patch
if ! grep -q '^tree-plugins:' "$top/Makefile"; then
	echo "SKIP recipes: libperf github, libperf gitlab: this ringcheck" \
		"has no make tree-plugins LIBPERF_SRC= (issue 24, your tree)"
	skipped=2
elif ! src=$("$top/ci/kernel_sources.sh" 6.12 2>"$tmp/ks.log"); then
	check "linux-source-6.12 extracted (ci/kernel_sources.sh 6.12)" false
else
	mkdir -p "$tmp/linux"
	cp -r "$src/." "$tmp/linux/"
	rm -f "$tmp/linux/.complete" "$tmp/linux/.ringcheck-cache"
	origin linux
	branch linux patch-bad sed -i \
		's/^\(\t*\)offset += cpy;$/\1offset += cpy + (len > cpy ? 8 : 0);/' \
		tools/lib/perf/mmap.c
	branch linux patch-good sed -i '1s|$| /* a comment */|' \
		tools/lib/perf/mmap.c
	flags="--sim-only --quick --family wrap --family large-records --family lifetime"
	for recipe in "libperf github" "libperf gitlab"; do
		gate "$recipe" linux patch-bad 1
		gate "$recipe" linux patch-good 0
	done
fi
echo "# ringcheck-totals $prefix passed=$pass failed=$fail skipped=$skipped"
[ "$fail" -eq 0 ]
