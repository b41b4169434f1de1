// SPDX-License-Identifier: GPL-2.0-only
/*
 * counters: data_head and data_tail crossing 2^31, 2^32, 2^63 and 2^64
 * (= 0) while records wrap: 32-bit truncations and signed comparisons.
 */
#include "families.h"

enum { MODE, POINT, DATA_SIZE, RECORD_SIZE, START, NPARAMS };

const char *const counters_params[] = {
	[MODE] = "mode",
	[POINT] = "point",	/* log2 of the crossing point; 64: 0 */
	[DATA_SIZE] = "data_size", [RECORD_SIZE] = "record_size",
	/* the start: the point - ds + start * ds / 8 */
	[START] = "start",
	NULL
};

const char counters_scaled[] = "more crossing points: 2^16 and 2^48, then "
	"2^24 and 2^56";

static const int64_t points[] = { 64, 31, 32, 63, 16, 48, 24, 56 };
static const int64_t data_sizes[] = { 64, PAGE_DS, 2 * PAGE_DS };
static const int64_t record_sizes[] = { 8, 40 };

int counters_lists(enum scenario_bounds b, size_t *len)
{
	len[MODE] = 2;
	len[POINT] = scaled_len(4, 2);
	len[DATA_SIZE] = N(data_sizes);
	len[RECORD_SIZE] = N(record_sizes);
	len[START] = 17;
	return NPARAMS;
}

int64_t counters_value(enum scenario_bounds b, int k, size_t x,
		       const int64_t *p)
{
	switch (k) {
	case MODE:
		return (int64_t)x;
	case POINT:
		return points[x];
	case DATA_SIZE:
		return data_sizes[x];
	case RECORD_SIZE:
		return record_sizes[x];
	default:	/* START */
		return (int64_t)x;
	}
}

int counters_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[DATA_SIZE], rs = p[RECORD_SIZE], round;
	int64_t per = ds / 2 / rs + 1;
	uint64_t point, step;

	if (np != NPARAMS || p[MODE] < 0 || p[MODE] > 1 || p[POINT] < 1 ||
	    p[POINT] > 64 || ds < 64 || ds > 1 << 20 || (ds & (ds - 1)) ||
	    rs < 8 || rs % 8 || rs >= ds || p[START] < 0 || p[START] > 16)
		return -1;
	point = p[POINT] == 64 ? 0 : 1ull << p[POINT];
	step = (uint64_t)p[START] * ds / 8;
	if (!p[MODE]) {
		scenario_init(s, family_modes[0], ds, 0);
		scenario_forward_start(s, point - ds + step, CYCLE_EACH);
	} else {
		/*
		 * A backward head starts at 0 and only goes down: it
		 * crosses -2^31 and -2^32 from a ring above them, starts
		 * at 0 or up to two rings below, and ends at most at
		 * -2^63, the lowest head it has as a signed value.
		 */
		scenario_init(s, family_modes[1], ds, 0);
		if (p[POINT] == 64)
			scenario_backward_head(s, -step);
		else if (p[POINT] == 63)
			scenario_backward_head(s, -point + 4 * per * rs + step);
		else
			scenario_backward_head(s, -point + ds - step);
	}
	s->cfg.lost_trailer = 16;
	/* the counters cross the point while records wrap */
	for (round = 0; round < 4; round++) {
		scenario_write(s, (unsigned int)rs, (unsigned long)per);
		family_cycles(s, (enum cycle_pattern)(round & 1));
	}
	return 0;
}
