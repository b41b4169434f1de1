#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The name ringcheck gives a reader built from a user's source tree
# (make upstream LIBPERF_SRC=... LIBBPF_SRC=...), so that plugins of two
# trees or two revisions sit side by side: `git describe` where the
# tree's sources are tracked by git ("v6.13-rc1-42-gabc1234", "-dirty"
# when they differ from that commit); otherwise the tree's kernel version
# (its top Makefile; "src" if it has none), its directory name and a hash
# of its path ("6.12.0-linux-3f2a1c"). Only reads the tree: git runs
# without optional locks, so it never refreshes the tree's index.
# usage: ci/tree_name.sh DIR [FILE]	(FILE: a file of the sources, relative
#					 to DIR, that git must track)
set -uo pipefail

[ $# -ge 1 ] && [ -d "$1" ] || { echo "usage: $0 DIR [FILE]" >&2; exit 2; }
dir=$(cd "$1" && pwd -P)
file=${2:-Makefile}
export GIT_OPTIONAL_LOCKS=0
git=(git -c safe.directory='*' -C "$dir")

if "${git[@]}" ls-files --error-unmatch -- "$file" >/dev/null 2>&1 &&
   name=$("${git[@]}" describe --tags --always 2>/dev/null); then
	if [ -n "$("${git[@]}" status --porcelain --untracked-files=no -- . \
		   2>/dev/null)" ]; then
		name+=-dirty
	fi
	echo "$name"
	exit 0
fi

# the kernel version of the tree (its top Makefile), if it has one
top=$dir
while [ "$top" != / ] && ! grep -qs '^PATCHLEVEL = ' "$top/Makefile"; do
	top=$(dirname "$top")
done
version=src
if [ "$top" != / ]; then
	version=$(awk -F' = ' '/^VERSION = /{v=$2} /^PATCHLEVEL = /{p=$2}
		/^SUBLEVEL = /{s=$2} END{print v "." p "." s}' "$top/Makefile")
fi
echo "$version-$(basename "$dir" | tr -c 'A-Za-z0-9._\n-' _)-$(printf %s "$dir" |
	sha1sum | cut -c1-6)"
