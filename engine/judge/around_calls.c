// SPDX-License-Identifier: GPL-2.0-only
/*
 * Clauses 7 and 8: what no reader call may change. A record read_event
 * returned stays valid until the next call, and no call writes the ring's
 * records; the control page is compared around every call (a reader
 * writes nothing but data_tail, and an overwrite reader not even that).
 */
#include <string.h>

#include "judge_internal.h"

void judge_before_call(struct judge *j)
{
	/* A record returned by read_event stays valid until this call. */
	if (j->last_ev && j->writer_acted &&
	    memcmp(j->last_ev, j->last_copy,
		   ((const struct perf_event_header *)j->last_copy)->size))
		judge_fail(j, "record-lifetime",
			   "the record read_event returned changed under "
			   "writer activity before the next call: the reader "
			   "handed out space it had released: "
			   "released-pointer (5)");
	if (j->last_ev && (uintptr_t)j->last_ev >= j->ring_lo &&
	    (uintptr_t)j->last_ev < j->ring_hi) {
		uint8_t *t = j->held_copy;

		j->held = (const uint8_t *)j->last_ev;
		j->held_copy = j->last_copy;
		j->last_copy = t;
	}
	j->last_ev = NULL;
	j->writer_acted = false;
	/* the page as the call finds it; unchanged since the last call
	 * returned unless the writer wrote it */
	if (!j->ctrl_valid ||
	    j->ctrl_gen != fake_ring_control_gen(j->ring)) {
		memcpy(j->ctrl, fake_ring_control_page(j->ring), CTRL_CHECKED);
		j->ctrl_gen = fake_ring_control_gen(j->ring);
		j->ctrl_valid = true;
	}
	j->in_call = true;
}

void judge_after_call(struct judge *j, const char *call)
{
	const uint8_t *now = fake_ring_control_page(j->ring);
	const uint8_t *held = j->held;
	size_t i;

	j->in_call = false;
	j->held = NULL;
	if (held && memcmp(held, j->held_copy,
			   ((const struct perf_event_header *)j->held_copy)->size)) {
		j->res->stray = true;
		judge_fail(j, "record-scribbled",
			   "%s changed a record of the ring the reader had "
			   "returned before: a reader writes nothing but "
			   "data_tail", call);
	}
	/* most calls change nothing: one comparison of the whole page */
	if (!memcmp(now, j->ctrl, CTRL_CHECKED))
		return;
	if (!memcmp(now, j->ctrl, TAIL_OFFSET) &&
	    !memcmp(now + TAIL_OFFSET + 8, j->ctrl + TAIL_OFFSET + 8,
		    CTRL_CHECKED - TAIL_OFFSET - 8) &&
	    (j->overwrite ? !memcmp(now + TAIL_OFFSET, j->ctrl + TAIL_OFFSET, 8)
			  : true)) {
		/* the reader released: the snapshot follows its data_tail */
		memcpy(j->ctrl + TAIL_OFFSET, now + TAIL_OFFSET, 8);
		return;
	}
	for (i = 0; i < CTRL_CHECKED; i++) {
		if (now[i] == j->ctrl[i])
			continue;
		if (!j->overwrite && i >= TAIL_OFFSET && i < TAIL_OFFSET + 8)
			continue;
		j->res->stray = true;
		judge_fail(j, "control-page-write",
			   "%s wrote the control page at offset %zu: a reader "
			   "writes nothing but data_tail", call, i);
	}
}

/*
 * Past CTRL_CHECKED a 16/64 KiB control page is zero and nobody writes it:
 * a write there stays, so one look after the last reader call (close)
 * finds it, without a scan around every call. No longjmp: the reader is
 * closed, and an earlier failure stays the verdict.
 */
void judge_control_rest(struct judge *j)
{
	static const uint8_t zero[65536 - CTRL_CHECKED];
	const uint8_t *page = fake_ring_control_page(j->ring);
	struct judge_result *res = j->res;
	size_t i, ps = judge_cfg(j)->page_size;

	if (ps <= CTRL_CHECKED || ps > CTRL_CHECKED + sizeof(zero) ||
	    !memcmp(page + CTRL_CHECKED, zero, ps - CTRL_CHECKED))
		return;
	for (i = CTRL_CHECKED; i < ps; i++) {
		if (!page[i])
			continue;
		if (res->verdict != VERDICT_FAIL) {
			res->verdict = VERDICT_FAIL;
			res->stray = true;
			res->step = j->s->nsteps;
			snprintf(res->check, sizeof(res->check),
				 "control-page-write");
			snprintf(res->msg, sizeof(res->msg), "the reader wrote "
				 "the control page at offset %zu of %lu: a "
				 "reader writes nothing but data_tail", i, ps);
		}
		return;
	}
}
