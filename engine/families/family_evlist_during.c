// SPDX-License-Identifier: GPL-2.0-only
/*
 * evlist-during: records written during a round. The reader passes over
 * ring 0, then ring 1, ...: a record stamped while the round was under
 * way, on a ring the reader had already passed, is published after the
 * pass and read only in the next round, with a time below what that
 * round read on other rings. Perf's round rule orders it; a reader that
 * delivers everything a round read does not. The delay runs from within
 * a round to several rounds (then the record is late, and may not be
 * ordered).
 */
#include "scenario/evlist_plan.h"
#include "families.h"

enum { CPUS, LATE_CPU, DELAY, SEED, NPARAMS };

const char *const evlist_during_params[] = {
	[CPUS] = "cpus", [LATE_CPU] = "late_cpu", [DELAY] = "delay",
	[SEED] = "seed", NULL
};
const char evlist_during_scaled[] =
	"nothing: every CPU count and placement of its space already";

static const int64_t delays[] = { 5, 20, 60, 150, 400 };

int evlist_during_lists(enum scenario_bounds b, size_t *len)
{
	len[CPUS] = 3;		/* 2, 3, 4 */
	len[LATE_CPU] = 4;	/* whose record comes after the pass */
	len[DELAY] = sizeof(delays) / sizeof(delays[0]);
	len[SEED] = 4;
	return NPARAMS;
}

int64_t evlist_during_value(enum scenario_bounds b, int k, size_t x,
			    const int64_t *p)
{
	switch (k) {
	case CPUS:
		return (int64_t)x + 2;
	case DELAY:
		return delays[x];
	default:
		return (int64_t)x;
	}
}

static int evlist_during_plan(const int64_t *p, int np,
			      struct evlist_plan *pl)
{
	int64_t n = p[CPUS], late = p[LATE_CPU], round, i;

	if (np != NPARAMS || n < 2 || n > 4 || late < 0 || late >= n ||
	    p[DELAY] < 1 || p[DELAY] > 10000 || p[SEED] < 0 || p[SEED] > 3)
		return -1;
	/* event 1 of the late CPU: the records stamped during the round */
	ep_init(pl, (unsigned int)n, 2, 4096, LAYOUT_PERF, (uint64_t)p[SEED]);
	for (round = 0; round < 8; round++) {
		for (i = 0; i < 3 * n; i++) {
			ep_tick(pl, 2 + (int64_t)ep_rand(pl, 10));
			ep_write_random(pl, (unsigned int)(i % n), 0);
		}
		ep_round(pl);
		/* published now, stamped p[DELAY] before: during the pass */
		ep_write(pl, (unsigned int)late, 1, FAKE_CPUS_SAMPLE,
			 8 * (unsigned int)ep_rand(pl, 4), -p[DELAY]);
	}
	return 0;
}

EVLIST_FAMILY_BUILD(evlist_during)
