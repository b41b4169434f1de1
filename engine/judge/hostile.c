// SPDX-License-Identifier: GPL-2.0-only
/*
 * Clause 6: on a ring no kernel writes (a corrupt size, a head past what
 * was written, garbage), the ledger no longer says what lies there. What a
 * reader returns is judged by what any kernel record is: a size of 8 or
 * more, a multiple of 8, no more than the data area in one cycle, and
 * never from a range a whole ring or more behind the head.
 */
#include <inttypes.h>

#include "diagnose.h"
#include "judge_internal.h"

/* A cycle on a backward ring begins at head: a push at the same head
 * later finds nothing new there (push_hostile.c). */
void judge_cycle_at(struct judge *j, uint64_t head)
{
	j->cycled = true;
	j->cycled_head = head;
}

/* Where a cycle beginning now walks from, for records returned as copies:
 * forward, the reader's release point; backward, the head. */
void judge_walk_begin(struct judge *j)
{
	j->walk_pos = j->overwrite ? j->snap_head
				   : fake_ring_data_tail(j->ring);
	if (j->overwrite)
		judge_cycle_at(j, j->snap_head);
}

/*
 * Where the published range ends for the record just returned: forward,
 * the highest head the reader could have loaded (its snapshot or the head
 * now); backward, the writer's start, or a ring above the head once the
 * writer lapped it.
 */
static uint64_t published_end(const struct judge *j)
{
	uint64_t now = fake_ring_data_head(j->ring), ds = judge_cfg(j)->data_size;
	uint64_t start = j->s->cfg.start;

	if (j->overwrite)
		return start - j->snap_head < ds ? start : j->snap_head + ds;
	return (int64_t)(now - j->snap_head) > 0 ? now : j->snap_head;
}

/*
 * Clause 6: a record returned lies inside the published range. Its
 * counter position comes from where it lies in the reader's view of the
 * data area (the range is at most a ring long, so its offset fixes it),
 * or for a copy from the cycle's walk so far.
 */
static void judge_past_head(struct judge *j,
			    const struct perf_event_header *ev)
{
	uint64_t end = published_end(j), ds = judge_cfg(j)->data_size;
	uintptr_t at = (uintptr_t)ev;
	uint64_t pos = j->walk_pos, room;
	char e[48], p[48];

	if (at >= j->ring_lo && at < j->ring_hi) {
		room = (end - (at - j->ring_lo)) & (ds - 1);
		pos = end - (room ? room : ds);
	}
	j->walk_pos = pos + ev->size;
	/* a head behind the reader publishes nothing: stale-range's */
	if ((int64_t)(end - pos) <= 0 || end - pos > ds)
		return;
	if (ev->size > end - pos)
		judge_fail(j, "record-past-head",
			   "a record of %u bytes at %s was returned, but the "
			   "published range ends at %s, %" PRIu64 " bytes "
			   "after its start: the reader trusted a size that "
			   "runs past %s: size-past-head (25)", ev->size,
			   diag_counter(p, sizeof(p), pos),
			   diag_counter(e, sizeof(e), end), end - pos,
			   j->overwrite ? "where the writer started"
					: "data_head");
}

void judge_structure(struct judge *j, const struct perf_event_header *ev)
{
	if (ev->size < 8 || ev->size % 8)
		judge_fail(j, "record-size",
			   "read_event returned a record of size %u: the "
			   "kernel writes none below 8 or off 8-byte "
			   "alignment, a reader stops there", ev->size);
	judge_past_head(j, ev);
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
	/* a backward walk has no head to reload: more than a ring is a
	 * walk past the window, not a drain a writer keeps going */
	if (j->overwrite && j->cycle_bytes > judge_cfg(j)->data_size)
		judge_fail(j, "window-overrun",
			   "one backward cycle returned %" PRIu64 " bytes from "
			   "a %lu-byte data area: the walk from data_head went "
			   "past the window's end", j->cycle_bytes,
			   judge_cfg(j)->data_size);
	if (j->cycle_bytes > judge_cfg(j)->data_size)
		judge_fail(j, "cycle-overrun",
			   "one cycle returned %" PRIu64 " bytes from a "
			   "%lu-byte data area", j->cycle_bytes,
			   judge_cfg(j)->data_size);
}
