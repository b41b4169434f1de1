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

#include "diagnose.h"
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
	j->expect_end = pos;
	j->nexpect_new = m;
	if (j->first_cycle)
		for (j->nexpect_new = 0; j->nexpect_new < m &&
		     j->expect[j->nexpect_new] >= j->opened_rows;
		     j->nexpect_new++)
			;
	j->cursor = 0;
	j->boundary_next = n;
}

/* Whether every record written since the last cycle is whole (and so
 * expected: the window cut none of them). */
static bool every_new_whole(struct judge *j)
{
	size_t n = fake_ring_ledger_count(j->ring), i;

	for (i = j->boundary; i < n; i++) {
		const struct fake_ring_entry *e =
			fake_ring_ledger_entry(j->ring, i);

		if (e->outcome == FAKE_RING_WRITTEN &&
		    !fake_ring_entry_whole(j->ring, e))
			return false;
	}
	return true;
}

/*
 * A record past the cycle's whole new ones: the ledger says which of two
 * it is. Where the walk goes on, a whole row starting there was delivered
 * in an earlier cycle (or is history the reader skipped); no whole row
 * there means the window cut the record (or its LOST header is gone),
 * unless the window cut nothing new: then the bytes are older still.
 */
static void __attribute__((noreturn))
overwrite_extra(struct judge *j, const struct perf_event_header *ev)
{
	size_t n = fake_ring_ledger_count(j->ring), i;
	uint64_t at = j->expect_end;
	char c[48];

	for (i = 0; i < n; i++) {
		const struct fake_ring_entry *e =
			fake_ring_ledger_entry(j->ring, i);

		if (e->outcome != FAKE_RING_WRITTEN || e->start != at ||
		    !fake_ring_entry_whole(j->ring, e))
			continue;
		judge_fail(j, "overwrite-earlier-cycle",
			   "read_event returned a record (size %u) after the "
			   "%zu records that are whole and new in this cycle: "
			   "the ledger's row %zu (start %s), whole, "
			   "delivered in an earlier cycle: "
			   "backward-discards-prev (1)", ev->size, j->nexpect,
			   i, diag_counter(c, sizeof(c), at));
	}
	/* Not a cycle the window cut: every record written since the last
	 * one is whole and was delivered, so the bytes past them are older
	 * than that cycle (what is left of a record the new ones partly
	 * overwrote): the walk went on past where the last cycle began. */
	if (!j->first_cycle && every_new_whole(j))
		judge_fail(j, "overwrite-earlier-cycle",
			   "read_event returned a record (size %u) after the "
			   "%zu records that are whole and new in this cycle, "
			   "all that was written since the last one: no whole "
			   "record starts there (%s), bytes older than the "
			   "last cycle: backward-discards-prev (1)", ev->size,
			   j->nexpect, diag_counter(c, sizeof(c), at));
	judge_fail(j, "overwrite-cut",
		   "read_event returned a record (size %u) after the %zu "
		   "records that are whole and new in this cycle: no whole "
		   "record starts there (%s), the overwrite window cut it: "
		   "record-past-window (4)", ev->size, j->nexpect,
		   diag_counter(c, sizeof(c), at));
}

void judge_overwrite(struct judge *j, const struct perf_event_header *ev)
{
	const struct fake_ring_entry *e;

	if (j->corrupted) {
		judge_structure(j, ev);
		return;
	}
	if (j->cursor == j->nexpect)
		overwrite_extra(j, ev);
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
