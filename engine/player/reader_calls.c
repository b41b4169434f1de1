// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reader's side of a scenario through the pull entry (read_init,
 * read_event, consume, read_done) and the push entry: every call
 * bracketed by the judge's look before and after it, and judged.
 */
#include "player_internal.h"

void play_init(struct player *p)
{
	int ret;

	judge_before_call(p->j);
	judge_init_begin(p->j);
	ret = p->ops->read_init(p->rd);
	judge_after_call(p->j, "read_init");
	judge_init_end(p->j, ret);
}

static const struct perf_event_header *play_event(struct player *p)
{
	const struct perf_event_header *ev;

	judge_before_call(p->j);
	ev = p->ops->read_event(p->rd);
	judge_after_call(p->j, "read_event");
	if (ev)
		judge_event(p->j, ev);
	return ev;
}

void play_consume(struct player *p)
{
	judge_before_call(p->j);
	p->ops->consume(p->rd);
	judge_after_call(p->j, "consume");
	judge_consume(p->j);
}

void play_done(struct player *p)
{
	judge_before_call(p->j);
	p->ops->read_done(p->rd);
	judge_after_call(p->j, "read_done");
	judge_done(p->j);
}

static void play_push(struct player *p, bool failing)
{
	struct judge_push *jp = judge_push_begin(p->j, failing);
	int ret;

	judge_before_call(p->j);
	ret = p->ops->push(p->rd, jp, judge_push_sink);
	judge_after_call(p->j, "push");
	judge_push_end(p->j, jp, ret);
}

void play_reader_step(struct player *p, const struct step *st)
{
	/* Callers skip a cycle whose read_init failed (perf's own do):
	 * a reader is not judged on calls the usage never makes. */
	if (!judge_in_cycle(p->j) && st->op != RD_INIT && st->op != RD_PUSH &&
	    st->op != RD_PUSH_FAIL)
		return;
	switch (st->op) {
	case RD_INIT:
		play_init(p);
		break;
	case RD_EVENT:
		if (!play_event(p))
			judge_cycle_end(p->j, "read_event returned NULL");
		break;
	case RD_DRAIN:
	case RD_DRAIN_EACH:
		/* bounded: the judge fails a cycle past its snapshot or
		 * past data_size bytes, and the runner's time limit the rest */
		while (play_event(p))
			if (st->op == RD_DRAIN_EACH)
				play_consume(p);
		judge_cycle_end(p->j, "read_event returned NULL");
		break;
	case RD_CONSUME:
		play_consume(p);
		break;
	case RD_DONE:
		play_done(p);
		break;
	case RD_PUSH:
	case RD_PUSH_FAIL:
		play_push(p, st->op == RD_PUSH_FAIL);
		break;
	}
}
