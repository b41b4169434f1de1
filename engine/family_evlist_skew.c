// SPDX-License-Identifier: GPL-2.0-only
/*
 * evlist-skew: CPU 1's clock ahead of or behind the others by a little
 * (within a round) up to many rounds; CPU 2, when there is one, skewed
 * the other way. Far behind, its records arrive late for their rounds:
 * the order may break for them alone.
 */
#include "evlist_plan.h"
#include "families.h"

/* the parameters in case-id order */
const char *const evlist_skew_params[] = {
	"cpus", "skew", "direction", "data_size", "seed", NULL
};
const char evlist_skew_scaled[] =
	"nothing: every CPU count and placement of its space already";

static const int64_t skews[] = { 1, 50, 300, 1000, 5000 };

int evlist_skew_lists(enum scenario_bounds b, size_t *len)
{
	len[0] = 3;			/* CPUs: 2, 3, 4 */
	len[1] = sizeof(skews) / sizeof(skews[0]);
	len[2] = 2;			/* CPU 1 behind, ahead (case ids
					 * hold no negative numbers) */
	len[3] = 2;			/* data size: 1024, 4096 */
	len[4] = 4;			/* seed */
	return 5;
}

int64_t evlist_skew_value(enum scenario_bounds b, int k, size_t x,
			  const int64_t *p)
{
	switch (k) {
	case 0:
		return (int64_t)x + 2;
	case 1:
		return skews[x];
	case 3:
		return x ? 4096 : 1024;
	default:
		return (int64_t)x;
	}
}

static int evlist_skew_plan(const int64_t *p, int np, struct evlist_plan *pl)
{
	int64_t n = p[0], skew = p[2] ? p[1] : -p[1], round, i;

	if (np != 5 || n < 2 || n > 4 || p[1] < 0 || p[1] > 100000 ||
	    p[2] < 0 || p[2] > 1 || (p[3] != 1024 && p[3] != 4096) ||
	    p[4] < 0 || p[4] > 3)
		return -1;
	ep_init(pl, (unsigned int)n, 1, (unsigned long)p[3], LAYOUT_PERF,
		(uint64_t)p[4]);
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
