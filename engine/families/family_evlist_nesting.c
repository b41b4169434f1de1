// SPDX-License-Identifier: GPL-2.0-only
/*
 * evlist-nesting: NMI-style nesting on one CPU. An event takes its
 * timestamp, is interrupted before it reserves space, and the
 * interrupting events (stamped later) publish first: the ring holds a
 * later time before an earlier one. Up to three levels; the outer
 * records published in the same round or after a round boundary.
 */
#include "scenario/evlist_plan.h"
#include "families.h"

enum { CPUS, DEPTH, OUTER, SEED, NPARAMS };

const char *const evlist_nesting_params[] = {
	[CPUS] = "cpus", [DEPTH] = "depth", [OUTER] = "outer",
	[SEED] = "seed", NULL
};
const char evlist_nesting_scaled[] =
	"nothing: every CPU count and placement of its space already";

int evlist_nesting_lists(enum scenario_bounds b, size_t *len)
{
	len[CPUS] = 3;	/* 1, 2, 3 */
	len[DEPTH] = 3;	/* 1, 2, 3 */
	len[OUTER] = 2;	/* outer records: same round, next round */
	len[SEED] = 8;
	return NPARAMS;
}

int64_t evlist_nesting_value(enum scenario_bounds b, int k, size_t x,
			     const int64_t *p)
{
	return k == CPUS || k == DEPTH ? (int64_t)x + 1 : (int64_t)x;
}

static int evlist_nesting_plan(const int64_t *p, int np,
			       struct evlist_plan *pl)
{
	int64_t n = p[CPUS], depth = p[DEPTH], round, i, d;

	if (np != NPARAMS || n < 1 || n > 3 || depth < 1 || depth > 3 ||
	    p[OUTER] < 0 || p[OUTER] > 1 || p[SEED] < 0 || p[SEED] > 7)
		return -1;
	ep_init(pl, (unsigned int)n, (unsigned int)depth + 1, 4096,
		LAYOUT_PLAIN, (uint64_t)p[SEED]);
	for (round = 0; round < 6; round++) {
		for (i = 0; i < 4 * n; i++) {
			unsigned int c = (unsigned int)ep_rand(pl, (uint64_t)n);

			ep_tick(pl, 10 + (int64_t)ep_rand(pl, 10));
			if (ep_rand(pl, 3)) {
				ep_write_random(pl, c, 0);
				continue;
			}
			/* innermost first, each outer one stamped earlier */
			for (d = depth; d >= 0; d--) {
				if (d == depth - 1 && p[OUTER])
					ep_round(pl);
				ep_write(pl, c, (unsigned int)d,
					 FAKE_CPUS_SAMPLE, 8, -(depth - d));
			}
		}
		ep_round(pl);
	}
	return 0;
}

EVLIST_FAMILY_BUILD(evlist_nesting)
