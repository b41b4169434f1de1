// SPDX-License-Identifier: GPL-2.0-only
/*
 * evlist-skew: CPU 1's clock ahead of or behind the others by a little
 * (within a round) up to many rounds; CPU 2, when there is one, skewed
 * the other way. Far behind, its records arrive late for their rounds:
 * the order may break for them alone.
 */
#include "scenario/evlist_plan.h"
#include "families.h"

enum { CPUS, SKEW, DIRECTION, DATA_SIZE, SEED, NPARAMS };

const char *const evlist_skew_params[] = {
	[CPUS] = "cpus", [SKEW] = "skew", [DIRECTION] = "direction",
	[DATA_SIZE] = "data_size", [SEED] = "seed", NULL
};
const char evlist_skew_scaled[] =
	"nothing: every CPU count and placement of its space already";

static const int64_t skews[] = { 1, 50, 300, 1000, 5000 };

int evlist_skew_lists(enum scenario_bounds b, size_t *len)
{
	len[CPUS] = 3;		/* 2, 3, 4 */
	len[SKEW] = sizeof(skews) / sizeof(skews[0]);
	len[DIRECTION] = 2;	/* CPU 1 behind, ahead (case ids hold no
				 * negative numbers) */
	len[DATA_SIZE] = 2;	/* 1024, 4096 */
	len[SEED] = 4;
	return NPARAMS;
}

int64_t evlist_skew_value(enum scenario_bounds b, int k, size_t x,
			  const int64_t *p)
{
	switch (k) {
	case CPUS:
		return (int64_t)x + 2;
	case SKEW:
		return skews[x];
	case DATA_SIZE:
		return x ? 4096 : 1024;
	default:
		return (int64_t)x;
	}
}

static int evlist_skew_plan(const int64_t *p, int np, struct evlist_plan *pl)
{
	int64_t n = p[CPUS], round, i;
	int64_t skew = p[DIRECTION] ? p[SKEW] : -p[SKEW];

	if (np != NPARAMS || n < 2 || n > 4 || p[SKEW] < 0 ||
	    p[SKEW] > 100000 || p[DIRECTION] < 0 || p[DIRECTION] > 1 ||
	    (p[DATA_SIZE] != 1024 && p[DATA_SIZE] != 4096) ||
	    p[SEED] < 0 || p[SEED] > 3)
		return -1;
	ep_init(pl, (unsigned int)n, 1, (unsigned long)p[DATA_SIZE],
		LAYOUT_PERF, (uint64_t)p[SEED]);
	ep_skew(pl, 1, skew);
	if (n > 2)
		ep_skew(pl, 2, -skew);
	for (round = 0; round < 8; round++) {
		for (i = 0; i < 4 * n; i++) {
			ep_tick(pl, 1 + (int64_t)ep_rand(pl, 20));
			ep_write_random(pl, (unsigned int)ep_rand(pl,
				(uint64_t)n), 0);
		}
		ep_round(pl);
	}
	return 0;
}

EVLIST_FAMILY_BUILD(evlist_skew)
