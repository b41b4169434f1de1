#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Plants a deliberate ABI change into a kernel tree of ringcheck's own
# (make qemu-kernel-test's copy, never a user's): after records were lost,
# the next record the kernel tries to write goes out without its
# PERF_RECORD_LOST, and the one after it carries the LOST instead. A reader
# is then told of the loss one record late: the differential test and the
# ABI comparison must both flag it. (When that first attempt finds no room
# either, as in a ring that stays full, nothing shows: after a pause it
# does.)
# Edits kernel/events/internal.h and ring_buffer.c in place (a symbolic
# link there is replaced by a copy first), at anchor lines that must each
# occur once.
# usage: selftests/qemu/plant_lost_later.sh TREE
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 TREE" >&2; exit 2; }
events=$1/kernel/events
if grep -q 'planted ABI change' "$events/internal.h"; then
	echo "$0: $1 is planted already" >&2
	exit 1
fi

# insert_after FILE ANCHOR_REGEX TEXT: TEXT after the one line matching
insert_after() {
	local file=$1 anchor=$2 text=$3 n
	n=$(grep -cE "$anchor" "$file" || true)
	[ "$n" -eq 1 ] ||
		{ echo "$0: $file: '$anchor' occurs $n times, not once" >&2; exit 1; }
	if [ -L "$file" ]; then
		cp --remove-destination "$(readlink -f "$file")" "$file"
	fi
	awk -v anchor="$anchor" -v text="$text" \
		'{ print } $0 ~ anchor { print text }' "$file" >"$file.planted"
	mv "$file.planted" "$file"
}

insert_after "$events/internal.h" '^[[:space:]]*local_t[[:space:]]+lost;' \
	'	int				lost_deferred;	/* planted ABI change */'
insert_after "$events/ring_buffer.c" '^[[:space:]]*have_lost = local_read\(&rb->lost\);' \
	'	/* planted ABI change: the first record after a loss goes out
	 * without its LOST record; the next record carries it instead */
	if (unlikely(have_lost) && !rb->lost_deferred) {
		rb->lost_deferred = 1;
		have_lost = 0;
	}'
insert_after "$events/ring_buffer.c" '^[[:space:]]*lost_event\.lost[[:space:]]*= local_xchg\(&rb->lost, 0\);' \
	'		rb->lost_deferred = 0;'
