// SPDX-License-Identifier: GPL-2.0-only
/* Building evlist plans. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/perf_event.h>

#include "evlist_plan.h"

void ep_init(struct evlist_plan *pl, unsigned int ncpus,
	     unsigned int nevents, unsigned long data_size,
	     enum evlist_layout layout, uint64_t seed)
{
	memset(pl, 0, offsetof(struct evlist_plan, steps));
	memset(pl->last, 0x80, sizeof(pl->last));	/* very negative */
	pl->cfg.ncpus = ncpus;
	pl->cfg.nevents = nevents;
	pl->cfg.data_size = data_size;
	pl->cfg.sample_type = layout == LAYOUT_PERF ?
		PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID |
		PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD :
		PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_ID |
		PERF_SAMPLE_CPU;
	pl->rng = seed * 0x9e3779b97f4a7c15ull + 0x2545f4914f6cdd1dull;
}

static void add(struct evlist_plan *pl, struct evlist_step st)
{
	if (pl->nsteps == EVLIST_MAX_STEPS) {
		/* families stay well below: a bug of the family */
		fprintf(stderr, "evlist plan: too many steps\n");
		abort();
	}
	pl->steps[pl->nsteps++] = st;
}

void ep_tick(struct evlist_plan *pl, int64_t dt)
{
	pl->clock += dt;
	add(pl, (struct evlist_step){ .op = EVO_TICK, .arg = dt });
}

void ep_skew(struct evlist_plan *pl, unsigned int cpu, int64_t skew)
{
	pl->cfg.skew[cpu] = skew;
}

void ep_write(struct evlist_plan *pl, unsigned int cpu, unsigned int event,
	      enum fake_cpus_kind kind, unsigned int extra, int64_t offset)
{
	int64_t now = pl->clock + pl->cfg.skew[cpu];

	if (cpu >= pl->cfg.ncpus || event >= pl->cfg.nevents ||
	    pl->offline[cpu])
		return;
	if (offset > 0)
		offset = 0;
	if (now + offset < pl->last[cpu][event])
		offset = pl->last[cpu][event] - now;
	pl->last[cpu][event] = now + offset;
	add(pl, (struct evlist_step){
		.op	= EVO_WRITE,
		.cpu	= (uint8_t)cpu,
		.event	= (uint8_t)event,
		.kind	= (uint8_t)kind,
		.size	= fake_cpus_min_size(&pl->cfg, kind) + extra,
		.arg	= offset,
	});
}

void ep_round(struct evlist_plan *pl)
{
	add(pl, (struct evlist_step){ .op = EVO_ROUND });
}

void ep_online(struct evlist_plan *pl, unsigned int cpu, bool on)
{
	pl->offline[cpu] = !on;
	add(pl, (struct evlist_step){
		.op	= on ? EVO_ONLINE : EVO_OFFLINE,
		.cpu	= (uint8_t)cpu,
	});
}

uint64_t ep_rand(struct evlist_plan *pl, uint64_t n)
{
	/* xorshift64*: stable across libcs, so case ids replay anywhere */
	pl->rng ^= pl->rng >> 12;
	pl->rng ^= pl->rng << 25;
	pl->rng ^= pl->rng >> 27;
	return n ? (pl->rng * 0x2545f4914f6cdd1dull >> 11) % n : 0;
}

void ep_write_random(struct evlist_plan *pl, unsigned int cpu,
		     unsigned int e)
{
	enum fake_cpus_kind kind = ep_rand(pl, 4) ? FAKE_CPUS_SAMPLE
						  : FAKE_CPUS_SWITCH;

	ep_write(pl, cpu, e, kind, 8 * (unsigned int)ep_rand(pl, 8), 0);
}

int evlist_scenario_build(struct scenario *s, evlist_plan_fn plan,
			  const int64_t *p, int np)
{
	struct evlist_plan *pl;
	int ret;

	if (np < 0 || np > SCENARIO_MAX_PARAMS)
		return -1;
	pl = malloc(sizeof(*pl));
	if (!pl)
		return -1;
	ret = plan(p, np, pl);
	free(pl);
	if (ret)
		return -1;
	s->evlist = plan;	/* its parameters: scenario.c keeps them */
	return 0;
}

const char *evlist_op_name(enum evlist_op op)
{
	static const char *const names[] = {
		[EVO_TICK] = "tick", [EVO_WRITE] = "write",
		[EVO_ROUND] = "read_round", [EVO_OFFLINE] = "offline",
		[EVO_ONLINE] = "online",
	};

	return op <= EVO_ONLINE ? names[op] : "?";
}
