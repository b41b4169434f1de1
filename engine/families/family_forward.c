// SPDX-License-Identifier: GPL-2.0-only
/*
 * forward: fill levels on 4, 16 and 64 KiB pages, one or more data pages,
 * read in both consume patterns.
 */
#include "families.h"

enum { PAGE_SIZE, DATA_PAGES, RECORD_SIZE, FILL, RELEASE, NPARAMS };

const char *const forward_params[] = {
	[PAGE_SIZE] = "page_size", [DATA_PAGES] = "data_pages",
	[RECORD_SIZE] = "record_size",
	[FILL] = "fill",	/* 0 half, 1 capacity, 2 overflow, 3 a
				 * quarter, 4 twice the capacity */
	[RELEASE] = "release",
	NULL
};

const char forward_scaled[] = "data pages up to 2 * N; fill levels: a "
	"quarter (N >= 2), twice the capacity (N = 4)";

static const int64_t page_sizes[] = { 4096, 16384, 65536 };
static const int64_t data_pages[] = { 1, 2, 4, 8 };
static const int64_t record_sizes[] = { 8, 24, 40, 64, 4104, 8200 };

int forward_lists(enum scenario_bounds b, size_t *len)
{
	len[PAGE_SIZE] = N(page_sizes);
	len[DATA_PAGES] = scaled_len(2, 1);
	len[RECORD_SIZE] = N(record_sizes);
	len[FILL] = scaled_len(3, 1);
	len[RELEASE] = 2;
	return NPARAMS;
}

int64_t forward_value(enum scenario_bounds b, int k, size_t x,
		      const int64_t *p)
{
	switch (k) {
	case PAGE_SIZE:
		return page_sizes[x];
	case DATA_PAGES:
		return data_pages[x];
	case RECORD_SIZE:
		return record_sizes[x];
	case FILL:
		return (int64_t)x;
	default:	/* RELEASE */
		return (int64_t)x;
	}
}

int forward_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ps = p[PAGE_SIZE], pages = p[DATA_PAGES], rs = p[RECORD_SIZE];
	int64_t ds, cap, n, round;

	if (np != NPARAMS || (ps != 4096 && ps != 16384 && ps != 65536) ||
	    pages < 1 || pages > 8 || (pages & (pages - 1)) || rs < 8 ||
	    rs % 8 || rs > 65528 || p[FILL] < 0 || p[FILL] > 4 ||
	    p[RELEASE] < 0 || p[RELEASE] > 1)
		return -1;
	ds = ps * pages;
	if (rs >= ds)
		return -1;
	scenario_init(s, "fwd-rw", ds, 0);
	s->cfg.page_size = ps;
	s->cfg.lost_trailer = 16;
	cap = (ds - 1) / rs;
	switch (p[FILL]) {
	case 0:
		n = cap / 2 + 1;
		break;
	case 1:
		n = cap;
		break;
	case 2:
		n = cap + 3;
		break;
	case 3:
		n = cap / 4 + 1;
		break;
	default:
		n = 2 * cap;
		break;
	}
	for (round = 0; round < 3; round++) {
		scenario_write(s, rs, n);
		scenario_cycle(s, (enum cycle_pattern)p[RELEASE]);
	}
	return 0;
}
