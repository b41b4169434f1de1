// SPDX-License-Identifier: GPL-2.0-only
/*
 * push: the reader's push (chunks of contiguous bytes to a sink) from
 * every start offset, with sinks that fail.
 */
#include "families.h"

enum { MODE, DATA_SIZE, OFFSET, RECORD_SIZE, FAILING_SINK, NPARAMS };

const char *const push_params[] = {
	[MODE] = "mode", [DATA_SIZE] = "data_size", [OFFSET] = "offset",
	[RECORD_SIZE] = "record_size",
	[FAILING_SINK] = "failing_sink",	/* one before each push */
	NULL
};

const char push_scaled[] = "start offsets up to 256 * N bytes, one more "
	"ring size (1 KiB, then 16 KiB) and record size a step";

static const int64_t data_sizes[] = { 64, 256, PAGE_DS, 2 * PAGE_DS, 1024,
				      4 * PAGE_DS };
static const int64_t record_sizes[] = { 8, 16, 24, 40, 56, 120, 248 };

int push_lists(enum scenario_bounds b, size_t *len)
{
	len[MODE] = 2;
	len[DATA_SIZE] = scaled_len(4, 1);
	len[OFFSET] = 32 << scale_steps();	/* offset / 8 */
	len[RECORD_SIZE] = scaled_len(5, 1);
	len[FAILING_SINK] = 2;
	return NPARAMS;
}

int64_t push_value(enum scenario_bounds b, int k, size_t x, const int64_t *p)
{
	switch (k) {
	case MODE:
		return (int64_t)x;
	case DATA_SIZE:
		return data_sizes[x];
	case OFFSET:
		/* whole pages: every 64th byte */
		return p[DATA_SIZE] >= PAGE_DS && x % 8 ? -1 : (int64_t)x * 8;
	case RECORD_SIZE:
		return record_sizes[x];
	default:	/* FAILING_SINK */
		return (int64_t)x;
	}
}

int push_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[DATA_SIZE], off = p[OFFSET], rs = p[RECORD_SIZE], round;
	bool bwd = p[MODE] == 1;

	if (np != NPARAMS || p[MODE] < 0 || p[MODE] > 1 || ds < 64 ||
	    ds > 1 << 20 || (ds & (ds - 1)) || off < 0 || off % 8 ||
	    off >= ds || rs < 8 || rs % 8 || rs >= ds ||
	    p[FAILING_SINK] < 0 || p[FAILING_SINK] > 1)
		return -1;
	scenario_init(s, family_modes[p[MODE]], ds, 0);
	if (bwd)
		scenario_backward_head(s, (uint64_t)-off);
	else
		scenario_forward_start(s, (uint64_t)off, CYCLE_PUSH);
	for (round = 0; round < 4; round++) {
		scenario_write(s, (unsigned int)rs,
			       (unsigned long)((ds / 2) / rs + round));
		if (p[FAILING_SINK]) {
			if (bwd)
				scenario_add(s, ST_PAUSE, 0, 0);
			scenario_add(s, RD_PUSH_FAIL, 0, 0);
			if (bwd)
				scenario_add(s, ST_RESUME, 0, 0);
		}
		scenario_cycle(s, CYCLE_PUSH);
	}
	return 0;
}
