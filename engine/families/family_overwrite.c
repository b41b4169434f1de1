// SPDX-License-Identifier: GPL-2.0-only
/*
 * overwrite: rounds of writes on a backward read-only ring, each read
 * newest first, none twice.
 */
#include "families.h"

enum { DATA_SIZE, RECORD_SIZE, RECORDS, FIRST_CYCLE, NPARAMS };

const char *const overwrite_params[] = {
	[DATA_SIZE] = "data_size", [RECORD_SIZE] = "record_size",
	[RECORDS] = "records",
	/* 0: after the first round, 1: before it, 2: after, then a record
	 * larger than the ring */
	[FIRST_CYCLE] = "first_cycle",
	NULL
};

const char overwrite_scaled[] = "a larger small ring and page-sized ring, "
	"a larger record size and two more record counts a step";

/* the steps of --scale add { 512, 16 KiB }, then { 1024, 32 KiB } */
static const int64_t data_sizes[] = { 64, 128, 256, PAGE_DS, 2 * PAGE_DS,
				      512, 4 * PAGE_DS, 1024, 8 * PAGE_DS };
static const int64_t record_sizes[] = { 8, 24, 40, 64, 120, 248, 504 };
static const int64_t records[] = { 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144,
				   233, 377, 610, 987 };

int overwrite_lists(enum scenario_bounds b, size_t *len)
{
	len[DATA_SIZE] = scaled_len(5, 2);
	len[RECORD_SIZE] = scaled_len(5, 1);
	len[RECORDS] = b == BOUNDS_QUICK ? 6 : scaled_len(11, 2);
	len[FIRST_CYCLE] = 3;
	return NPARAMS;
}

int64_t overwrite_value(enum scenario_bounds b, int k, size_t x,
			const int64_t *p)
{
	switch (k) {
	case DATA_SIZE:
		return data_sizes[x];
	case RECORD_SIZE:
		return record_sizes[x];
	case RECORDS:
		return records[x];
	default:	/* FIRST_CYCLE */
		return (int64_t)x;
	}
}

int overwrite_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[DATA_SIZE], rs = p[RECORD_SIZE], n = p[RECORDS];

	if (np != NPARAMS || ds < 8 || ds > 1 << 20 || (ds & (ds - 1)) ||
	    rs < 8 || rs % 8 || rs >= ds || n < 1 || n > 1000 ||
	    p[FIRST_CYCLE] < 0 || p[FIRST_CYCLE] > 2)
		return -1;
	scenario_init(s, "bwd-ro", ds, 0);
	s->cfg.lost_trailer = 16;
	if (p[FIRST_CYCLE] == 1)
		scenario_cycle(s, CYCLE_OVERWRITE);	/* nothing yet */
	scenario_write(s, rs, n);
	scenario_cycle(s, CYCLE_OVERWRITE);
	if (p[FIRST_CYCLE] == 2) {
		/* written over itself: nothing in the window is whole */
		scenario_write(s, (unsigned int)(2 * ds - 8), 1);
		scenario_cycle(s, CYCLE_OVERWRITE);
	}
	/* fewer than a ring since the last cycle: only those (1) */
	scenario_write(s, rs, n / 2 + 1);
	scenario_cycle(s, CYCLE_OVERWRITE);
	scenario_write(s, rs, 2 * n);
	scenario_cycle(s, CYCLE_OVERWRITE);
	scenario_cycle(s, CYCLE_OVERWRITE);	/* nothing new */
	return 0;
}
