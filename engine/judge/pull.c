// SPDX-License-Identifier: GPL-2.0-only
/*
 * A pull cycle (read_init, read_event.., consume, read_done) judged call by
 * call: the forward clauses (forward.c) or the overwrite ones
 * (overwrite.c), by the ring's mode. The player brackets each call with
 * judge_before_call() and judge_after_call().
 */
#include <errno.h>

#include "judge_internal.h"

/* read_init is about to be called: the head it may snapshot. */
void judge_init_begin(struct judge *j)
{
	j->snap_head = fake_ring_data_head(j->ring);
	judge_walk_begin(j);
}

void judge_init_end(struct judge *j, int ret)
{
	j->cycle_bytes = 0;
	j->in_cycle = ret == 0;
	/* A lower head than before (pre-2019 kernels): an error is a fine
	 * answer; a duplicate is not. */
	if (ret && ret != -EAGAIN && !j->corrupted && !j->stale_head)
		judge_fail(j, "init-error",
			   "read_init returned %d on a conforming ring", ret);
	if (j->overwrite && !j->corrupted) {
		judge_overwrite_expect(j);
		if (ret == -EAGAIN && j->nexpect_new)
			judge_fail(j, "init-missed",
				   "read_init said nothing new, but %zu whole "
				   "records were written since the last cycle",
				   j->nexpect_new);
	} else if (!j->overwrite && ret == -EAGAIN && !j->corrupted &&
		   judge_owed(j, j->snap_head)) {
		judge_fail(j, "init-missed",
			   "read_init said nothing new, but ledger row %zu is "
			   "published and not yet delivered", j->next_row);
	}
}

bool judge_in_cycle(const struct judge *j)
{
	return j->in_cycle;
}

void judge_event(struct judge *j, const struct perf_event_header *ev)
{
	if (!j->in_cycle)
		judge_fail(j, "event-outside-cycle",
			   "read_event returned a record outside a cycle "
			   "(read_init did not return 0)");
	if (j->overwrite)
		judge_overwrite(j, ev);
	else
		judge_forward(j, ev);
}

void judge_cycle_end(struct judge *j, const char *how)
{
	if (j->overwrite && j->in_cycle)
		judge_overwrite_end(j, how);
}

void judge_consume(struct judge *j)
{
	if (!j->overwrite)
		judge_tail(j, "consume");
}

void judge_done(struct judge *j)
{
	if (j->overwrite && j->in_cycle) {
		judge_overwrite_end(j, "read_done ended the cycle");
		j->boundary = j->boundary_next;
		j->first_cycle = false;
	}
	j->in_cycle = false;
}
