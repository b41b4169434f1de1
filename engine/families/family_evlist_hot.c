// SPDX-License-Identifier: GPL-2.0-only
/*
 * evlist-hot: one CPU writes one to four rings' worth between rounds (its
 * ring laps: drops, then LOST), the others idle or write one record a
 * round. The LOST stays on the hot ring; the quiet rings are not held
 * back by the hot one, nor the hot one by them.
 */
#include "scenario/evlist_plan.h"
#include "families.h"

enum { CPUS, RINGS_PER_ROUND, QUIET, HOT_CPU, SEED, NPARAMS };

const char *const evlist_hot_params[] = {
	[CPUS] = "cpus", [RINGS_PER_ROUND] = "rings_per_round",
	[QUIET] = "quiet", [HOT_CPU] = "hot_cpu", [SEED] = "seed", NULL
};
const char evlist_hot_scaled[] =
	"nothing: every CPU count and placement of its space already";

static const int64_t cpus[] = { 2, 4, 8 };

int evlist_hot_lists(enum scenario_bounds b, size_t *len)
{
	len[CPUS] = 3;
	len[RINGS_PER_ROUND] = 3;	/* rings' worth a round: 1, 2, 4 */
	len[QUIET] = 2;		/* the quiet CPUs: idle, one record a round */
	len[HOT_CPU] = 2;	/* the hot CPU: the first, the last */
	len[SEED] = 4;
	return NPARAMS;
}

int64_t evlist_hot_value(enum scenario_bounds b, int k, size_t x,
			 const int64_t *p)
{
	switch (k) {
	case CPUS:
		return cpus[x];
	case RINGS_PER_ROUND:
		return (int64_t)1 << x;
	default:
		return (int64_t)x;
	}
}

static int evlist_hot_plan(const int64_t *p, int np, struct evlist_plan *pl)
{
	int64_t n = p[CPUS], round, i, c, hot, writes;

	if (np != NPARAMS || n < 2 || n > FAKE_CPUS_MAX ||
	    p[RINGS_PER_ROUND] < 1 || p[RINGS_PER_ROUND] > 4 ||
	    p[QUIET] < 0 || p[QUIET] > 1 || p[HOT_CPU] < 0 ||
	    p[HOT_CPU] > 1 || p[SEED] < 0 || p[SEED] > 3)
		return -1;
	ep_init(pl, (unsigned int)n, 1, 1024, LAYOUT_PLAIN, (uint64_t)p[SEED]);
	hot = p[HOT_CPU] ? n - 1 : 0;
	/* records of 40..96 bytes: about 1024 / 64 to the ring */
	writes = p[RINGS_PER_ROUND] * 1024 / 64;
	for (round = 0; round < 5; round++) {
		for (i = 0; i < writes; i++) {
			ep_tick(pl, 3);
			ep_write_random(pl, (unsigned int)hot, 0);
			if (p[QUIET] && i % (writes / (n - 1)) == 0) {
				c = (hot + 1 + i / (writes / (n - 1))) % n;
				if (c != hot)
					ep_write_random(pl, (unsigned int)c,
							0);
			}
		}
		ep_round(pl);
	}
	return 0;
}

EVLIST_FAMILY_BUILD(evlist_hot)
