// SPDX-License-Identifier: GPL-2.0-only
/*
 * Clause 1: a forward ring delivers every committed record exactly once,
 * in order, byte for byte, and data_tail releases exactly what was
 * returned. The ledger says which record is owed next: the first written
 * row not yet delivered, once the head the reader could see covers it.
 */
#include <inttypes.h>
#include <string.h>

#include "diagnose.h"
#include "judge_internal.h"

/* The next record the reader owes, or NULL if none is published. */
const struct fake_ring_entry *judge_owed(struct judge *j, uint64_t head)
{
	size_t n = fake_ring_ledger_count(j->ring);

	while (j->next_row < n) {
		const struct fake_ring_entry *e =
			fake_ring_ledger_entry(j->ring, j->next_row);

		if (e->outcome == FAKE_RING_DROPPED) {
			j->next_row++;
			continue;
		}
		if (e->outcome != FAKE_RING_WRITTEN ||
		    e->start + e->size - j->s->cfg.start >
			    head - j->s->cfg.start)
			return NULL;
		return e;
	}
	return NULL;
}

void judge_keep_for_lifetime(struct judge *j,
			     const struct perf_event_header *ev)
{
	j->last_ev = ev;
	memcpy(j->last_copy, ev, ev->size);
}

/* Same size, wrong bytes: where, and which. */
void judge_fail_bytes(struct judge *j, const char *check, const char *what,
		      const struct perf_event_header *ev,
		      const struct fake_ring_entry *e, size_t row)
{
	const uint8_t *want = fake_ring_entry_bytes(j->ring, e);
	long at = diag_first_difference(want, (const uint8_t *)ev, e->size);
	char w[64], g[64];

	memcpy(j->last_copy, ev, e->size);
	j->diff_row = e;
	j->diff_at = at;
	judge_fail(j, check, "%s ledger row %zu (ring offset %" PRIu64 ", %u "
		   "bytes, type %u) with wrong bytes from byte %ld: expected "
		   "%s, got %s", what, row,
		   e->start & (judge_cfg(j)->data_size - 1), e->size, e->type,
		   at, diag_hex_window(w, sizeof(w), want, e->size, (size_t)at,
				       6),
		   diag_hex_window(g, sizeof(g), j->last_copy, e->size,
				   (size_t)at, 6));
}

void judge_forward(struct judge *j, const struct perf_event_header *ev)
{
	const struct fake_ring_entry *e;
	char c[48];

	if (j->corrupted) {
		judge_structure(j, ev);
		return;
	}
	e = judge_owed(j, j->snap_head);
	if (!e) {
		e = judge_owed(j, fake_ring_data_head(j->ring));
		if (e && ev->size == e->size &&
		    !memcmp(ev, fake_ring_entry_bytes(j->ring, e), e->size))
			judge_fail(j, "cycle-past-snapshot",
				   "read_event returned ledger row %zu, "
				   "published after read_init (head %s): the "
				   "cycle is not bounded by its snapshot, a "
				   "faster writer keeps the caller in the "
				   "loop: unbounded-drain (12)",
				   j->next_row, diag_counter(c, sizeof(c),
							     j->snap_head));
		judge_fail(j, "record-invented",
			   "read_event returned a record (size %u, type %u) "
			   "but the ledger owes none: duplicated or invented",
			   ev->size, ev->type);
	}
	if (ev->size == e->size &&
	    memcmp(ev, fake_ring_entry_bytes(j->ring, e), e->size))
		judge_fail_bytes(j, "record-wrong", "read_event returned", ev,
				 e, j->next_row);
	if (ev->size != e->size)
		judge_fail(j, "record-wrong",
			   "read_event returned %u bytes (type %u) where "
			   "ledger row %zu (start %" PRIu64 ", %u bytes, type "
			   "%u) was owed",
			   ev->size, ev->type, j->next_row, e->start, e->size,
			   e->type);
	j->next_row++;
	j->delivered_end = e->start + e->size;
	judge_keep_for_lifetime(j, ev);
}

/* call: the call just made, the one that set data_tail wrong */
void judge_tail(struct judge *j, const char *call)
{
	uint64_t tail = fake_ring_data_tail(j->ring);
	bool ahead = (int64_t)(tail - j->delivered_end) > 0;
	char t[48], d[48];

	if (j->corrupted || tail == j->delivered_end)
		return;
	judge_fail(j, ahead ? "tail-ahead" : "tail-behind",
		   "%s set data_tail to %s, the end of what was returned is "
		   "%s: %s", call, diag_counter(t, sizeof(t), tail),
		   diag_counter(d, sizeof(d), j->delivered_end),
		   ahead ? "it released records never returned" :
		   strcmp(call, "consume") ?
		   "it did not release what was returned" :
		   "it must release up to the last record returned, not "
		   "wait for read_done");
}

/* After the final drain: nothing published may be left. */
void judge_final_owed(struct judge *j)
{
	const struct fake_ring_entry *e;
	char c[48];

	e = judge_owed(j, fake_ring_data_head(j->ring));
	/* data_tail still at or before the row: the reader stopped, it
	 * released nothing past it; a data area looked for at 4096 bytes
	 * on a larger page stops so (it reads zero sizes) */
	if (e && (int64_t)(fake_ring_data_tail(j->ring) - e->start) <= 0) {
		if (judge_cfg(j)->page_size != 4096)
			judge_fail(j, "stalled-page-size",
				   "ledger row %zu (start %s, %u bytes) was "
				   "never delivered and data_tail stayed before "
				   "it: the reader stopped reading, on a ring "
				   "whose data area begins at its page size, not "
				   "4096: data-at-4096 (20)", j->next_row,
				   diag_counter(c, sizeof(c), e->start),
				   e->size);
		judge_fail(j, "stalled",
			   "ledger row %zu (start %s, %u bytes) was never "
			   "delivered and data_tail stayed before it: the "
			   "reader stopped reading", j->next_row,
			   diag_counter(c, sizeof(c), e->start), e->size);
	}
	if (e)
		judge_fail(j, "never-delivered",
			   "ledger row %zu (start %s, %u bytes) was never "
			   "delivered: a read_done that moves past records "
			   "not returned is read-done-skips (7)", j->next_row,
			   diag_counter(c, sizeof(c), e->start), e->size);
}
