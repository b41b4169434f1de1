// SPDX-License-Identifier: GPL-2.0-only
/*
 * evlist-offline: a CPU goes offline for one to four rounds (its ring
 * stops, with or without records still unread) and comes back; the
 * others go on. What it wrote before is delivered, and its silence holds
 * nothing back.
 */
#include "scenario/evlist_plan.h"
#include "families.h"

enum { CPUS, OFFLINE_CPU, ROUNDS_OFFLINE, UNREAD, SEED, NPARAMS };

const char *const evlist_offline_params[] = {
	[CPUS] = "cpus", [OFFLINE_CPU] = "offline_cpu",
	[ROUNDS_OFFLINE] = "rounds_offline", [UNREAD] = "unread",
	[SEED] = "seed", NULL
};
const char evlist_offline_scaled[] =
	"nothing: every CPU count and placement of its space already";

static const int64_t cpus[] = { 2, 4, 8 };

int evlist_offline_lists(enum scenario_bounds b, size_t *len)
{
	len[CPUS] = 3;
	len[OFFLINE_CPU] = 3;		/* first, middle, last */
	len[ROUNDS_OFFLINE] = 3;	/* 1, 2, 4 */
	len[UNREAD] = 2;		/* when it goes: none, some */
	len[SEED] = 2;
	return NPARAMS;
}

int64_t evlist_offline_value(enum scenario_bounds b, int k, size_t x,
			     const int64_t *p)
{
	switch (k) {
	case CPUS:
		return cpus[x];
	case OFFLINE_CPU:	/* 2 CPUs have no middle one: no case */
		return x == 0 ? 0 : x == 2 ? p[CPUS] - 1 :
		       p[CPUS] > 2 ? p[CPUS] / 2 : -1;
	case ROUNDS_OFFLINE:
		return (int64_t)1 << x;
	default:
		return (int64_t)x;
	}
}

static int evlist_offline_plan(const int64_t *p, int np,
			       struct evlist_plan *pl)
{
	int64_t n = p[CPUS], cpu = p[OFFLINE_CPU], round, i;

	if (np != NPARAMS || n < 2 || n > FAKE_CPUS_MAX || cpu < 0 ||
	    cpu >= n || p[ROUNDS_OFFLINE] < 1 || p[ROUNDS_OFFLINE] > 8 ||
	    p[UNREAD] < 0 || p[UNREAD] > 1 || p[SEED] < 0 || p[SEED] > 1)
		return -1;
	ep_init(pl, (unsigned int)n, 1, 2048, LAYOUT_PERF, (uint64_t)p[SEED]);
	for (round = 0; round < 4 + p[ROUNDS_OFFLINE]; round++) {
		if (round == 2 && !p[UNREAD])
			ep_round(pl);	/* its ring read empty first */
		if (round == 2)
			ep_online(pl, (unsigned int)cpu, false);
		if (round == 2 + p[ROUNDS_OFFLINE])
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
