/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Evlist scenarios: simulated CPUs (fake_cpus), their writes on one clock,
 * and the rounds of a merged reader. An evlist family builds a plan from
 * its parameters; the player (engine/player/play_evlist.c) plays it and
 * the judge (engine/judge/evlist.c) decides.
 */
#ifndef RINGCHECK_EVLIST_PLAN_H
#define RINGCHECK_EVLIST_PLAN_H

#include <stdint.h>

#include "fake_cpus.h"
#include "scenario.h"

enum evlist_op {
	EVO_TICK,	/* the clock moves by arg */
	EVO_WRITE,	/* cpu's event writes size bytes of kind, time
			 * offset arg (<= 0) */
	EVO_ROUND,	/* one read_round of the reader */
	EVO_OFFLINE,	/* cpu goes offline: its ring stops */
	EVO_ONLINE,
};

struct evlist_step {
	uint8_t		op, cpu, event, kind;
	uint32_t	size;
	int64_t		arg;
};

#define EVLIST_MAX_STEPS	4096

struct evlist_plan {
	struct fake_cpus_config	cfg;
	int			nsteps;
	uint64_t		rng;	/* the builders' random state */
	/* the builders' view of the run, to keep plans valid: */
	int64_t			clock;	/* since the epoch */
	int64_t			last[FAKE_CPUS_MAX][FAKE_CPUS_MAX_EVENTS];
	bool			offline[FAKE_CPUS_MAX];
	struct evlist_step	steps[EVLIST_MAX_STEPS];
};

typedef int (*evlist_plan_fn)(const int64_t *p, int np,
			      struct evlist_plan *plan);

/* The two sample layouts of the families. */
enum evlist_layout {
	LAYOUT_PERF,	/* perf record's: IDENTIFIER IP TID TIME CPU PERIOD */
	LAYOUT_PLAIN,	/* TID TIME ID CPU */
};

void ep_init(struct evlist_plan *pl, unsigned int ncpus,
	     unsigned int nevents, unsigned long data_size,
	     enum evlist_layout layout, uint64_t seed);
void ep_tick(struct evlist_plan *pl, int64_t dt);
/*
 * A record of extra bytes beyond the kind's minimum. The offset is raised
 * where it would put the record before an earlier one of its event (each
 * event's times rise in its ring's order, as on a real CPU); nothing is
 * written for an offline CPU.
 */
void ep_write(struct evlist_plan *pl, unsigned int cpu, unsigned int event,
	      enum fake_cpus_kind kind, unsigned int extra, int64_t offset);
void ep_round(struct evlist_plan *pl);
void ep_online(struct evlist_plan *pl, unsigned int cpu, bool on);
void ep_skew(struct evlist_plan *pl, unsigned int cpu, int64_t skew);
/* Uniform in [0, n). */
uint64_t ep_rand(struct evlist_plan *pl, uint64_t n);
/* A random record (kind, size) on cpu, event e, at the clock. */
void ep_write_random(struct evlist_plan *pl, unsigned int cpu,
		     unsigned int e);

/* The struct family build of an evlist family: validates by planning. */
int evlist_scenario_build(struct scenario *s, evlist_plan_fn plan,
			  const int64_t *p, int np);
const char *evlist_op_name(enum evlist_op op);

/* Defines f_build from a static f_plan. */
#define EVLIST_FAMILY_BUILD(f)						\
	int f##_build(const int64_t *p, int np, struct scenario *s)	\
	{								\
		return evlist_scenario_build(s, f##_plan, p, np);	\
	}

#endif /* RINGCHECK_EVLIST_PLAN_H */
