#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make findings: builds each standalone reproducer of findings/repro/ and
# runs it on this machine's kernel. A reproducer of a libperf finding
# (NN-libperf-*.c) is built against every libperf version `make upstream`
# built (from the linux-source extracts in $RINGCHECK_CACHE); one of a BCC
# finding (NN-bcc-*.c) is linked with Debian's libbpfcc. Each prints
# whether its defect is present (exit 1), absent (0), or cannot run here
# (77, a SKIP with its reason).
# usage: findings/run.sh BUILD-DIR "LIBPERF VERSIONS"
set -uo pipefail

O=${1:-build}
versions=${2:-5.10 6.1 6.12 7.2}
cache=${RINGCHECK_CACHE:-$HOME/.cache/ringcheck}
arch=$(uname -m | sed 's/x86_64/x86/; s/aarch64/arm64/')
present=0 absent=0 skipped=0 broken=0
mkdir -p "$O/findings"

# run BINARY LABEL
run() {
	local out rc
	out=$("$1" 2>&1)
	rc=$?
	sed "s/^/  /" <<<"$out"
	case $rc in
	1) echo "present $2"; present=$((present + 1)) ;;
	0) echo "absent  $2"; absent=$((absent + 1)) ;;
	77) echo "SKIP    $2: cannot run here"; skipped=$((skipped + 1)) ;;
	*) echo "ERROR   $2: exit $rc"; broken=$((broken + 1)) ;;
	esac
}

for src in findings/repro/*.c; do
	name=$(basename "$src" .c)
	case $name in
	*-libperf-*)
		for v in $versions; do
			t=$cache/linux-$v/tools
			lib=$O/upstream/libperf-$v
			bin=$O/findings/$name-$v
			if [ ! -f "$lib/libperf.a" ]; then
				echo "SKIP    $name libperf-$v: no libperf.a" \
				     "(make upstream)"
				skipped=$((skipped + 1))
				continue
			fi
			${CC:-cc} -std=gnu11 -O2 -Wall -Werror \
				-I"$t/lib/perf/include" -I"$t/include" \
				-I"$t/arch/$arch/include" -o "$bin" "$src" \
				"$lib/libperf.a" "$lib/libapi.a" ||
				{ echo "ERROR   $name libperf-$v: build failed"
				  broken=$((broken + 1)); continue; }
			run "$bin" "$name libperf-$v"
		done ;;
	*-bcc-*)
		# BCC's perf_reader from Debian's libbpfcc-dev, unmodified
		if [ ! -f /usr/include/bcc/perf_reader.h ]; then
			echo "SKIP    $name: no bcc/perf_reader.h" \
			     "(libbpfcc-dev, ci/test_deps.sh)"
			skipped=$((skipped + 1))
			continue
		fi
		${CC:-cc} -std=gnu11 -O2 -Wall -Werror -o "$O/findings/$name" \
			"$src" -lbcc || { broken=$((broken + 1)); continue; }
		run "$O/findings/$name" "$name" ;;
	*)
		${CC:-cc} -std=gnu11 -O2 -Wall -Werror -o "$O/findings/$name" \
			"$src" || { broken=$((broken + 1)); continue; }
		run "$O/findings/$name" "$name" ;;
	esac
done
echo "findings: $present present, $absent absent, $skipped skipped," \
     "$broken broken"
# passed: a reproducer ran and gave its verdict
echo "# ringcheck-totals findings passed=$((present + absent))" \
     "failed=$broken skipped=$skipped"
[ "$broken" -eq 0 ]
