// SPDX-License-Identifier: GPL-2.0-only
/*
 * evlist-offline: a CPU goes offline for one to four rounds (its ring
 * stops, with or without records still unread) and comes back; the
 * others go on. What it wrote before is delivered, and its silence holds
 * nothing back.
 */
#include "evlist_plan.h"
#include "families.h"

/* the parameters in case-id order */
const char *const evlist_offline_params[] = {
	"cpus", "offline_cpu", "rounds_offline", "unread", "seed",
	NULL
};
const char evlist_offline_scaled[] =
	"nothing: every CPU count and placement of its space already";

static const int64_t cpus[] = { 2, 4, 8 };

int evlist_offline_lists(enum scenario_bounds b, size_t *len)
{
	len[0] = 3;	/* CPUs */
	len[1] = 3;	/* the CPU going offline: first, middle, last */
	len[2] = 3;	/* rounds offline: 1, 2, 4 */
	len[3] = 2;	/* unread records when it goes: none, some */
	len[4] = 2;	/* seed */
	return 5;
}

int64_t evlist_offline_value(enum scenario_bounds b, int k, size_t x,
			     const int64_t *p)
{
	switch (k) {
	case 0:
		return cpus[x];
	case 1:		/* 2 CPUs have no middle one: no case */
		return x == 0 ? 0 : x == 2 ? p[0] - 1 : p[0] > 2 ? p[0] / 2
								  : -1;
	case 2:
		return (int64_t)1 << x;
	default:
		return (int64_t)x;
	}
}

static int evlist_offline_plan(const int64_t *p, int np,
			       struct evlist_plan *pl)
{
	int64_t n = p[0], cpu = p[1], round, i;

	if (np != 5 || n < 2 || n > FAKE_CPUS_MAX || cpu < 0 || cpu >= n ||
	    p[2] < 1 || p[2] > 8 || p[3] < 0 || p[3] > 1 || p[4] < 0 ||
	    p[4] > 1)
		return -1;
	ep_init(pl, (unsigned int)n, 1, 2048, LAYOUT_PERF, (uint64_t)p[4]);
	for (round = 0; round < 4 + p[2]; round++) {
		if (round == 2 && !p[3])
			ep_round(pl);	/* its ring read empty first */
		if (round == 2)
			ep_online(pl, (unsigned int)cpu, false);
		if (round == 2 + p[2])
			ep_online(pl, (unsigned int)cpu, true);
		for (i = 0; i < 3 * n; i++) {
			ep_tick(pl, 5 + (int64_t)ep_rand(pl, 10));
			ep_write_random(pl, (unsigned int)(i % n), 0);
		}
		ep_round(pl);
	}
	return 0;
}

EVLIST_FAMILY_BUILD(evlist_offline)
