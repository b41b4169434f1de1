#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The installed ringcheck, with the source tree gone: the sources are
# copied to a temporary directory, built and installed there (make
# install PREFIX=...), the copy is deleted, and the installed ringcheck
# runs its main job from elsewhere. Its results must be those of the
# build tree's ringcheck ($O), which is the independent truth here; the
# environment overrides of its paths must take effect.
# usage: selftests/install/install_test.sh [O]
set -uo pipefail

O=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
O=$(cd "$O" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=install
. "$top/ci/steps.sh"

# run_totals LOG: "passed failed skipped" of a run's totals line
run_totals() {
	sed -n 's/^# ringcheck-totals [a-z-]* passed=\([0-9]*\) failed=\([0-9]*\) skipped=\([0-9]*\)$/\1 \2 \3/p' \
		"$1" | tail -n 1
}

# the tree as committed plus what is not yet, without build products
mkdir "$tmp/src" "$tmp/elsewhere"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$top" && git ls-files -co --exclude-standard -z |
		xargs -0 tar -cf - --no-recursion) | tar -xf - -C "$tmp/src"
else
	tar -C "$top" --exclude=./build --exclude=./.git -cf - . |
		tar -xf - -C "$tmp/src"
fi
check "make install PREFIX=... from a copy of the sources" \
	"$top/ci/build_step.sh" "make install" "$tmp/install.log" \
	make -s -j2 -C "$tmp/src" install PREFIX="$tmp/prefix" \
	O="$tmp/src/build"
[ -x "$tmp/prefix/bin/ringcheck" ] || { totals; exit; }
rm -rf "$tmp/src"
cd "$tmp/elsewhere" || { totals; exit; }
rc="$tmp/prefix/bin/ringcheck"

"$O/ringcheck" run --quick >"$tmp/build-tree.log" 2>&1
"$rc" run --quick >"$tmp/installed.log" 2>&1
want=$(run_totals "$tmp/build-tree.log")
got=$(run_totals "$tmp/installed.log")
check "the main job (run --quick) exits 0 with the source tree gone" \
	grep -q "^# ringcheck-totals run passed=[1-9][0-9]* failed=0 " \
	"$tmp/installed.log"
check "the same totals as the build tree's ($want; installed: $got)" \
	test -n "$want" -a "$want" = "$got"
# which run differs, and its failing cases (the logs go with $tmp)
if [ "$want" != "$got" ]; then
	for log in build-tree installed; do
		echo "# $log: run --quick"
		grep -E -A3 "^  [a-z-]+: |replay:|could not run|FAIL" \
			"$tmp/$log.log" | head -n 20 | sed 's/^/#   /'
	done
fi

# the kernel ring images come from share/: as many cases as in the build
# tree, and at least one per image
"$O/ringcheck" run --sim-only --family kernel-images >"$tmp/bt-img.log" 2>&1
"$rc" run --sim-only --family kernel-images >"$tmp/img.log" 2>&1
images=$(find "$top/fixtures/kernel" -name '*.ring' | wc -l)
got=$(run_totals "$tmp/img.log")
check "kernel-images from share/ ($got; build tree: $(run_totals "$tmp/bt-img.log"); $images images)" \
	test -n "$got" -a "$got" = "$(run_totals "$tmp/bt-img.log")" -a \
	"${got%% *}" -ge "$images"

# the overrides are the paths it uses: without the parts, no pass
RINGCHECK_LIBEXECDIR="$tmp/none" "$rc" run --quick --sim-only \
	>"$tmp/no-libexec.log" 2>&1
check "RINGCHECK_LIBEXECDIR=<empty dir>: no reference plugin, exit $?" \
	test $? -ne 0
mkdir "$tmp/no-images"
RINGCHECK_FIXTURES="$tmp/no-images" "$rc" run --sim-only \
	--family kernel-images >"$tmp/no-images.log" 2>&1
got=$(run_totals "$tmp/no-images.log")
check "RINGCHECK_FIXTURES=<empty dir>: no image case passes ($got)" \
	test "${got%% *}" = 0 -o -z "$got"

# a plugin built against the installed header, loaded by a path relative
# to the current directory
PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig" cc -shared -fPIC \
	$(PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig" \
	  pkg-config --cflags ringcheck-reader) \
	-o my.so "$top/reader/example/example_plugin.c" 2>"$tmp/plugin.log"
check "a plugin builds with pkg-config --cflags ringcheck-reader" \
	test -f my.so
"$rc" run --quick --sim-only --family wrap --reader ./my.so \
	>"$tmp/my.log" 2>&1
check "--reader ./my.so runs ($(run_totals "$tmp/my.log"))" \
	grep -q "^# ringcheck-totals run passed=[1-9]" "$tmp/my.log"
# the pkg-config file's version is the ABI the installed ringcheck speaks
pc_abi=$(PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig" \
	 pkg-config --modversion ringcheck-reader)
rc_abi=$("$rc" --version | sed -n 's/.*reader ABI \([0-9]*\).*/\1/p')
check "ringcheck-reader.pc says ABI $pc_abi, ringcheck --version $rc_abi" \
	test -n "$rc_abi" -a "$pc_abi" = "$rc_abi"
totals
