// SPDX-License-Identifier: GPL-2.0-only
/*
 * pause: records dropped while the ring is paused become a LOST record
 * after resume, forward and backward, paused outside or inside a cycle.
 */
#include "families.h"

enum { MODE, DATA_SIZE, RECORD_SIZE, DROPS, IN_CYCLE, NPARAMS };

const char *const pause_params[] = {
	[MODE] = "mode", [DATA_SIZE] = "data_size",
	[RECORD_SIZE] = "record_size",
	[DROPS] = "drops",	/* records written while paused */
	[IN_CYCLE] = "in_cycle",	/* forward: paused inside a cycle */
	NULL
};

const char pause_scaled[] = "one more ring size (1 KiB, then 16 KiB) and "
	"more drops (500, then 1000) a step";

static const int64_t data_sizes[] = { 64, 256, PAGE_DS, 2 * PAGE_DS, 1024,
				      4 * PAGE_DS };
static const int64_t record_sizes[] = { 8, 24, 40 };
static const int64_t drops[] = { 1, 2, 7, 100, 500, 1000 };

int pause_lists(enum scenario_bounds b, size_t *len)
{
	len[MODE] = 2;
	len[DATA_SIZE] = scaled_len(4, 1);
	len[RECORD_SIZE] = N(record_sizes);
	len[DROPS] = scaled_len(4, 1);
	len[IN_CYCLE] = 2;
	return NPARAMS;
}

int64_t pause_value(enum scenario_bounds b, int k, size_t x, const int64_t *p)
{
	switch (k) {
	case MODE:
		return (int64_t)x;
	case DATA_SIZE:
		return data_sizes[x];
	case RECORD_SIZE:
		return record_sizes[x];
	case DROPS:
		return drops[x];
	default:	/* IN_CYCLE */
		return (int64_t)x;
	}
}

int pause_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[DATA_SIZE], rs = p[RECORD_SIZE];
	bool in_cycle = p[IN_CYCLE] == 1;

	if (np != NPARAMS || p[MODE] < 0 || p[MODE] > 1 || ds < 64 ||
	    ds > 1 << 20 || (ds & (ds - 1)) || rs < 8 || rs % 8 || rs >= ds ||
	    p[DROPS] < 1 || p[DROPS] > 1000 || p[IN_CYCLE] < 0 ||
	    p[IN_CYCLE] > 1 || (p[MODE] && in_cycle))
		return -1;
	scenario_init(s, family_modes[p[MODE]], ds, 0);
	s->cfg.lost_trailer = 16;
	scenario_write(s, (unsigned int)rs, 2);
	if (in_cycle)
		scenario_add(s, RD_INIT, 0, 0);
	scenario_add(s, ST_PAUSE, 0, 0);
	scenario_write(s, (unsigned int)rs, (unsigned long)p[DROPS]);
	scenario_add(s, ST_RESUME, 0, 0);
	scenario_write(s, (unsigned int)rs, 1);
	if (in_cycle) {
		scenario_add(s, RD_DRAIN_EACH, 0, 0);
		scenario_add(s, RD_DONE, 0, 0);
	}
	family_cycles(s, CYCLE_EACH);
	scenario_write(s, (unsigned int)rs, 3);
	family_cycles(s, CYCLE_ONCE);
	return 0;
}
