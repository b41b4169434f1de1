// SPDX-License-Identifier: GPL-2.0-only
/*
 * backward-window: the edge of the overwrite window at every 8-byte
 * offset: records of two sizes alternate, then 8-byte ones, so that the
 * oldest whole record of the window falls everywhere.
 */
#include "families.h"

enum { DATA_SIZE, SIZE_A, SIZE_B, SINCE, NPARAMS };

const char *const backward_window_params[] = {
	[DATA_SIZE] = "data_size", [SIZE_A] = "size_a", [SIZE_B] = "size_b",
	/* bytes since the last cycle: half a ring and this */
	[SINCE] = "since",
	NULL
};

const char backward_window_scaled[] = "small rings up to 512 * N bytes "
	"(exhaustive), one more size each for a and b a step";

/* the steps of --scale add 1024, then 2048 */
static const int64_t data_sizes[] = { 64, 128, 256, 512, PAGE_DS, 1024,
				      2048 };
static const int64_t sizes_a[] = { 8, 16, 24, 40, 56, 88 };
static const int64_t sizes_b[] = { 8, 16, 32, 48, 64, 96, 128 };

int backward_window_lists(enum scenario_bounds b, size_t *len)
{
	len[DATA_SIZE] = scaled_len(N(data_sizes) - 2, 1);
	len[SIZE_A] = scaled_len(N(sizes_a) - 2, 1);
	len[SIZE_B] = scaled_len(N(sizes_b) - 2, 1);
	len[SINCE] = (128 << scale_steps()) + 1;	/* 8 * k, to a ring */
	return NPARAMS;
}

int64_t backward_window_value(enum scenario_bounds b, int k, size_t x,
			      const int64_t *p)
{
	switch (k) {
	case DATA_SIZE:
		return data_sizes[x];
	case SIZE_A:
		return sizes_a[x];
	case SIZE_B:
		return sizes_b[x];
	default:	/* SINCE */
		/* whole pages: every 64th byte of the first 1024, at any
		 * scale (past it, two rounds of 8-byte records are more
		 * steps than a scenario holds) */
		if (p[DATA_SIZE] >= PAGE_DS && (x % 8 || x > 128))
			return -1;
		return (int64_t)x * 8;
	}
}

int backward_window_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[DATA_SIZE], a = p[SIZE_A], b = p[SIZE_B];
	int64_t total, left, round;

	if (np != NPARAMS || ds < 8 || ds > 1 << 20 || (ds & (ds - 1)) ||
	    a < 8 || a % 8 || b < 8 || b % 8 || a >= ds || b >= ds ||
	    p[SINCE] < 0 || p[SINCE] % 8 || p[SINCE] > ds)
		return -1;
	total = ds / 2 + p[SINCE];	/* from half a ring to 1.5 rings */
	if (b == a)
		return -1;
	scenario_init(s, "bwd-ro", ds, 0);
	for (round = 0; round < 2; round++) {
		/* alternate sizes a and b, then 8-byte records: the
		 * newest ones fill the window; the edge falls where it may */
		for (left = total; left >= a + b; left -= a + b) {
			scenario_write(s, (unsigned int)a, 1);
			scenario_write(s, (unsigned int)b, 1);
		}
		scenario_write(s, 8, (unsigned long)(left / 8));
		scenario_cycle(s, CYCLE_OVERWRITE);
	}
	return 0;
}
