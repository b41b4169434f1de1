#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The misbehaving-plugin suite: `ringcheck run` on the reference reader
# with one misbehaviour each (wild_plugin.c). Each run must end within a
# bound with exit 1 or 2, its totals must add up to the cases the same
# selection enumerates for the reference reader, its verdicts must name
# the misbehaviour, and no process the plugin started may be left.
set -uo pipefail

O=${1:-build}
RC=$(cd "$(dirname "$0")/../.." && pwd)
RINGCHECK=$RC/$O/ringcheck
PLUGINS=$RC/$O/plugins
BOUND=60
passed=0 failed=0
declare -A expected

fail() {
	echo "not ok - $1: $2"
	failed=$((failed + 1))
}

# The "total" row of a run's table: cases passed failed skipped.
total_row() {
	awk '$1 == "total" { print $2, $3, $4, $5 }' "$1" | tail -n 1
}

# Cases the selection has for the reference reader.
cases_of() {
	local key="$*"

	if [ -z "${expected[$key]:-}" ]; then
		"$RINGCHECK" run "$@" >"$TMP/ref.out" 2>&1 ||
			echo "!! the reference reader failed: $*"
		expected[$key]=$(total_row "$TMP/ref.out" | cut -d' ' -f1)
	fi
	echo "${expected[$key]}"
}

# Processes a plugin recorded that are still alive.
leftovers() {
	local pid left=""

	[ -f "$1/pids" ] || return 0
	while read -r pid; do
		if [ -r "/proc/$pid/stat" ] &&
		   [ "$(cut -d' ' -f3 "/proc/$pid/stat")" != Z ]; then
			left="$left $pid"
			kill -9 "$pid" 2>/dev/null
		fi
	done <"$1/pids"
	echo "$left"
}

# wild NAME CLASS WORD COMPLETE SELECTION -- EXTRA...: one run, checked.
# Runs that hang or outgrow --memory in every case give --breaker 0: each
# case's own verdict is what they check (run_breaker.sh checks the
# breaker).
# COMPLETE: "all" (every case has a verdict) or "deadline" (some not run).
wild() {
	local name=$1 class=$2 word=$3 complete=$4 sel=() extra=() rc want
	local dir total left

	shift 4
	while [ $# -gt 0 ] && [ "$1" != -- ]; do sel+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	extra=("$@")
	want=$(cases_of "${sel[@]}")
	dir=$(mktemp -d "$TMP/$name.XXXX")
	RINGCHECK_WILD_DIR=$dir timeout -k 5 "$BOUND" "$RINGCHECK" run \
		"${sel[@]}" "${extra[@]}" --reader "$PLUGINS/wild-$class.so" \
		>"$dir/out" 2>&1
	rc=$?
	sleep 0.1	# what ringcheck killed is gone before the check
	left=$(leftovers "$dir")
	total=$(total_row "$dir/out")
	set -- $total
	if [ "$rc" -ne 1 ] && [ "$rc" -ne 2 ]; then
		fail "$name" "exit $rc (bound ${BOUND} s: 124 or 137)"
	elif [ -n "$left" ]; then
		fail "$name" "left running:$left"
	elif ! grep -q -- "$word" "$dir/out"; then
		fail "$name" "no \"$word\" in the output"
	elif [ "$rc" -eq 1 ] && [ "${1:-}" != "$want" ]; then
		fail "$name" "${1:-no} cases, the selection has $want"
	elif [ "$rc" -eq 1 ] && [ "$complete" = all ] &&
	     [ $(($2 + $3 + $4)) -ne "$1" ]; then
		fail "$name" "totals $2+$3+$4 do not add up to $1"
	elif [ "$rc" -eq 1 ] && [ "$complete" = deadline ] &&
	     [ $(($2 + $3 + $4)) -ge "$1" ]; then
		fail "$name" "the deadline left no case not run"
	else
		echo "ok - $name (exit $rc${total:+, total $total})"
		passed=$((passed + 1))
		return 0
	fi
	sed 's/^/#   /' "$dir/out" | tail -n 15
	return 1
}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
Q=(--quick --sim-only)

# The slow ones in the background: a constructor that hangs is stopped by
# the load time limit of the probe (10 s).
wild ctor-hang ctor-hang "did not load within" all "${Q[@]}" \
	--family lifetime >"$TMP/bg1.log" 2>&1 &
bg1=$!
# the kernel row (if built) and a setsid() grandchild holding the pipes
cases_of --family kernel-images >/dev/null
wild setsid-kernel setsid "hung" all --family kernel-images -- \
	--timeout 50 --breaker 0 >"$TMP/bg2.log" 2>&1 &
bg2=$!

wild exit-in-read exit-in-read "exited during the case (status 0)" all \
	"${Q[@]}" --family lifetime
wild exit-later exit-later "exited during the case" all "${Q[@]}"
wild fork-exit fork-exit "exited during the case" all "${Q[@]}" \
	--family lifetime
wild ctor-crash ctor-crash "crashed while loading" all "${Q[@]}" \
	--family lifetime
wild null-in-workers null-in-workers "returned NULL" all "${Q[@]}" \
	--family lifetime
wild abort abort "crashed during the case (signal 6" all "${Q[@]}" \
	--family lifetime
wild munmap-ring munmap-ring "crashed during the case (SIGSEGV)" all \
	"${Q[@]}" --family lifetime
# the worker ends by itself (its result has nowhere to go) or is killed
# for running on without its socket, whichever comes first
wild close-fds close-fds "closed the worker's socket\\|exited during the case" all "${Q[@]}" \
	--family lifetime
wild spin spin "hung" all "${Q[@]}" --family kernel-images -- \
	--timeout 50 --breaker 0
wild crash-hostile crash-hostile "hostile: the reader crashed" all \
	"${Q[@]}" --family hostile --family random --family kernel-images &&
	if ! grep -Eq '^  random +([0-9]+) +\1 +0 ' "$TMP"/crash-hostile.*/out ||
	   ! grep -Eq '^  kernel-images +([0-9]+) +\1 +0 ' \
		"$TMP"/crash-hostile.*/out; then
		passed=$((passed - 1))
		fail crash-hostile "a crash cost cases of other families"
	fi
wild slow slow "not run: the --deadline" deadline "${Q[@]}" \
	--family lifetime -- --deadline 1500 --timeout 5000
wild memory memory "over the --memory limit" all "${Q[@]}" \
	--family lifetime -- --memory 16 --breaker 0
# a thread started at load, which a fork would not have: every case
# exits (the workers start cold), none hangs in a fork of a template
wild ctor-thread ctor-thread "exited during the case" all "${Q[@]}" \
	--family lifetime -- --timeout 300 &&
	if grep -q "hung" "$TMP"/ctor-thread.*/out; then
		passed=$((passed - 1))
		fail ctor-thread "a worker without the reader's thread hung"
	fi

# stray accesses: each caught, whatever the reader does about the fault
wild guard-read guard-read "installed its own SIGSEGV handler" all "${Q[@]}" \
	--family lifetime
wild scribble scribble "lifetime: the reader crashed during the case" all \
	"${Q[@]}" --family lifetime
wild ledger-write ledger-write "lifetime: the reader crashed during the case" \
	all "${Q[@]}" --family lifetime
# fault handlers at load, as a language runtime's (Go's): refused unless
# declared; declared, re-armed over, so a fault in a call still crashes the
# case and a handler installed in a call still fails it
wild ctor-handler ctor-handler "could not be loaded in a worker: the reader installed its own SIGSEGV handler" \
	all "${Q[@]}" --family lifetime
wild declared-ctor-fault declared-ctor-fault \
	"lifetime: the reader crashed during the case (SIGSEGV)" all \
	"${Q[@]}" --family lifetime
wild declared-guard-read declared-guard-read \
	"installed its own SIGSEGV handler" all "${Q[@]}" --family lifetime
wild ctrl-write ctrl-write "wrote the control page at offset 16376 of 16384" \
	all "${Q[@]}" --family forward

# replay of one case: a reader that blocks every signal and spins
dir=$(mktemp -d "$TMP/replay.XXXX")
RINGCHECK_WILD_DIR=$dir timeout -k 5 "$BOUND" "$RINGCHECK" run \
	--case lifetime-64.8.1 --timeout 300 --reader "$PLUGINS/wild-spin.so" \
	>"$dir/out" 2>&1
rc=$?
sleep 0.1
left=$(leftovers "$dir")
if [ "$rc" -eq 1 ] && [ -z "$left" ] && grep -q "hung" "$dir/out"; then
	echo "ok - spin-replay"
	passed=$((passed + 1))
else
	fail spin-replay "exit $rc, left:${left:-none}"
fi

# a reader path that a shell would run, given relative to the current
# directory: loaded as a file, and nothing runs it
dir=$(mktemp -d "$TMP/quote.XXXX")
cp "$PLUGINS/wild-exit-in-read.so" "$dir/x';touch pwned;'.so"
(cd "$dir" && timeout -k 5 "$BOUND" "$RINGCHECK" run --family lifetime \
	--reader "x';touch pwned;'.so" >out 2>&1)
rc=$?
if [ "$rc" -eq 1 ] && [ ! -e "$dir/pwned" ] && [ ! -e pwned ] &&
   grep -q "exited during the case" "$dir/out"; then
	echo "ok - quote-in-path"
	passed=$((passed + 1))
else
	fail quote-in-path "exit $rc$([ -e "$dir/pwned" ] && echo ', pwned')"
	tail -n 5 "$dir/out"
fi

for bg in "$bg1:$TMP/bg1.log" "$bg2:$TMP/bg2.log"; do
	if wait "${bg%%:*}"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
	cat "${bg#*:}"
done

echo "# ringcheck-totals wild passed=$passed failed=$failed skipped=0"
[ "$failed" -eq 0 ]
