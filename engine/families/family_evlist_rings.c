// SPDX-License-Identifier: GPL-2.0-only
/*
 * evlist-rings: 1 to 8 rings, every count, two ring sizes, 1..8 records
 * per CPU and round in four interleavings of the CPUs. Exhaustive.
 */
#include "scenario/evlist_plan.h"
#include "families.h"

enum { RINGS, DATA_SIZE, PER_ROUND, INTERLEAVING, NPARAMS };

const char *const evlist_rings_params[] = {
	[RINGS] = "rings", [DATA_SIZE] = "data_size",
	[PER_ROUND] = "per_round", [INTERLEAVING] = "interleaving", NULL
};
const char evlist_rings_scaled[] =
	"nothing: every CPU count and placement of its space already";

static const int64_t per_round[] = { 1, 3, 8 };

int evlist_rings_lists(enum scenario_bounds b, size_t *len)
{
	len[RINGS] = FAKE_CPUS_MAX;
	len[DATA_SIZE] = 2;	/* 512, 4096 */
	len[PER_ROUND] = 3;	/* records per CPU and round */
	len[INTERLEAVING] = 4;	/* 0 round-robin, 1 reversed, 2 random,
				 * 3 one CPU after another */
	return NPARAMS;
}

int64_t evlist_rings_value(enum scenario_bounds b, int k, size_t x,
			   const int64_t *p)
{
	switch (k) {
	case RINGS:
		return (int64_t)x + 1;
	case DATA_SIZE:
		return x ? 4096 : 512;
	case PER_ROUND:
		return per_round[x];
	default:
		return (int64_t)x;
	}
}

static int evlist_rings_plan(const int64_t *p, int np, struct evlist_plan *pl)
{
	int64_t n = p[RINGS], round, i, c;

	if (np != NPARAMS || n < 1 || n > FAKE_CPUS_MAX ||
	    (p[DATA_SIZE] != 512 && p[DATA_SIZE] != 4096) ||
	    p[PER_ROUND] < 1 || p[PER_ROUND] > 8 ||
	    p[INTERLEAVING] < 0 || p[INTERLEAVING] > 3)
		return -1;
	ep_init(pl, (unsigned int)n, 1, (unsigned long)p[DATA_SIZE],
		LAYOUT_PERF,
		(uint64_t)(n * 100 + p[PER_ROUND] * 10 + p[INTERLEAVING]));
	for (round = 0; round < 6; round++) {
		for (i = 0; i < p[PER_ROUND] * n; i++) {
			switch (p[INTERLEAVING]) {
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
				c = i / p[PER_ROUND];
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
