// SPDX-License-Identifier: GPL-2.0-only
/*
 * large-records: records up to 65528 bytes (the largest 8-byte aligned
 * size a 16-bit header holds) across the end of 4, 16 and 64 KiB data
 * areas, starting at every 8-byte offset before the end; and in overwrite
 * rings, the only ones that hold it, a record exactly as long as the data
 * area at every start offset (its end offset equals its start offset: a
 * wrap test written as "end below start" misses it).
 */
#include "families.h"

enum { MODE, DATA_SIZE, RECORD_SIZE, BEFORE_END, NPARAMS };

const char *const large_records_params[] = {
	[MODE] = "mode", [DATA_SIZE] = "data_size",
	[RECORD_SIZE] = "record_size",
	/* the record starts this many bytes before the end */
	[BEFORE_END] = "before_end",
	NULL
};

const char large_records_scaled[] = "nothing in full bounds: every record "
	"size class up to the ABI's 65528 at every offset already; --quick "
	"takes every (64 / N)th offset";

static const int64_t data_sizes[] = { 4096, 16384, 65536 };
static const int64_t record_sizes[] = { 2056, 4088, 4104, 4296, 8200,
					16376, 32776, 65528 };
/* the index past record_sizes: a record as long as the data area (a new
 * index, so the ids of the sizes above stay what they were) */
#define RECORD_IS_RING	N(record_sizes)

int large_records_lists(enum scenario_bounds b, size_t *len)
{
	len[MODE] = 2;
	len[DATA_SIZE] = N(data_sizes);
	len[RECORD_SIZE] = N(record_sizes) + 1;
	len[BEFORE_END] = 8191;	/* 8 * (k + 1) before the end */
	return NPARAMS;
}

int64_t large_records_value(enum scenario_bounds b, int k, size_t x,
			    const int64_t *p)
{
	switch (k) {
	case MODE:
		return (int64_t)x;
	case DATA_SIZE:
		return data_sizes[x];
	case RECORD_SIZE:
		if (x < RECORD_IS_RING)
			return record_sizes[x];
		/* forward rings never hold one (never-fits, 16); a 16-bit
		 * size holds 65528 at most */
		return p[MODE] && p[DATA_SIZE] <= 65528 ? p[DATA_SIZE] : -1;
	default:	/* BEFORE_END */
		/* --quick: every 64th offset and the last one */
		if (b == BOUNDS_QUICK && x % (64 >> scale_steps()) &&
		    (int64_t)(x + 2) * 8 != p[RECORD_SIZE])
			return -1;
		return (int64_t)(x + 1) * 8;
	}
}

int large_records_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[DATA_SIZE], rs = p[RECORD_SIZE], before = p[BEFORE_END];

	if (np != NPARAMS || p[MODE] < 0 || p[MODE] > 1 || ds < 4096 ||
	    ds > 65536 || (ds & (ds - 1)) || rs < 8 || rs % 8 || rs > 65528 ||
	    rs > ds || (rs == ds && !p[MODE]) || before < 8 || before % 8 ||
	    before > rs || (before == rs && rs != ds))
		return -1;
	/* page size = the data area here: the data starts at 16 KiB or
	 * 64 KiB, not 4 KiB (20) */
	scenario_init(s, family_modes[p[MODE]], ds, 0);
	s->cfg.page_size = ds;
	/* a backward record lies below the head: a head below 0 that puts
	 * its first byte before the end */
	if (p[MODE] && rs == ds)
		/* a ring of history under it (pieces of half a ring, raw
		 * samples), the head at the same offset as below */
		scenario_backward_head(s, (uint64_t)(-before - ds));
	else if (p[MODE])
		scenario_backward_head(s, (uint64_t)(rs - before - ds));
	else
		scenario_forward_start(s, (uint64_t)(ds - before), CYCLE_EACH);
	scenario_write(s, (unsigned int)rs, 1);
	family_cycles(s, CYCLE_EACH);
	return 0;
}
