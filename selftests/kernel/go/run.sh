#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# cilium/ebpf's perf.Reader black-box on this machine's kernel
# (cilium_perf.go and the wakeup tests beside it): built with each
# cilium/ebpf and Go that is here, offline, and run. 0.9: bookworm's
# golang-go and golang-github-cilium-ebpf-dev; 0.22: sid's, as
# `make go-readers` left them extracted in the cache
# (adapters/go/sid_go.sh; not fetched here).
# A missing one is an error (the test was asked for), a SKIP with its
# reason under --built-only; a kernel or privilege that does not allow BPF
# is a SKIP (the program's exit 4).
# --built-only (make check): only the versions `make go-readers` built a
# plugin of, the others a SKIP: the Go builds take minutes when cold.
# The program's own TAP lines are counted in the totals; an XFAIL (a
# known upstream defect met, naming its finding) in none of them.
# usage: run.sh [--built-only] O [VERSION...]
set -uo pipefail

built_only=
if [ "${1:-}" = --built-only ]; then
	built_only=1
	shift
fi
O=$(realpath -m "${1:-build}")
shift
versions=${*:-0.9 0.22}
RC=$(cd "$(dirname "$0")/../../.." && pwd)
cache=${RINGCHECK_CACHE:-$HOME/.cache/ringcheck}
passed=0 failed=0 skipped=0 xfail=0

for v in $versions; do
	tags=
	if [ -n "$built_only" ] && [ ! -e "$O/plugins/cilium-$v.so" ]; then
		echo "ok - cilium-$v-kernel # SKIP not built (make go-readers)"
		skipped=$((skipped + 1))
		continue
	fi
	case $v in
	0.9)
		goroot=$(go env GOROOT 2>/dev/null)
		gocode=/usr/share/gocode/src
		why="no Go toolchain (Debian's golang-go)" ;;
	0.22)
		sid=$(ls -d "$cache"/go-sid-*/ 2>/dev/null | tail -n 1)
		goroot=$(ls -d "${sid:-/nonexistent}"usr/lib/go-* 2>/dev/null |
			 tail -n 1)
		gocode=${sid}usr/share/gocode/src
		# overwritable rings; SetDeadline, Flush and WakeupEvents
		tags=cilium_overwritable,cilium_deadline
		why="sid's Go and cilium/ebpf not extracted (make go-readers)" ;;
	*)
		echo "$0: unknown cilium/ebpf version '$v' (0.9 or 0.22)" >&2
		exit 2 ;;
	esac
	if [ -z "$goroot" ] || [ ! -x "$goroot/bin/go" ] ||
	   [ ! -d "$gocode/github.com/cilium/ebpf/perf" ]; then
		# asked for by name (make go-kernel-test): an error
		if [ -z "$built_only" ]; then
			echo "not ok - cilium-$v-kernel: cannot build: $why"
			failed=$((failed + 1))
		else
			echo "ok - cilium-$v-kernel # SKIP $why"
			skipped=$((skipped + 1))
		fi
		continue
	fi
	tree=$O/go-kernel/cilium-$v
	rm -rf "$tree"
	mkdir -p "$tree/src/ringcheck/kerneltest"
	for d in "$gocode"/*; do
		ln -s "$d" "$tree/src/$(basename "$d")"
	done
	cp "$RC"/selftests/kernel/go/*.go "$tree/src/ringcheck/kerneltest/"
	if ! (cd "$tree/src/ringcheck/kerneltest" &&
	      env -u GOFLAGS GO111MODULE=off GOPROXY=off GOTOOLCHAIN=local \
		GOROOT="$goroot" GOPATH="$tree" GOCACHE="$O/go-cache/$v" \
		CGO_ENABLED=0 "$goroot/bin/go" build -tags "$tags" \
		-o "$tree/cilium_perf_test" .) >"$tree.log" 2>&1; then
		echo "not ok - cilium-$v-kernel: build failed"
		tail -n 10 "$tree.log" | sed 's/^/#   /'
		failed=$((failed + 1))
		continue
	fi
	# 6 s a version when all pass; a broken reader makes each wakeup
	# test wait out its 10 s bound, and the TAP lines of all of them
	# should still come out
	out=$(timeout -k 5 300 "$tree/cilium_perf_test" 2>&1)
	rc=$?
	sed "s/^/# cilium-$v: /" <<<"$out"
	# each test of the program, by its TAP line
	p=$(grep -E '^ok [0-9]+ ' <<<"$out" | grep -Evc '# (SKIP|XFAIL)')
	s=$(grep -E '^ok [0-9]+ .*# SKIP' <<<"$out" | grep -c .)
	# known upstream defects met, each naming its finding: neither
	# passed nor failed, as run_kselftests.sh counts them
	x=$(grep -E '^ok [0-9]+ .*# XFAIL' <<<"$out" | grep -c .)
	xfail=$((xfail + x))
	f=$(grep -Ec '^not ok [0-9]+ ' <<<"$out")
	case $rc in
	0 | 1) ;;
	4) s=$((s + 1)) ;;
	*) f=$((f + 1)) ;;
	esac
	[ "$rc" -eq 1 ] && [ "$f" -eq 0 ] && f=1
	passed=$((passed + p)) skipped=$((skipped + s)) failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		echo "not ok - cilium-$v-kernel: exit $rc"
	else
		echo "ok - cilium-$v-kernel ($p passed, $s skipped, $x XFAIL)"
	fi
done
[ "$xfail" -eq 0 ] || echo "# cilium-kernel: $xfail XFAIL (known upstream defects, see above)"
echo "# ringcheck-totals cilium-kernel passed=$passed failed=$failed skipped=$skipped"
[ "$failed" -eq 0 ]
