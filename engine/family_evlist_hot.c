// SPDX-License-Identifier: GPL-2.0-only
/*
 * evlist-hot: one CPU writes one to four rings' worth between rounds (its
 * ring laps: drops, then LOST), the others idle or write one record a
 * round. The LOST stays on the hot ring; the quiet rings are not held
 * back by the hot one, nor the hot one by them.
 */
#include "evlist_plan.h"
#include "families.h"

/* the parameters in case-id order */
const char *const evlist_hot_params[] = {
	"cpus", "rings_per_round", "quiet", "hot_cpu", "seed", NULL
};
const char evlist_hot_scaled[] =
	"nothing: every CPU count and placement of its space already";

static const int64_t cpus[] = { 2, 4, 8 };

int evlist_hot_lists(enum scenario_bounds b, size_t *len)
{
	len[0] = 3;	/* CPUs */
	len[1] = 3;	/* rings' worth written per round: 1, 2, 4 */
	len[2] = 2;	/* the quiet CPUs: idle, one record a round */
	len[3] = 2;	/* the hot CPU: the first, the last */
	len[4] = 4;	/* seed */
	return 5;
}

int64_t evlist_hot_value(enum scenario_bounds b, int k, size_t x,
			 const int64_t *p)
{
	switch (k) {
	case 0:
		return cpus[x];
	case 1:
		return (int64_t)1 << x;
	default:
		return (int64_t)x;
	}
}

static int evlist_hot_plan(const int64_t *p, int np, struct evlist_plan *pl)
{
	int64_t n = p[0], round, i, c, hot, writes;

	if (np != 5 || n < 2 || n > FAKE_CPUS_MAX || p[1] < 1 || p[1] > 4 ||
	    p[2] < 0 || p[2] > 1 || p[3] < 0 || p[3] > 1 || p[4] < 0 ||
	    p[4] > 3)
		return -1;
	ep_init(pl, (unsigned int)n, 1, 1024, LAYOUT_PLAIN, (uint64_t)p[4]);
	hot = p[3] ? n - 1 : 0;
	/* records of 40..96 bytes: about 1024 / 64 to the ring */
	writes = p[1] * 1024 / 64;
	for (round = 0; round < 5; round++) {
		for (i = 0; i < writes; i++) {
			ep_tick(pl, 3);
			ep_write_random(pl, (unsigned int)hot, 0);
			if (p[2] && i % (writes / (n - 1)) == 0) {
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
