// SPDX-License-Identifier: GPL-2.0-only
/*
 * An evlist scenario played: its plan's writes, ticks and CPU hotplug on
 * simulated CPUs (fake_cpus), and a round of the merged reader at every
 * round step, then one more round and the flush at the end of the stream.
 * The judge (judge/evlist.c) is the reader's callback and decides.
 */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "evlist_ops.h"
#include "judge/judge_evlist.h"
#include "play_evlist.h"

struct evlist_play {
	const struct evlist_plan		*pl;
	struct fake_cpus			*fc;
	const struct ringcheck_evlist_ops	*ev;
	struct evlist_judge			*ej;
	unsigned int				nrings;
	void					*rd;	/* the reader */
	jmp_buf					crashed;
	bool					faulted;
};

/* the case under way, for a fault (crash_hook.c) */
static struct evlist_play *current;

void play_evlist_fault(int sig, void *addr)
{
	struct evlist_play *p = current;

	if (!p || p->faulted)
		return;
	p->faulted = true;
	evlist_judge_crashed(p->ej, sig, (uintptr_t)addr);
	longjmp(p->crashed, 1);
}

static void do_round(struct evlist_play *p, void *rd)
{
	unsigned int round;
	int ret;

	fake_cpus_round(p->fc);
	round = fake_cpus_rounds(p->fc);
	evlist_judge_round_begin(p->ej, round);
	evlist_judge_call(p->ej, "read_round");
	ret = p->ev->read_round(rd, p->ej, evlist_judge_deliver);
	evlist_judge_call(p->ej, NULL);
	if (ret)
		evlist_judge_fail(p->ej, "evlist-round-error",
				  "read_round %u returned %d", round, ret);
	if (!evlist_judge_failed(p->ej))
		evlist_judge_round_end(p->ej, round);
}

static void writer_step(struct evlist_play *p, const struct evlist_step *st)
{
	int ret;

	switch (st->op) {
	case EVO_TICK:
		fake_cpus_advance(p->fc, (uint64_t)st->arg);
		break;
	case EVO_WRITE:
		ret = fake_cpus_write(p->fc, st->cpu, st->event, st->kind,
				      st->size, st->arg);
		if (ret < 0) {
			fprintf(stderr, "evlist plan: a bad write (%d)\n", ret);
			abort();	/* a bug of the family */
		}
		break;
	case EVO_OFFLINE:
	case EVO_ONLINE:
		fake_cpus_set_online(p->fc, st->cpu, st->op == EVO_ONLINE);
		break;
	}
}

static int setup(struct evlist_play *p, const struct scenario *s,
		 struct evlist_plan *pl, struct ringcheck_evlist_ring *rings,
		 struct judge_result *res)
{
	char err[256];
	unsigned int c;

	if (s->evlist(s->params, s->nparams, pl))
		return -1;
	p->pl = pl;
	p->fc = fake_cpus_new(&pl->cfg, err, sizeof(err));
	if (!p->fc) {
		fprintf(stderr, "ringcheck: %s\n", err);
		abort();
	}
	p->nrings = fake_cpus_count(p->fc);
	p->ej = evlist_judge_new(pl, p->fc, res,
				 evlist_merges_by_time(p->ev));
	if (!p->ej)
		return -1;
	for (c = 0; c < p->nrings; c++) {
		struct fake_ring *ring = fake_cpus_ring(p->fc, c);

		rings[c] = (struct ringcheck_evlist_ring){
			.ring = {
				.base		= fake_ring_base(ring),
				.page_size	= fake_ring_config(ring)->page_size,
				.data_size	= fake_ring_config(ring)->data_size,
			},
			.cpu = (int)c,
		};
	}
	return 0;
}

/* The reader opened, the plan's steps, the last round and the flush. */
static void play_rounds(struct evlist_play *p,
			const struct ringcheck_evlist *desc)
{
	const struct evlist_plan *pl = p->pl;
	void *rd;
	int step;

	evlist_judge_call(p->ej, "open");
	p->rd = rd = p->ev->open(desc);
	evlist_judge_call(p->ej, NULL);
	if (!rd)
		evlist_judge_fail(p->ej, "evlist-open-refused",
				  "open refused a valid event list of %u rings",
				  p->nrings);
	for (step = 0; rd && step < pl->nsteps; step++) {
		evlist_judge_at_step(p->ej, step);
		if (pl->steps[step].op == EVO_ROUND)
			do_round(p, rd);
		else
			writer_step(p, &pl->steps[step]);
		if (evlist_judge_failed(p->ej))
			break;
	}
	if (rd && !evlist_judge_failed(p->ej)) {
		/* the end of the stream: one more round, then the flush */
		evlist_judge_at_step(p->ej, pl->nsteps);
		do_round(p, rd);
		if (!evlist_judge_failed(p->ej)) {
			evlist_judge_call(p->ej, "flush");
			if (p->ev->flush(rd, p->ej, evlist_judge_deliver))
				evlist_judge_fail(p->ej, "evlist-flush-error",
						  "flush returned an error");
			evlist_judge_call(p->ej, NULL);
		}
		evlist_judge_final(p->ej);
	}
}

void play_evlist(const struct scenario *s,
		 const struct ringcheck_reader_ops *ops,
		 struct judge_result *res, FILE *report)
{
	struct ringcheck_evlist_ring rings[FAKE_CPUS_MAX];
	struct ringcheck_evlist desc;
	struct evlist_plan *pl = malloc(sizeof(*pl));
	/* on the heap: a fault comes back here by longjmp, and what it
	 * changed must not live in this frame's registers */
	struct evlist_play *p = calloc(1, sizeof(*p));

	memset(res, 0, sizeof(*res));
	if (!p)
		abort();
	p->ev = plugin_evlist_ops(ops, res->msg, sizeof(res->msg));
	if (!p->ev) {
		res->verdict = VERDICT_SKIP;
		free(pl);
		free(p);
		return;
	}
	if (!pl || setup(p, s, pl, rings, res)) {
		fprintf(stderr, "ringcheck: evlist case %s: cannot set up\n",
			s->id);
		abort();
	}
	desc = (struct ringcheck_evlist){
		.nrings		= p->nrings,
		.rings		= rings,
		.sample_type	= pl->cfg.sample_type,
	};
	current = p;
	if (setjmp(p->crashed) == 0)
		play_rounds(p, &desc);
	current = NULL;
	if (!evlist_judge_failed(p->ej))
		snprintf(res->msg, sizeof(res->msg), "%zu records merged "
			 "over %u rings", evlist_judge_delivered(p->ej),
			 p->nrings);
	if (report)
		evlist_judge_report(p->ej, report);
	/* a reader that crashed is not called again: the worker dies */
	if (p->rd && !p->faulted)
		p->ev->close(p->rd);
	evlist_judge_free(p->ej);
	fake_cpus_free(p->fc);
	free(pl);
	free(p);
}
