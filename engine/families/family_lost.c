// SPDX-License-Identifier: GPL-2.0-only
/*
 * lost: fill a forward ring past its capacity, free one record, two or
 * all of them, write again: where the LOST record lands, and its trailer.
 */
#include "families.h"

enum { DATA_SIZE, RECORD_SIZE, TRAILER, OVER, FREED, NPARAMS };

const char *const lost_params[] = {
	[DATA_SIZE] = "data_size", [RECORD_SIZE] = "record_size",
	[TRAILER] = "trailer",	/* sample_id bytes of the LOST record */
	[OVER] = "over",	/* records written past the capacity */
	[FREED] = "freed",	/* 0 one record, 1 two, 2 all */
	NULL
};

const char lost_scaled[] = "one more ring size (1 KiB, then 16 KiB) and "
	"one more overflow (20, then 100 records) a step";

static const int64_t data_sizes[] = { 64, 256, PAGE_DS, 2 * PAGE_DS, 1024,
				      4 * PAGE_DS };
static const int64_t record_sizes[] = { 8, 24, 40, 64, 128, 4096 };
static const int64_t trailers[] = { 0, 16, 48 };
static const int64_t overs[] = { 1, 2, 5, 50, 20, 100 };

int lost_lists(enum scenario_bounds b, size_t *len)
{
	len[DATA_SIZE] = scaled_len(4, 1);
	len[RECORD_SIZE] = N(record_sizes);
	len[TRAILER] = N(trailers);
	len[OVER] = scaled_len(4, 1);
	len[FREED] = 3;
	return NPARAMS;
}

int64_t lost_value(enum scenario_bounds b, int k, size_t x, const int64_t *p)
{
	switch (k) {
	case DATA_SIZE:
		return data_sizes[x];
	case RECORD_SIZE:
		return record_sizes[x];
	case TRAILER:
		return trailers[x];
	case OVER:
		return overs[x];
	default:	/* FREED */
		return (int64_t)x;
	}
}

int lost_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[DATA_SIZE], rs = p[RECORD_SIZE], freed = p[FREED], k;

	if (np != NPARAMS || ds < 64 || ds > 1 << 20 || (ds & (ds - 1)) ||
	    rs < 8 || rs % 8 || rs > ds ||
	    (p[TRAILER] != 0 && p[TRAILER] != 16 && p[TRAILER] != 48) ||
	    p[OVER] < 1 || p[OVER] > 100 || freed < 0 || freed > 2)
		return -1;
	scenario_init(s, "fwd-rw", ds, 0);
	s->cfg.lost_trailer = (unsigned int)p[TRAILER];
	/* rs == ds: never fits, no LOST ever follows it (16) */
	scenario_write(s, (unsigned int)rs,
		       (unsigned long)((ds - 1) / rs + p[OVER]));
	/* inside one full cycle: free one or two records' worth and write
	 * (both dropped when only the record fits), or all of it */
	scenario_add(s, RD_INIT, 0, 0);
	for (k = 0; k <= freed && freed < 2; k++) {
		scenario_add(s, RD_EVENT, 0, 0);
		scenario_add(s, RD_CONSUME, 0, 0);
	}
	if (freed < 2)
		scenario_write(s, (unsigned int)rs, 1);
	scenario_add(s, RD_DRAIN_EACH, 0, 0);
	scenario_add(s, RD_DONE, 0, 0);
	scenario_write(s, (unsigned int)rs, 1);
	scenario_cycle(s, CYCLE_EACH);
	scenario_write(s, (unsigned int)rs, 2);
	return 0;
}
