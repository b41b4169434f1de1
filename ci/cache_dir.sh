# SPDX-License-Identifier: GPL-2.0-only
#
# Sourced by the scripts that write into ringcheck's cache
# (RINGCHECK_CACHE). The cache may sit beside a user's own files, or a
# user may have put a directory of theirs at one of its paths (a kernel
# tree linked as linux-6.12, say): ringcheck writes into, replaces or
# deletes only directories that carry its marker, a file it writes into
# each directory it creates before anything else. Anything else at one of
# its paths is left as it is and the script exits 2 naming it.
#
# cache_claim DIR [LEGACY]	DIR is ringcheck's after this: made (with
#				its marker) if missing; an empty directory
#				or one the LEGACY function recognises as
#				written by an older ringcheck (before the
#				marker) is marked; any other is refused
# cache_mark DIR		marks a directory the caller just made
#				(mktemp -d)
# cache_remove DIR		rm -rf DIR if it is ringcheck's; refused
#				otherwise

CACHE_MARKER=.ringcheck-cache

cache_refuse() {
	echo "${0##*/}: $1 is not ringcheck's (it has no $CACHE_MARKER" \
	     "marker): it is left untouched; move it away or set" \
	     "RINGCHECK_CACHE to another directory" >&2
	exit 2
}

cache_mark() {
	echo "made by ringcheck; ringcheck may replace or delete this" \
	     "directory" >"$1/$CACHE_MARKER"
}

cache_owned() {
	[ -d "$1" ] && ! [ -L "$1" ] && [ -f "$1/$CACHE_MARKER" ]
}

cache_claim() {
	local dir=$1 legacy=${2:-}

	cache_owned "$dir" && return 0
	if ! [ -e "$dir" ] && ! [ -L "$dir" ]; then
		mkdir -p "$dir" && cache_mark "$dir"
		return
	fi
	if [ -d "$dir" ] && ! [ -L "$dir" ] &&
	   { [ -z "$(ls -A "$dir")" ] ||
	     { [ -n "$legacy" ] && "$legacy" "$dir"; }; }; then
		cache_mark "$dir"
		return
	fi
	# marked meanwhile by another build sharing the cache
	cache_owned "$dir" || cache_refuse "$dir"
}

cache_remove() {
	if ! [ -e "$1" ] && ! [ -L "$1" ]; then
		return 0
	fi
	cache_owned "$1" || cache_refuse "$1"
	rm -rf "$1"
}
