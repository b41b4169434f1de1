// SPDX-License-Identifier: GPL-2.0-only
/*
 * wrap: a forward ring at every start offset with every record size,
 * records crossing the end in four laps. Small rings are exhaustive; on
 * whole pages every 64th offset and a sample of sizes.
 */
#include "families.h"

enum { DATA_SIZE, OFFSET, RECORD_SIZE, RELEASE, NPARAMS };

const char *const wrap_params[] = {
	[DATA_SIZE] = "data_size", [OFFSET] = "offset",
	[RECORD_SIZE] = "record_size",
	[RELEASE] = "release",	/* 0: per record, 1: per cycle */
	NULL
};

const char wrap_scaled[] = "the exhaustive rings go up to 1024 * N bytes, "
	"offsets and sizes up to 1024 * N; page-sized rings up to 8 KiB * N";

/* --scale 2 adds 2048 and 16384, --scale 4 then 32768 and 65536 (2048
 * stays the largest exhaustive ring: 4096 is a page, sampled) */
static const int64_t data_sizes[] = { 32, 64, 128, 256, 512, 1024,
				      PAGE_DS, 2 * PAGE_DS, 2048,
				      4 * PAGE_DS, 8 * PAGE_DS, 16 * PAGE_DS };
/* whole pages: sizes 8, 24, 40, 64, 120, 256, 504 (then 1016, 2040) */
static const size_t page_sizes[] = { 0, 2, 4, 7, 14, 31, 62, 126, 254 };

int wrap_lists(enum scenario_bounds b, size_t *len)
{
	len[DATA_SIZE] = b == BOUNDS_QUICK ? 3 : scaled_len(8, 2);
	len[OFFSET] = 128 << scale_steps();		/* offset / 8 */
	len[RECORD_SIZE] = (128 << scale_steps()) - 1;	/* size / 8 - 1 */
	len[RELEASE] = 2;
	return NPARAMS;
}

static bool page_size_sampled(size_t x)
{
	size_t i;

	for (i = 0; i < N(page_sizes); i++)
		if (page_sizes[i] == x)
			return true;
	return false;
}

int64_t wrap_value(enum scenario_bounds b, int k, size_t x, const int64_t *p)
{
	switch (k) {
	case DATA_SIZE:
		return data_sizes[x];
	case OFFSET:
		/* whole pages: every 64th byte */
		return p[DATA_SIZE] >= PAGE_DS && x % 8 ? -1 : (int64_t)x * 8;
	case RECORD_SIZE:
		if (p[DATA_SIZE] >= PAGE_DS && !page_size_sampled(x))
			return -1;
		return (int64_t)(x + 1) * 8;
	default:	/* RELEASE */
		return (int64_t)x;
	}
}

int wrap_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[DATA_SIZE], off = p[OFFSET], rs = p[RECORD_SIZE], lap;
	enum cycle_pattern release = (enum cycle_pattern)p[RELEASE];

	if (np != NPARAMS || ds < 8 || ds > 1 << 20 || (ds & (ds - 1)) ||
	    off < 0 || off >= ds || off % 8 || rs < 8 || rs >= ds ||
	    rs % 8 || p[RELEASE] < 0 || p[RELEASE] > 1)
		return -1;
	scenario_init(s, "fwd-rw", ds, 0);
	scenario_forward_start(s, (uint64_t)off, release);
	s->cfg.lost_trailer = 16;
	/* four laps in half-ring batches: records cross the end at many
	 * offsets, and each cycle is read in one usage pattern */
	for (lap = 0; lap < 8; lap++) {
		scenario_write(s, rs, (ds / 2 + rs - 1) / rs);
		scenario_cycle(s, release);
	}
	return 0;
}
