// SPDX-License-Identifier: GPL-2.0-only
/*
 * evlist-rings: 1 to 8 rings, every count, two ring sizes, 1..8 records
 * per CPU and round in four interleavings of the CPUs. Exhaustive.
 */
#include "evlist_plan.h"
#include "families.h"

/* the parameters in case-id order */
const char *const evlist_rings_params[] = {
	"rings", "data_size", "per_round", "interleaving", NULL
};
const char evlist_rings_scaled[] =
	"nothing: every CPU count and placement of its space already";

static const int64_t per_round[] = { 1, 3, 8 };

int evlist_rings_lists(enum scenario_bounds b, size_t *len)
{
	len[0] = FAKE_CPUS_MAX;	/* rings */
	len[1] = 2;		/* data size: 512, 4096 */
	len[2] = 3;		/* records per CPU and round */
	len[3] = 4;		/* interleaving: 0 round-robin, 1 reversed,
				 * 2 random, 3 one CPU after another */
	return 4;
}

int64_t evlist_rings_value(enum scenario_bounds b, int k, size_t x,
			   const int64_t *p)
{
	switch (k) {
	case 0:
		return (int64_t)x + 1;
	case 1:
		return x ? 4096 : 512;
	case 2:
		return per_round[x];
	default:
		return (int64_t)x;
	}
}

static int evlist_rings_plan(const int64_t *p, int np, struct evlist_plan *pl)
{
	int64_t n = p[0], round, i, c;

	if (np != 4 || n < 1 || n > FAKE_CPUS_MAX ||
	    (p[1] != 512 && p[1] != 4096) || p[2] < 1 || p[2] > 8 ||
	    p[3] < 0 || p[3] > 3)
		return -1;
	ep_init(pl, (unsigned int)n, 1, (unsigned long)p[1], LAYOUT_PERF,
		(uint64_t)(n * 100 + p[2] * 10 + p[3]));
	for (round = 0; round < 6; round++) {
		for (i = 0; i < p[2] * n; i++) {
			switch (p[3]) {
			case 0:
				c = i % n;
				break;
			case 1:
				c = n - 1 - i % n;
				break;
			case 2:
				c = (int64_t)ep_rand(pl, (uint64_t)n);
				break;
			default:
				c = i / p[2];
				break;
			}
			ep_tick(pl, 10);
			ep_write_random(pl, (unsigned int)c, 0);
		}
		ep_round(pl);
	}
	return 0;
}

EVLIST_FAMILY_BUILD(evlist_rings)
