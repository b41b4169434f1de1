// SPDX-License-Identifier: GPL-2.0-only
/*
 * Clause 11: a callback reader's drain. Every record handed to the
 * callback is judged as read_event's would be; a LOST count it decodes is
 * the LOST record's own; it stops when asked; and when drain returns, what
 * it delivered is released and nothing published before it began is left,
 * unless the usage stopped it early.
 */
#include <inttypes.h>
#include <string.h>

#include "judge_internal.h"

/* The count a LOST record reports: the ledger's, or for a kernel's record
 * the u64 after the header and the id (struct lost_event). */
static long long lost_truth(struct judge *j, const struct fake_ring_entry *e)
{
	uint64_t lost;

	if (e->is_lost)
		return (long long)e->lost;
	if (e->type != FAKE_RING_TYPE_LOST || e->size < 24)
		return -1;
	memcpy(&lost, fake_ring_entry_bytes(j->ring, e) + 16, 8);
	return (long long)lost;
}

void judge_drain_begin(struct judge *j)
{
	j->snap_head = fake_ring_data_head(j->ring);
	j->low_head = j->snap_head;
	judge_walk_begin(j);
	j->cycle_bytes = 0;
	j->in_cycle = true;
	if (j->overwrite && !j->corrupted)
		judge_overwrite_expect(j);
}

void judge_drain_record(struct judge *j, const struct perf_event_header *ev,
			long long lost, bool stopped)
{
	const struct fake_ring_entry *e;
	long long truth;

	if (stopped)
		judge_fail(j, "drain-after-stop",
			   "drain went on after the callback asked it to stop");
	if (!ev)
		judge_fail(j, "drain-null",
			   "drain handed the callback a NULL record");
	if (j->overwrite)
		judge_overwrite(j, ev);
	else
		judge_forward(j, ev);
	if (j->corrupted)
		return;
	e = fake_ring_ledger_entry(j->ring, j->overwrite
				   ? j->expect[j->cursor - 1]
				   : j->next_row - 1);
	truth = lost_truth(j, e);
	if (lost >= 0 && truth < 0)
		judge_fail(j, "lost-count-invented",
			   "drain reported a LOST count of %lld for a record "
			   "of type %u", lost, ev->type);
	if (lost >= 0 && lost != truth)
		judge_fail(j, "lost-count-wrong",
			   "drain decoded a LOST count of %lld where the LOST "
			   "record reports %lld: lost-count-from-id (11)",
			   lost, truth);
}

/* What the reader sees when it reloads the head now (clause 1.4). */
void judge_drain_head_now(struct judge *j)
{
	if (j->stale_head &&
	    (int64_t)(fake_ring_data_head(j->ring) - j->low_head) < 0)
		j->low_head = fake_ring_data_head(j->ring);
}

void judge_drain_end(struct judge *j, int ret, bool stopped)
{
	const struct fake_ring_entry *e;

	/* a head lower than before (pre-2019 kernels): an error is a fine
	 * answer, as from read_init */
	if (ret && !j->corrupted && !j->stale_head)
		judge_fail(j, "drain-error",
			   "drain returned %d on a conforming ring", ret);
	if (j->overwrite) {
		if (!stopped)
			judge_overwrite_end(j, "drain returned");
		j->boundary = j->boundary_next;
		j->first_cycle = false;
	} else {
		judge_tail(j, "drain");
		/*
		 * A reader that reloads the head may stop at a lower one
		 * shown mid-cycle, as a pull reader's read_event may return
		 * NULL there (1.4: nothing new); what lies below it is
		 * still owed. The reload itself is judged where records
		 * come past the snapshot (12).
		 */
		e = j->corrupted || stopped ? NULL : judge_owed(j, j->low_head);
		if (e)
			judge_fail(j, "drain-missed",
				   "drain returned before ledger row %zu "
				   "(start %" PRIu64 "), published before it "
				   "began", j->next_row, e->start);
	}
	j->in_cycle = false;
}
