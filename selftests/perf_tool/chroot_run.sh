#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The perf tool tests against the perf of another Debian release: a minimal
# chroot of SUITE (debootstrap --variant=minbase, plus linux-perf and
# python3) made once under $RINGCHECK_CACHE/perf-chroot/SUITE through the
# Debian mirror this machine's apt is configured with (read from its
# sources at run time; the system's apt configuration is not touched),
# then the statically linked test program run inside it with that
# release's perf.
#
# usage: selftests/perf_tool/chroot_run.sh SUITE TEST_PROGRAM [ARGS...]
# Exit: the test's status; 4 (kselftest's skip) with the reason when the
# chroot cannot be made here (no debootstrap, no mirror, not root, the
# mirror unreachable); 2 for a suite debootstrap does not know.
set -uo pipefail

[ $# -ge 2 ] || { echo "usage: $0 SUITE TEST_PROGRAM [ARGS...]" >&2; exit 2; }
suite=$1 prog=$2
shift 2
case $suite in
*[!a-z0-9-]* | "") echo "$0: bad suite name '$suite'" >&2; exit 2 ;;
esac
[ -x "$prog" ] || { echo "$0: $prog: not an executable" >&2; exit 2; }
skip() { echo "# SKIP $suite: $*"; exit 4; }
[ "$(id -u)" -eq 0 ] || skip "chroot needs root"
command -v debootstrap >/dev/null || skip "debootstrap is not installed"
if [ ! -e "/usr/share/debootstrap/scripts/$suite" ]; then
	echo "$0: debootstrap knows no suite '$suite'" >&2
	exit 2
fi

# The first Debian archive URI of the system's sources (not the security
# archive): deb822 files first, then one-line sources.
mirror=$(
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] && awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] && awk '$1 == "deb" { for (i = 2; i <= NF; i++)
			if ($i ~ /^[a-z]+:\/\//) { print $i; break } }' "$f"
	done | cat
)
mirror=$(grep -v -e -security -e '^$' <<<"$mirror" | grep /debian | head -n 1)
[ -n "$mirror" ] || skip "no Debian mirror in the system's apt sources"

root=${RINGCHECK_CACHE:-$HOME/.cache/ringcheck}/perf-chroot/$suite
mkdir -p "$(dirname "$root")"
# One maker at a time: a second run sharing the cache waits, then finds
# the chroot complete.
exec 9>"$root.lock"
flock 9
if [ ! -e "$root/.ringcheck-complete" ]; then
	rm -rf "$root"
	mkdir -p "$root"
	echo "# debootstrap $suite from $mirror into $root" >&2
	# python3 for perf's Python binding (perf_python_test)
	debootstrap --variant=minbase --include=linux-perf,python3 \
		--keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
		"$suite" "$root" "$mirror" >"$root.log" 2>&1 || {
		rm -rf "$root"
		skip "debootstrap failed (see $root.log)"
	}
	touch "$root/.ringcheck-complete"
fi
flock -u 9

# Debian's /usr/bin/perf picks perf_<kernel version> in older releases:
# take the versioned binary when there is one.
perf=$(cd "$root" && ls usr/bin/perf_[0-9]* 2>/dev/null | sort -V | tail -n 1)
[ -n "$perf" ] || perf=usr/bin/perf
[ -x "$root/$perf" ] || skip "no perf in the $suite chroot"

mkdir -p "$root/proc" "$root/sys" "$root/dev" "$root/ringcheck"
cp "$prog" "$root/ringcheck/"
cleanup() {
	umount -R "$root/sys" 2>/dev/null
	umount -R "$root/dev" 2>/dev/null
	umount "$root/proc" 2>/dev/null
}
trap cleanup EXIT
mount -t proc proc "$root/proc" &&
	mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys" &&
	mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev" ||
	skip "cannot mount /proc, /sys, /dev"
# (/dev recursively: perf_top_test gives perf top a pseudo-terminal of
# /dev/pts)
echo "# $suite: $(chroot "$root" "/$perf" --version)"
chroot "$root" env RINGCHECK_PERF="/$perf" TMPDIR=/tmp \
	"/ringcheck/$(basename "$prog")" "$@"
