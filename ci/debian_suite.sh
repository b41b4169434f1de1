#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# apt-get on other Debian suites (bullseye, sid, bookworm-security, ...)
# without touching the system's apt configuration: the mirrors are read from
# this machine's apt sources at run time (deb822 files in
# /etc/apt/sources.list.d/, or /etc/apt/sources.list; the security archive's
# for *-security suites), and apt runs with private state under
# $RINGCHECK_CACHE/apt/<suites>/ (its own sources list naming only those
# suites, lists, archives, status file). The keyring is the system's
# debian-archive-keyring. A directory at one of those paths that is not
# ringcheck's is left alone (ci/cache_dir.sh). RINGCHECK_APT_ARCH=arm64
# (say) looks at another architecture's packages (state under
# apt/<suites>-<arch>/).
#
# usage: ci/debian_suite.sh SUITE[,SUITE...] newest REGEX
#		prints the names of the packages whose name matches REGEX
#		(extended, anchored), highest version first
#        ci/debian_suite.sh SUITE[,SUITE...] download PACKAGE DIR
#		downloads PACKAGE into DIR, prints the path of the .deb
# Exit 1 with a reason on stderr when the suite or the package cannot be
# had; 2 on a usage error or a directory in the cache not ringcheck's.
set -uo pipefail

usage() {
	echo "usage: $0 SUITE[,SUITE...] newest REGEX | SUITE[,SUITE...] download PACKAGE DIR" >&2
	exit 2
}
[ $# -ge 3 ] || usage
suite=$1 cmd=$2
case $suite in
*[!a-z0-9,-]* | "" | ,* | *,) echo "$0: bad suite list '$suite'" >&2; exit 2 ;;
esac

# The Debian archive URIs of the system's sources.
mirror_uris() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		awk '$1 == "deb" { for (i = 2; i <= NF; i++)
			if ($i ~ /^[a-z]+:\/\//) { print $i; break } }' "$f"
	done
}
uris=$(mirror_uris)
main_uri=$(grep -v -- '-security' <<<"$uris" | head -n 1)
security_uri=$(grep -- '-security' <<<"$uris" | head -n 1)

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
arch=${RINGCHECK_APT_ARCH:-$(dpkg --print-architecture)}
case $arch in
*[!a-z0-9]* | "") echo "$0: bad architecture '$arch'" >&2; exit 2 ;;
esac
cache=${RINGCHECK_CACHE:-$HOME/.cache/ringcheck}
state=$cache/apt/$suite
[ "$arch" = "$(dpkg --print-architecture)" ] || state=$state-$arch
# apt state of an older ringcheck (before the marker): only what this
# script makes there (an older one may be making it at this moment)
legacy_apt_state() {
	! ls -A "$1" | grep -qvxE 'lists|archives|etc|status|[a-z]+\.log|\.ringcheck-cache'
}
legacy_apt() {
	local d
	for d in "$1"/*; do
		[ -d "$d" ] && legacy_apt_state "$d" || return 1
	done
}
# only directories of ringcheck's own are written (ci/cache_dir.sh)
. "$(dirname "$0")/cache_dir.sh"
[ -d "$cache" ] || cache_claim "$cache"
cache_claim "$cache/apt" legacy_apt
cache_claim "$state" legacy_apt_state
mkdir -p "$state/lists/partial" "$state/archives/partial" "$state/etc"
touch "$state/status"
for s in ${suite//,/ }; do
	case $s in
	*-security) uri=$security_uri ;;
	*) uri=$main_uri ;;
	esac
	if [ -z "$uri" ]; then
		echo "$0: no Debian mirror for $s in the system's apt sources" >&2
		exit 1
	fi
	echo "deb [signed-by=$keyring] $uri $s main"
done >"$state/etc/sources.list"
apt_opts=(-o "Dir::Etc::sourcelist=$state/etc/sources.list"
	  -o "Dir::Etc::sourceparts=-"
	  -o "Dir::State=$state" -o "Dir::State::lists=$state/lists"
	  -o "Dir::State::status=$state/status"
	  -o "Dir::Cache=$state" -o "Dir::Cache::archives=$state/archives"
	  -o "APT::Architecture=$arch" -o "APT::Architectures=$arch"
	  -o "APT::Get::List-Cleanup=0" -o "Debug::NoLocking=1")

# The lists at most a day old.
update() {
	if [ -z "$(find "$state/lists" -maxdepth 1 -name '*Packages*' \
		   -mmin -1440 2>/dev/null)" ]; then
		apt-get "${apt_opts[@]}" -qq update >"$state/update.log" 2>&1 ||
			{ echo "$0: apt-get update of $suite failed:" \
			       "$(tail -n 1 "$state/update.log")" >&2; exit 1; }
	fi
}

case $cmd in
newest)
	update
	names=$(apt-cache "${apt_opts[@]}" pkgnames 2>/dev/null |
		grep -E "^($3)\$")
	if [ -z "$names" ]; then
		echo "$0: no package of $suite matches $3" >&2
		exit 1
	fi
	# highest candidate version first; ties broken by name
	for n in $names; do
		v=$(apt-cache "${apt_opts[@]}" show --no-all-versions "$n" \
			2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
		echo "$v $n"
	done | sort -r -V -k1,1 -k2,2 | cut -d' ' -f2
	;;
download)
	[ $# -eq 4 ] || usage
	update
	mkdir -p "$4"
	(cd "$4" && apt-get "${apt_opts[@]}" -qq download "$3" \
		>"$state/download.log" 2>&1) ||
		{ echo "$0: cannot download $3 from $suite:" \
		       "$(tail -n 1 "$state/download.log")" >&2; exit 1; }
	ls -t "$4/${3}_"*.deb | head -n 1
	;;
*)
	usage ;;
esac
