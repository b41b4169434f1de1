// SPDX-License-Identifier: GPL-2.0-only
/*
 * The callback entry (ABI version 2, drain): a cycle of a reader that
 * hands records to a callback instead of returning them. What a pull
 * reader would do between two read_event calls, the writer steps, happens
 * between two callbacks; a callback reader releases when drain returns, so
 * the cycle's consume steps have no counterpart.
 */
#include "scenario/capabilities.h"
#include "player_internal.h"

struct drain_ctx {
	struct player	*p;
	int		at;	/* the next step of the cycle to run */
	int		end;	/* the cycle's read_done (or the last step) */
	bool		all;	/* the usage takes every record from here */
	bool		stop;	/* it takes no more: ask the reader to stop */
	size_t		records;
};

/*
 * Runs the cycle's writer steps up to the next record its usage takes (a
 * read_event, or every record from a drain on); none left: stop.
 */
static void drain_advance(struct drain_ctx *c)
{
	const struct step *st;

	for (; !c->all && c->at < c->end; c->at++) {
		st = &c->p->s->steps[c->at];
		if (st->op == RD_EVENT) {
			c->at++;
			return;
		}
		if (st->op == RD_DRAIN || st->op == RD_DRAIN_EACH) {
			c->all = true;
			c->at++;
			return;
		}
		if (st->op < RD_INIT) {
			judge_at_step(c->p->j, c->at);
			play_writer_step(c->p, st);
		}
	}
	c->stop = !c->all;
}

static int drain_record(void *ctx, const struct perf_event_header *ev,
			long long lost)
{
	struct drain_ctx *c = ctx;
	struct judge *j = c->p->j;

	judge_after_call(j, "drain");
	judge_drain_record(j, ev, lost, c->stop);
	c->records++;
	drain_advance(c);
	judge_drain_head_now(j);
	judge_before_call(j);
	return c->stop;
}

int play_drain_cycle(struct player *p, int from, int end, bool all)
{
	struct drain_ctx c = { .p = p, .at = from + 1, .end = end,
			       .all = all };
	int ret;

	drain_advance(&c);
	if (c.stop)	/* the usage takes no record: no cycle */
		goto writers;
	judge_at_step(p->j, from);
	judge_before_call(p->j);
	judge_drain_begin(p->j);
	ret = reader_drain(p->ops)(p->rd, &c, drain_record);
	judge_after_call(p->j, "drain");
	judge_at_step(p->j, c.at);
	judge_drain_end(p->j, ret, c.stop);
writers:
	for (; c.at < end; c.at++)
		if (p->s->steps[c.at].op < RD_INIT) {
			judge_at_step(p->j, c.at);
			play_writer_step(p, &p->s->steps[c.at]);
		}
	/* where the caller goes on: past the read_done, or at the next
	 * read_init */
	return end < p->s->nsteps && p->s->steps[end].op == RD_DONE ? end
								  : end - 1;
}

/* The read_done that ends the cycle starting at from (or the next
 * read_init, or the end). */
int play_cycle_end(const struct scenario *s, int from)
{
	int i;

	for (i = from + 1; i < s->nsteps && s->steps[i].op != RD_DONE &&
			   s->steps[i].op != RD_INIT; i++)
		;
	return i;
}
