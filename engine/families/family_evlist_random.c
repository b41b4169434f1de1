// SPDX-License-Identifier: GPL-2.0-only
/*
 * evlist-random: seeded sequences of everything the other evlist families
 * do one at a time: 1..8 CPUs, shared rings, skew, bursts that lap a
 * ring, nesting, CPUs going offline and online, rounds at random.
 * --seed moves the window of seeds.
 */
#include "scenario/evlist_plan.h"
#include "families.h"

enum { SEED, NPARAMS };

const char *const evlist_random_params[] = {
	[SEED] = "seed", NULL
};
const char evlist_random_scaled[] =
	"N times the sequences (1000 * N; --quick 40 * N)";

int evlist_random_lists(enum scenario_bounds b, size_t *len)
{
	len[SEED] = (b == BOUNDS_QUICK ? 40 : 1000) * scenario_scale;
	return NPARAMS;
}

int64_t evlist_random_value(enum scenario_bounds b, int k, size_t x,
			    const int64_t *p)
{
	return (int64_t)(scenario_random_base + x);
}

static int evlist_random_plan(const int64_t *p, int np,
			      struct evlist_plan *pl)
{
	static const unsigned long sizes[] = { 256, 512, 1024, 4096 };
	unsigned int n, ev, c, i;
	int64_t steps, k;

	if (np != NPARAMS || p[SEED] < 0)
		return -1;
	ep_init(pl, 1, 1, 256, LAYOUT_PERF, (uint64_t)p[SEED]);
	n = 1 + (unsigned int)ep_rand(pl, FAKE_CPUS_MAX);
	ev = 1 + (unsigned int)ep_rand(pl, 3);
	ep_init(pl, n, ev, sizes[ep_rand(pl, 4)],
		ep_rand(pl, 2) ? LAYOUT_PLAIN : LAYOUT_PERF, (uint64_t)p[SEED]);
	for (c = 0; c < n; c++)
		if (!ep_rand(pl, 3))
			ep_skew(pl, c, (int64_t)ep_rand(pl, 2001) - 1000);
	steps = 100 + (int64_t)ep_rand(pl, 300);
	for (k = 0; k < steps; k++) {
		uint64_t what = ep_rand(pl, 100);

		c = (unsigned int)ep_rand(pl, n);
		if (what < 12) {
			ep_round(pl);
		} else if (what < 14) {
			ep_online(pl, c, pl->offline[c]);
		} else if (what < 18) {
			/* a burst: may lap the ring */
			for (i = 0; i < 4 + ep_rand(pl, 40); i++) {
				ep_tick(pl, 1);
				ep_write_random(pl, c, 0);
			}
		} else if (what < 24) {
			ep_write(pl, c, (unsigned int)ep_rand(pl, ev),
				 FAKE_CPUS_SAMPLE, 0,
				 -(int64_t)ep_rand(pl, 200));
		} else {
			ep_tick(pl, (int64_t)ep_rand(pl, 30));
			ep_write_random(pl, c, (unsigned int)ep_rand(pl, ev));
		}
	}
	return 0;
}

EVLIST_FAMILY_BUILD(evlist_random)
