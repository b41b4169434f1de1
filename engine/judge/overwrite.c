// SPDX-License-Identifier: GPL-2.0-only
/*
 * Clause 2: an overwrite (backward) cycle delivers exactly the records
 * written since the previous cycle that are still whole, newest first,
 * as a walk from data_head finds them. The first cycle may stop where the
 * records written before the reader opened the ring begin.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "judge_internal.h"

/* The whole new records of a cycle beginning now, newest first. */
void judge_overwrite_expect(struct judge *j)
{
	size_t n = fake_ring_ledger_count(j->ring), k, m = 0;
	uint64_t pos = fake_ring_data_head(j->ring);

	/*
	 * The new whole records a walk from data_head can reach: each one
	 * starts where the one before it ended, in the data area. A record
	 * that wrapped over its own LOST is whole, but its LOST header, the
	 * first step of the walk, is gone: neither it nor anything older
	 * can be found.
	 */
	j->expect = realloc(j->expect, (n + 1) * sizeof(*j->expect));
	k = fake_ring_whole_entries(j->ring, j->expect, n);
	for (size_t i = 0; i < k; i++) {
		const struct fake_ring_entry *e =
			fake_ring_ledger_entry(j->ring, j->expect[i]);

		/* positions in the data area: with a LOST as long as the
		 * ring, the record's header is where the walk begins */
		if (j->expect[i] < j->boundary ||
		    ((e->start - pos) & (judge_cfg(j)->data_size - 1)))
			break;
		pos += e->size;
		j->expect[m++] = j->expect[i];
	}
	j->nexpect = m;
	j->nexpect_new = m;
	if (j->first_cycle)
		for (j->nexpect_new = 0; j->nexpect_new < m &&
		     j->expect[j->nexpect_new] >= j->opened_rows;
		     j->nexpect_new++)
			;
	j->cursor = 0;
	j->boundary_next = n;
}

void judge_overwrite(struct judge *j, const struct perf_event_header *ev)
{
	const struct fake_ring_entry *e;

	if (j->corrupted) {
		judge_structure(j, ev);
		return;
	}
	if (j->cursor == j->nexpect)
		judge_fail(j, "overwrite-extra",
			   "read_event returned a record (size %u) after the "
			   "%zu records that are whole and new in this cycle: "
			   "cut by the window, or from an earlier cycle",
			   ev->size, j->nexpect);
	e = fake_ring_ledger_entry(j->ring, j->expect[j->cursor]);
	if (ev->size == e->size &&
	    memcmp(ev, fake_ring_entry_bytes(j->ring, e), e->size))
		judge_fail_bytes(j, "overwrite-wrong", "this cycle returned, "
				 "newest first,", ev, e, j->expect[j->cursor]);
	if (ev->size != e->size)
		judge_fail(j, "overwrite-wrong",
			   "record %zu of this cycle: %u bytes (type %u) where "
			   "ledger row %zu (start %" PRIu64 ", %u bytes, type "
			   "%u) was due, newest first",
			   j->cursor, ev->size, ev->type, j->expect[j->cursor],
			   e->start, e->size, e->type);
	j->cursor++;
	judge_keep_for_lifetime(j, ev);
}

/* how: what ended the cycle, for the message */
void judge_overwrite_end(struct judge *j, const char *how)
{
	/* the first cycle may stop where the records written before the
	 * reader opened the ring begin (it started at the head at open) */
	if (!j->corrupted && j->cursor < j->nexpect &&
	    j->cursor != j->nexpect_new)
		judge_fail(j, "overwrite-short",
			   "%s after %zu of %zu whole new records of the "
			   "cycle; next due: ledger row %zu", how,
			   j->cursor, j->nexpect, j->expect[j->cursor]);
}
