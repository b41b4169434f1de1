// SPDX-License-Identifier: GPL-2.0-only
/*
 * lifetime: a nearly full forward ring whose writer fills every byte the
 * reader released, right after read_event: a reader that hands out a
 * record after releasing its bytes returns the poison.
 */
#include "families.h"

enum { DATA_SIZE, RECORD_SIZE, FILL, NPARAMS };

const char *const lifetime_params[] = {
	[DATA_SIZE] = "data_size", [RECORD_SIZE] = "record_size",
	[FILL] = "fill",	/* records before the cycle */
	NULL
};

const char lifetime_scaled[] = "one more ring size (512, then 1024) and "
	"up to 32 * N records before the cycle";

static const int64_t data_sizes[] = { 64, 128, 256, PAGE_DS, 512, 1024 };
static const int64_t record_sizes[] = { 8, 16, 24, 32 };

int lifetime_lists(enum scenario_bounds b, size_t *len)
{
	len[DATA_SIZE] = scaled_len(4, 1);
	len[RECORD_SIZE] = N(record_sizes);
	len[FILL] = 32 << scale_steps();
	return NPARAMS;
}

int64_t lifetime_value(enum scenario_bounds b, int k, size_t x,
		       const int64_t *p)
{
	switch (k) {
	case DATA_SIZE:
		return data_sizes[x];
	case RECORD_SIZE:
		return record_sizes[x];
	default:	/* FILL */
		return (int64_t)x + 1;
	}
}

int lifetime_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[DATA_SIZE], rs = p[RECORD_SIZE], fill = p[FILL];

	if (np != NPARAMS || ds < 64 || ds > 4096 || (ds & (ds - 1)) ||
	    rs < 8 || rs % 8 || rs >= ds || fill < 1 || fill * rs >= ds)
		return -1;
	scenario_init(s, "fwd-rw", ds, 0);
	scenario_write(s, (unsigned int)rs, (unsigned long)fill);
	scenario_add(s, RD_INIT, 0, 0);
	scenario_add(s, RD_EVENT, 0, 0);
	/* the writer fills every byte the reader released */
	scenario_write(s, 8, (unsigned long)(ds / 8));
	scenario_add(s, RD_EVENT, 0, 0);
	scenario_write(s, 8, (unsigned long)(ds / 8));
	scenario_add(s, RD_CONSUME, 0, 0);
	scenario_write(s, 8, (unsigned long)(ds / 8));
	scenario_add(s, RD_DRAIN_EACH, 0, 0);
	scenario_add(s, RD_DONE, 0, 0);
	return 0;
}
