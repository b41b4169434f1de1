// SPDX-License-Identifier: GPL-2.0-only
/*
 * evlist-shared: several events of a CPU write into one ring
 * (PERF_EVENT_IOC_SET_OUTPUT), samples and sample_id trailers in both
 * layouts, equal timestamps across events and CPUs. Per event id the
 * ring's order is kept; ties keep the order of reading.
 */
#include "scenario/evlist_plan.h"
#include "families.h"

enum { CPUS, EVENTS, LAYOUT, SEED, NPARAMS };

const char *const evlist_shared_params[] = {
	[CPUS] = "cpus", [EVENTS] = "events", [LAYOUT] = "layout",
	[SEED] = "seed", NULL
};
const char evlist_shared_scaled[] =
	"nothing: every CPU count and placement of its space already";

static const int64_t cpus[] = { 1, 2, 4 };

int evlist_shared_lists(enum scenario_bounds b, size_t *len)
{
	len[CPUS] = 3;
	len[EVENTS] = 3;	/* a ring: 2, 3, 4 */
	len[LAYOUT] = 2;	/* perf record's, plain */
	len[SEED] = 8;
	return NPARAMS;
}

int64_t evlist_shared_value(enum scenario_bounds b, int k, size_t x,
			    const int64_t *p)
{
	switch (k) {
	case CPUS:
		return cpus[x];
	case EVENTS:
		return (int64_t)x + 2;
	default:
		return (int64_t)x;
	}
}

static int evlist_shared_plan(const int64_t *p, int np,
			      struct evlist_plan *pl)
{
	int64_t n = p[CPUS], ev = p[EVENTS], round, i;

	if (np != NPARAMS || n < 1 || n > FAKE_CPUS_MAX || ev < 2 ||
	    ev > FAKE_CPUS_MAX_EVENTS || p[LAYOUT] < 0 || p[LAYOUT] > 1 ||
	    p[SEED] < 0 || p[SEED] > 7)
		return -1;
	ep_init(pl, (unsigned int)n, (unsigned int)ev, 2048,
		p[LAYOUT] ? LAYOUT_PLAIN : LAYOUT_PERF, (uint64_t)p[SEED]);
	for (round = 0; round < 6; round++) {
		for (i = 0; i < 6 * n; i++) {
			/* one tick in three is 0: equal timestamps */
			ep_tick(pl, (int64_t)ep_rand(pl, 3) * 5);
			ep_write_random(pl, (unsigned int)ep_rand(pl,
				(uint64_t)n), (unsigned int)ep_rand(pl,
				(uint64_t)ev));
		}
		ep_round(pl);
	}
	return 0;
}

EVLIST_FAMILY_BUILD(evlist_shared)
