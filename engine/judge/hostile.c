// SPDX-License-Identifier: GPL-2.0-only
/*
 * Clause 6: on a ring no kernel writes (a corrupt size, a head past what
 * was written, garbage), the ledger no longer says what lies there. What a
 * reader returns is judged by what any kernel record is: a size of 8 or
 * more, a multiple of 8, no more than the data area in one cycle, and
 * never from a range a whole ring or more behind the head.
 */
#include <inttypes.h>

#include "judge_internal.h"

void judge_structure(struct judge *j, const struct perf_event_header *ev)
{
	if (ev->size < 8 || ev->size % 8)
		judge_fail(j, "record-size",
			   "read_event returned a record of size %u: the "
			   "kernel writes none below 8 or off 8-byte "
			   "alignment, a reader stops there", ev->size);
	/* A forward ring never has a whole ring outstanding: bytes from
	 * such a range are stale, whatever they look like. */
	if (!j->overwrite && j->corrupted &&
	    j->snap_head - j->delivered_end >= judge_cfg(j)->data_size)
		judge_fail(j, "stale-range",
			   "read_event returned a record although data_head "
			   "is %" PRIu64 " bytes past what was delivered, more "
			   "than the data area holds",
			   j->snap_head - j->delivered_end);
	j->cycle_bytes += ev->size;
	if (j->cycle_bytes > judge_cfg(j)->data_size)
		judge_fail(j, "cycle-overrun",
			   "one cycle returned %" PRIu64 " bytes from a "
			   "%lu-byte data area", j->cycle_bytes,
			   judge_cfg(j)->data_size);
}
