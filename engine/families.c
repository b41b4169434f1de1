// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scenario families. Each one enumerates a product of parameter lists
 * (the bounds are in COVERAGE.md); combinations that do not make a valid
 * scenario (an offset past the ring, a record that cannot fit) are not
 * cases. A case id is the family name and the parameter values.
 *
 * Every family has instances on 4 KiB pages with data areas of whole
 * pages (PAGE_DS), so a reader that only takes whole pages is tested by
 * each of them; the small rings make the enumeration exhaustive cheaply,
 * and on whole pages a family takes a sample of its offsets and sizes.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evlist_families.h"
#include "paths.h"
#include "ring_image.h"
#include "scenario.h"

#define N(a)	(sizeof(a) / sizeof((a)[0]))
/* one data page of 4 KiB, and more */
#define PAGE_DS	4096

static const char *const modes[] = { "fwd-rw", "bwd-ro" };

static void cycles(struct scenario *s, int pattern)
{
	scenario_cycle(s, s->cfg.overwrite ? CYCLE_OVERWRITE
					   : (enum cycle_pattern)pattern);
}

/* --- wrap: every start offset, every record size, small rings --- */

static const int64_t wrap_ds[] = { 32, 64, 128, 256, 512, PAGE_DS,
				   2 * PAGE_DS };

static int wrap_lists(enum scenario_bounds b, size_t *len)
{
	len[0] = b == BOUNDS_QUICK ? 3 : N(wrap_ds);
	len[1] = 64;	/* start offset / 8 */
	len[2] = 63;	/* record size / 8 - 1 */
	len[3] = 2;	/* consume per record, per cycle */
	return 4;
}

static int64_t wrap_value(enum scenario_bounds b, int k, size_t x,
			 const int64_t *p)
{
	switch (k) {
	case 0:
		return wrap_ds[x];
	case 1:
		/* whole pages: every 64th byte */
		return p[0] >= PAGE_DS && x % 8 ? -1 : (int64_t)x * 8;
	case 2:
		/* whole pages: sizes 8, 24, 40, 64, 120, 256, 504 */
		if (p[0] >= PAGE_DS && x != 0 && x != 2 && x != 4 && x != 7 &&
		    x != 14 && x != 31 && x != 62)
			return -1;
		return (int64_t)(x + 1) * 8;
	default:	/* 3 */
		return (int64_t)x;
	}
}

static int wrap_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[0], off = p[1], rs = p[2], lap;

	if (np != 4 || ds < 8 || ds > 1 << 20 || (ds & (ds - 1)) ||
	    off < 0 || off >= ds || off % 8 || rs < 8 || rs >= ds ||
	    rs % 8 || p[3] < 0 || p[3] > 1)
		return -1;
	scenario_init(s, "fwd-rw", ds, 0);
	scenario_forward_start(s, (uint64_t)off, (enum cycle_pattern)p[3]);
	s->cfg.lost_trailer = 16;
	/* four laps in half-ring batches: records cross the end at many
	 * offsets, and each cycle is read in one usage pattern */
	for (lap = 0; lap < 8; lap++) {
		scenario_write(s, rs, (ds / 2 + rs - 1) / rs);
		scenario_cycle(s, (enum cycle_pattern)p[3]);
	}
	return 0;
}

/* --- forward: fill levels, real page sizes, both consume patterns --- */

static const int64_t fwd_page[] = { 4096, 16384, 65536 };
static const int64_t fwd_rs[] = { 8, 24, 40, 64, 4104, 8200 };

static int fwd_lists(enum scenario_bounds b, size_t *len)
{
	len[0] = N(fwd_page);
	len[1] = 2;		/* data pages: 1, 2 */
	len[2] = N(fwd_rs);
	len[3] = 3;		/* fill: half, to capacity, overflow */
	len[4] = 2;
	return 5;
}

static int64_t fwd_value(enum scenario_bounds b, int k, size_t x,
			 const int64_t *p)
{
	switch (k) {
	case 0:
		return fwd_page[x];
	case 1:
		return (int64_t)x + 1;
	case 2:
		return fwd_rs[x];
	case 3:
		return (int64_t)x;
	default:	/* 4 */
		return (int64_t)x;
	}
}

static int fwd_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ps = p[0], ds, rs = p[2], cap, n, round;

	if (np != 5 || (ps != 4096 && ps != 16384 && ps != 65536) ||
	    p[1] < 1 || p[1] > 2 || rs < 8 || rs % 8 || rs > 65528 ||
	    p[3] < 0 || p[3] > 2 || p[4] < 0 || p[4] > 1)
		return -1;
	ds = ps * p[1];
	if (rs >= ds)
		return -1;
	scenario_init(s, "fwd-rw", ds, 0);
	s->cfg.page_size = ps;
	s->cfg.lost_trailer = 16;
	cap = (ds - 1) / rs;
	n = p[3] == 0 ? cap / 2 + 1 : p[3] == 1 ? cap : cap + 3;
	for (round = 0; round < 3; round++) {
		scenario_write(s, rs, n);
		scenario_cycle(s, (enum cycle_pattern)p[4]);
	}
	return 0;
}

/* --- overwrite: rounds of writes, read newest first each round --- */

static const int64_t ovw_ds[] = { 64, 128, 256, PAGE_DS, 2 * PAGE_DS };
static const int64_t ovw_rs[] = { 8, 24, 40, 64, 120 };
static const int64_t ovw_n[] = { 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144 };

static int ovw_lists(enum scenario_bounds b, size_t *len)
{
	len[0] = N(ovw_ds);
	len[1] = N(ovw_rs);
	len[2] = b == BOUNDS_QUICK ? 6 : N(ovw_n);
	len[3] = 3;	/* the first cycle before or after the first round;
			 * 2: a record larger than the ring after round 1 */
	return 4;
}

static int64_t ovw_value(enum scenario_bounds b, int k, size_t x,
			 const int64_t *p)
{
	switch (k) {
	case 0:
		return ovw_ds[x];
	case 1:
		return ovw_rs[x];
	case 2:
		return ovw_n[x];
	default:	/* 3 */
		return (int64_t)x;
	}
}

static int ovw_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[0], rs = p[1], n = p[2];

	if (np != 4 || ds < 8 || ds > 1 << 20 || (ds & (ds - 1)) || rs < 8 ||
	    rs % 8 || rs >= ds || n < 1 || n > 1000 || p[3] < 0 || p[3] > 2)
		return -1;
	scenario_init(s, "bwd-ro", ds, 0);
	s->cfg.lost_trailer = 16;
	if (p[3] == 1)
		scenario_cycle(s, CYCLE_OVERWRITE);	/* nothing yet */
	scenario_write(s, rs, n);
	scenario_cycle(s, CYCLE_OVERWRITE);
	if (p[3] == 2) {
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

/* --- backward-window: the window edge at every 8-byte offset --- */

static const int64_t bw_ds[] = { 64, 128, 256, 512, PAGE_DS };
static const int64_t bw_a[] = { 8, 16, 24, 40 };
static const int64_t bw_b[] = { 8, 16, 32, 48, 64 };

static int bw_lists(enum scenario_bounds b, size_t *len)
{
	len[0] = N(bw_ds);
	len[1] = N(bw_a);
	len[2] = N(bw_b);
	len[3] = 129;	/* bytes since the last cycle: ds/2 + 8 * k */
	return 4;
}

static int64_t bw_value(enum scenario_bounds b, int k, size_t x,
			 const int64_t *p)
{
	switch (k) {
	case 0:
		return bw_ds[x];
	case 1:
		return bw_a[x];
	case 2:
		return bw_b[x];
	default:	/* 3 */
		/* whole pages: every 64th byte */
		return p[0] >= PAGE_DS && x % 8 ? -1 : (int64_t)x * 8;
	}
}

static int bw_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[0], a = p[1], b = p[2], total, left, round;

	if (np != 4 || ds < 8 || ds > 1 << 20 || (ds & (ds - 1)) || a < 8 ||
	    a % 8 || b < 8 || b % 8 || a >= ds || b >= ds || p[3] < 0 ||
	    p[3] % 8 || p[3] > ds)
		return -1;
	total = ds / 2 + p[3];		/* from half a ring to 1.5 rings */
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

/* --- large-records: up to 65528 bytes across the end, 4..64 KiB --- */

static const int64_t lr_ds[] = { 4096, 16384, 65536 };
static const int64_t lr_sizes[] = { 2056, 4088, 4104, 4296, 8200, 16376,
				    32776, 65528 };

static int lr_lists(enum scenario_bounds b, size_t *len)
{
	len[0] = 2;
	len[1] = N(lr_ds);
	len[2] = N(lr_sizes);
	len[3] = 8191;	/* the record starts 8 * (k + 1) before the end */
	return 4;
}

static int64_t lr_value(enum scenario_bounds b, int k, size_t x,
			 const int64_t *p)
{
	switch (k) {
	case 0:
		return (int64_t)x;
	case 1:
		return lr_ds[x];
	case 2:
		return lr_sizes[x];
	default:	/* 3 */
		/* --quick: every 64th offset and the last one */
		if (b == BOUNDS_QUICK && x % 64 && (int64_t)(x + 2) * 8 != p[2])
			return -1;
		return (int64_t)(x + 1) * 8;
	}
}

static int lr_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[1], rs = p[2], before = p[3];

	if (np != 4 || p[0] < 0 || p[0] > 1 || ds < 4096 || ds > 65536 ||
	    (ds & (ds - 1)) || rs < 8 || rs % 8 || rs > 65528 || rs >= ds ||
	    before < 8 || before % 8 || before >= rs)
		return -1;
	/* page size = the data area here: the data starts at 16 KiB or
	 * 64 KiB, not 4 KiB (20) */
	scenario_init(s, modes[p[0]], ds, 0);
	s->cfg.page_size = ds;
	/* a backward record lies below the head: a head below 0 that puts
	 * its first byte before the end */
	if (p[0])
		scenario_backward_head(s, (uint64_t)(rs - before - ds));
	else
		scenario_forward_start(s, (uint64_t)(ds - before), CYCLE_EACH);
	scenario_write(s, (unsigned int)rs, 1);
	cycles(s, CYCLE_EACH);
	return 0;
}

/* --- lost: fill, free one, two or all records, write again --- */

static const int64_t lost_ds[] = { 64, 256, PAGE_DS, 2 * PAGE_DS };
static const int64_t lost_rs[] = { 8, 24, 40, 64, 128, 4096 };
static const int64_t lost_tl[] = { 0, 16, 48 };
static const int64_t lost_over[] = { 1, 2, 5, 50 };

static int lost_lists(enum scenario_bounds b, size_t *len)
{
	len[0] = N(lost_ds);
	len[1] = N(lost_rs);
	len[2] = N(lost_tl);
	len[3] = N(lost_over);
	len[4] = 3;	/* freed: one record, two, all */
	return 5;
}

static int64_t lost_value(enum scenario_bounds b, int k, size_t x,
			 const int64_t *p)
{
	switch (k) {
	case 0:
		return lost_ds[x];
	case 1:
		return lost_rs[x];
	case 2:
		return lost_tl[x];
	case 3:
		return lost_over[x];
	default:	/* 4 */
		return (int64_t)x;
	}
}

static int lost_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[0], rs = p[1], k;

	if (np != 5 || ds < 64 || ds > 1 << 20 || (ds & (ds - 1)) || rs < 8 ||
	    rs % 8 || rs > ds || (p[2] != 0 && p[2] != 16 && p[2] != 48) ||
	    p[3] < 1 || p[3] > 100 || p[4] < 0 || p[4] > 2)
		return -1;
	scenario_init(s, "fwd-rw", ds, 0);
	s->cfg.lost_trailer = (unsigned int)p[2];
	/* rs == ds: never fits, no LOST ever follows it (16) */
	scenario_write(s, (unsigned int)rs, (unsigned long)((ds - 1) / rs + p[3]));
	/* inside one full cycle: free one or two records' worth and write
	 * (both dropped when only the record fits), or all of it */
	scenario_add(s, RD_INIT, 0, 0);
	for (k = 0; k <= p[4] && p[4] < 2; k++) {
		scenario_add(s, RD_EVENT, 0, 0);
		scenario_add(s, RD_CONSUME, 0, 0);
	}
	if (p[4] < 2)
		scenario_write(s, (unsigned int)rs, 1);
	scenario_add(s, RD_DRAIN_EACH, 0, 0);
	scenario_add(s, RD_DONE, 0, 0);
	scenario_write(s, (unsigned int)rs, 1);
	scenario_cycle(s, CYCLE_EACH);
	scenario_write(s, (unsigned int)rs, 2);
	return 0;
}

/* --- pause: drops while paused become a LOST after resume --- */

static const int64_t pause_ds[] = { 64, 256, PAGE_DS, 2 * PAGE_DS };
static const int64_t pause_rs[] = { 8, 24, 40 };
static const int64_t pause_drops[] = { 1, 2, 7, 100 };

static int pause_lists(enum scenario_bounds b, size_t *len)
{
	len[0] = 2;
	len[1] = N(pause_ds);
	len[2] = N(pause_rs);
	len[3] = N(pause_drops);
	len[4] = 2;	/* forward: pause outside or inside a cycle */
	return 5;
}

static int64_t pause_value(enum scenario_bounds b, int k, size_t x,
			 const int64_t *p)
{
	switch (k) {
	case 0:
		return (int64_t)x;
	case 1:
		return pause_ds[x];
	case 2:
		return pause_rs[x];
	case 3:
		return pause_drops[x];
	default:	/* 4 */
		return (int64_t)x;
	}
}

static int pause_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[1], rs = p[2];

	if (np != 5 || p[0] < 0 || p[0] > 1 || ds < 64 || ds > 1 << 20 ||
	    (ds & (ds - 1)) || rs < 8 || rs % 8 || rs >= ds || p[3] < 1 ||
	    p[3] > 1000 || p[4] < 0 || p[4] > 1 || (p[0] && p[4]))
		return -1;
	scenario_init(s, modes[p[0]], ds, 0);
	s->cfg.lost_trailer = 16;
	scenario_write(s, (unsigned int)rs, 2);
	if (p[4])
		scenario_add(s, RD_INIT, 0, 0);	/* inside a cycle */
	scenario_add(s, ST_PAUSE, 0, 0);
	scenario_write(s, (unsigned int)rs, (unsigned long)p[3]);
	scenario_add(s, ST_RESUME, 0, 0);
	scenario_write(s, (unsigned int)rs, 1);
	if (p[4]) {
		scenario_add(s, RD_DRAIN_EACH, 0, 0);
		scenario_add(s, RD_DONE, 0, 0);
	}
	cycles(s, CYCLE_EACH);
	scenario_write(s, (unsigned int)rs, 3);
	cycles(s, CYCLE_ONCE);
	return 0;
}

/* --- push: chunking at every offset, failing sinks --- */

static const int64_t push_ds[] = { 64, 256, PAGE_DS, 2 * PAGE_DS };
static const int64_t push_rs[] = { 8, 16, 24, 40, 56 };

static int push_lists(enum scenario_bounds b, size_t *len)
{
	len[0] = 2;
	len[1] = N(push_ds);
	len[2] = 32;	/* start offset / 8 */
	len[3] = N(push_rs);
	len[4] = 2;	/* a failing sink first */
	return 5;
}

static int64_t push_value(enum scenario_bounds b, int k, size_t x,
			 const int64_t *p)
{
	switch (k) {
	case 0:
		return (int64_t)x;
	case 1:
		return push_ds[x];
	case 2:
		/* whole pages: every 64th byte */
		return p[1] >= PAGE_DS && x % 8 ? -1 : (int64_t)x * 8;
	case 3:
		return push_rs[x];
	default:	/* 4 */
		return (int64_t)x;
	}
}

static int push_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[1], off = p[2], rs = p[3], round;

	if (np != 5 || p[0] < 0 || p[0] > 1 || ds < 64 || ds > 1 << 20 ||
	    (ds & (ds - 1)) || off < 0 || off % 8 || off >= ds || rs < 8 ||
	    rs % 8 || rs >= ds || p[4] < 0 || p[4] > 1)
		return -1;
	scenario_init(s, modes[p[0]], ds, 0);
	if (p[0])
		scenario_backward_head(s, (uint64_t)-off);
	else
		scenario_forward_start(s, (uint64_t)off, CYCLE_PUSH);
	for (round = 0; round < 4; round++) {
		scenario_write(s, (unsigned int)rs,
			       (unsigned long)((ds / 2) / rs + round));
		if (p[4]) {
			if (p[0])
				scenario_add(s, ST_PAUSE, 0, 0);
			scenario_add(s, RD_PUSH_FAIL, 0, 0);
			if (p[0])
				scenario_add(s, ST_RESUME, 0, 0);
		}
		scenario_cycle(s, CYCLE_PUSH);
	}
	return 0;
}

/* --- counters: heads near 0, 2^31, 2^32, 2^63 and 2^64 --- */

static const int64_t ctr_ds[] = { 64, PAGE_DS, 2 * PAGE_DS };
static const int64_t ctr_rs[] = { 8, 40 };

static int ctr_lists(enum scenario_bounds b, size_t *len)
{
	len[0] = 2;
	len[1] = 4;	/* 2^64 = 0, 2^31, 2^32, 2^63 */
	len[2] = N(ctr_ds);
	len[3] = N(ctr_rs);
	len[4] = 17;	/* start: the point - ds + k * ds / 8 */
	return 5;
}

static int64_t ctr_value(enum scenario_bounds b, int k, size_t x,
			 const int64_t *p)
{
	switch (k) {
	case 0:
		return (int64_t)x;
	case 1:
		return (int64_t)(x == 0 ? 64 : x == 1 ? 31 : x == 2 ? 32 : 63);
	case 2:
		return ctr_ds[x];
	case 3:
		return ctr_rs[x];
	default:	/* 4 */
		return (int64_t)x;
	}
}

static int ctr_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[2], rs = p[3], round, per = ds / 2 / rs + 1;
	uint64_t point, step;

	if (np != 5 || p[0] < 0 || p[0] > 1 || p[1] < 1 || p[1] > 64 ||
	    ds < 64 || ds > 1 << 20 || (ds & (ds - 1)) || rs < 8 || rs % 8 ||
	    rs >= ds || p[4] < 0 || p[4] > 16)
		return -1;
	point = p[1] == 64 ? 0 : 1ull << p[1];
	step = (uint64_t)p[4] * ds / 8;
	if (!p[0]) {
		scenario_init(s, modes[0], ds, 0);
		scenario_forward_start(s, point - ds + step, CYCLE_EACH);
	} else {
		/*
		 * A backward head starts at 0 and only goes down: it
		 * crosses -2^31 and -2^32 from a ring above them, starts
		 * at 0 or up to two rings below, and ends at most at
		 * -2^63, the lowest head it has as a signed value.
		 */
		scenario_init(s, modes[1], ds, 0);
		if (p[1] == 64)
			scenario_backward_head(s, -step);
		else if (p[1] == 63)
			scenario_backward_head(s, -point + 4 * per * rs + step);
		else
			scenario_backward_head(s, -point + ds - step);
	}
	s->cfg.lost_trailer = 16;
	/* the counters cross the point while records wrap */
	for (round = 0; round < 4; round++) {
		scenario_write(s, (unsigned int)rs, (unsigned long)per);
		cycles(s, (int)(round & 1));
	}
	return 0;
}

/* --- interleave: writer activity between any two reader calls --- */

#define IL_CALLS	7

static const uint8_t il_each[IL_CALLS] = { RD_INIT, RD_EVENT, RD_CONSUME,
					   RD_EVENT, RD_CONSUME, RD_DRAIN_EACH,
					   RD_DONE };
static const uint8_t il_once[IL_CALLS] = { RD_INIT, RD_EVENT, RD_EVENT,
					   RD_EVENT, RD_DRAIN, RD_CONSUME,
					   RD_DONE };
static const int64_t il_ds[] = { 64, 256, PAGE_DS };
static const int64_t il_ws[] = { 8, 16, 40 };

static int il_lists(enum scenario_bounds b, size_t *len)
{
	len[0] = 2;		/* usage pattern */
	len[1] = N(il_ds);
	len[2] = 3;		/* records before the cycle: 1..3 */
	len[3] = IL_CALLS + 1;	/* first writer step before call k */
	len[4] = IL_CALLS + 2;	/* second one (k = 8: none) */
	len[5] = N(il_ws) * 3;	/* size x kind: write, nested, stale */
	return 6;
}

static int64_t il_value(enum scenario_bounds b, int k, size_t x,
			 const int64_t *p)
{
	switch (k) {
	case 0:
		return (int64_t)x;
	case 1:
		return il_ds[x];
	case 2:
		return (int64_t)x + 1;
	case 3:
		return (int64_t)x;
	case 4:
		return (int64_t)x;
	default:	/* 5 */
		return (int64_t)x;
	}
}

static void il_writer(struct scenario *s, int kind, unsigned int ws,
		      bool second)
{
	if (kind == 0)
		scenario_write(s, ws, 1);
	else if (kind == 1)	/* a reservation spans reader calls */
		scenario_add(s, second ? ST_COMMIT : ST_RESERVE, ws, 0);
	else if (!second)
		scenario_write(s, ws, 1);
	else	/* pre-2019 kernels: the head published before the last
		 * one shows again, after the reader may have gone past it
		 * (10); the final drain publishes the true head */
		scenario_add(s, ST_STALE_HEAD, 0, 0);
}

static int il_build(const int64_t *p, int np, struct scenario *s)
{
	const uint8_t *calls;
	unsigned int ws;
	int kind, k;

	if (np != 6 || p[0] < 0 || p[0] > 1 ||
	    (p[1] != 64 && p[1] != 256 && p[1] != PAGE_DS) ||
	    p[2] < 1 || p[2] > 3 || p[3] < 0 || p[3] > IL_CALLS || p[4] < 0 ||
	    p[4] > IL_CALLS + 1 || p[4] < p[3] || p[5] < 0 ||
	    p[5] >= (int64_t)N(il_ws) * 3)
		return -1;
	kind = (int)(p[5] / (int64_t)N(il_ws));
	ws = (unsigned int)il_ws[p[5] % (int64_t)N(il_ws)];
	/* the nested and stale kinds need both ends */
	if (kind && p[4] == IL_CALLS + 1)
		return -1;
	calls = p[0] ? il_once : il_each;
	scenario_init(s, "fwd-rw", (unsigned long)p[1], 0);
	scenario_write(s, 16, (unsigned long)p[2]);
	for (k = 0; k <= IL_CALLS; k++) {
		if (k == p[3])
			il_writer(s, kind, ws, false);
		if (k == p[4])
			il_writer(s, kind, ws, true);
		if (k < IL_CALLS)
			scenario_add(s, calls[k], 0, 0);
	}
	scenario_cycle(s, (enum cycle_pattern)p[0]);
	return 0;
}

/* --- lifetime: writes right after read_event in a nearly full ring --- */

static const int64_t life_ds[] = { 64, 128, 256, PAGE_DS };
static const int64_t life_rs[] = { 8, 16, 24, 32 };

static int life_lists(enum scenario_bounds b, size_t *len)
{
	len[0] = N(life_ds);
	len[1] = N(life_rs);
	len[2] = 32;	/* records before the cycle */
	return 3;
}

static int64_t life_value(enum scenario_bounds b, int k, size_t x,
			 const int64_t *p)
{
	switch (k) {
	case 0:
		return life_ds[x];
	case 1:
		return life_rs[x];
	default:	/* 2 */
		return (int64_t)x + 1;
	}
}

static int life_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[0], rs = p[1], fill = p[2];

	if (np != 3 || ds < 64 || ds > 4096 || (ds & (ds - 1)) || rs < 8 ||
	    rs % 8 || rs >= ds || fill < 1 || fill * rs >= ds)
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

/* --- hostile: bad sizes, bad heads, garbage --- */

enum hostile_kind {
	H_SIZE,		/* 0..7, 12, 44, 65535, larger than what is left */
	H_HEAD_BEHIND = 12, H_HEAD_UNALIGNED, H_HEAD_FAR, H_HEAD_LAP,
	H_MAP_RETIRED, H_HEAD_2_32, H_UNALIGNED_WRITER,
	H_GARBAGE, H_KINDS = H_GARBAGE + 32,
};

static const int64_t host_ds[] = { 4096, 256 };
static const uint16_t host_sizes[] = { 0, 1, 2, 3, 4, 5, 6, 7, 12, 44,
				       65535, 0 /* left + 8 */ };

static int host_lists(enum scenario_bounds b, size_t *len)
{
	len[0] = 2;
	len[1] = N(host_ds);
	len[2] = H_KINDS;
	len[3] = 2;	/* good records before: 0 or 3 */
	return 4;
}

static int64_t host_value(enum scenario_bounds b, int k, size_t x,
			 const int64_t *p)
{
	switch (k) {
	case 0:
		return (int64_t)x;
	case 1:
		return host_ds[x];
	case 2:
		return (int64_t)x;
	default:	/* 3 */
		return (int64_t)x * 3;
	}
}

static int host_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[1], kind = p[2], good = p[3];
	bool bwd = p[0];

	if (np != 4 || p[0] < 0 || p[0] > 1 || (ds != 4096 && ds != 256) ||
	    kind < 0 || kind >= H_KINDS || (good != 0 && good != 3))
		return -1;
	/* kind 16 was a mapping that contradicts the description: readers
	 * map their rings themselves (the fd entry tests that), none of them
	 * reads /proc/self/maps; the id stays reserved */
	if (kind == H_MAP_RETIRED)
		return -1;
	scenario_init(s, modes[bwd], ds, 0);
	s->hostile = true;
	scenario_write(s, 32, (unsigned long)good);
	if (good)
		cycles(s, CYCLE_EACH);
	if (kind < H_HEAD_BEHIND) {
		uint32_t size = host_sizes[kind] ? host_sizes[kind] : 64 + 8;

		if (kind == 0)
			size = 0;
		scenario_add(s, ST_POKE_SIZE, size, 64);
	} else if (kind == H_HEAD_BEHIND) {
		if (!good)
			return -1;
		scenario_add(s, ST_RAW_HEAD, 0, bwd ? 64 : -64);
	} else if (kind == H_HEAD_UNALIGNED) {
		scenario_add(s, ST_RAW_HEAD, 0, (bwd ? -1 : 1) * (good * 32 + 36));
	} else if (kind == H_HEAD_FAR) {
		scenario_add(s, ST_RAW_HEAD, 0, (bwd ? -1 : 1) * (1ll << 31));
	} else if (kind == H_HEAD_LAP) {
		scenario_add(s, ST_RAW_HEAD, 0, (bwd ? -1 : 1) * (ds + good * 32));
	} else if (kind == H_HEAD_2_32) {
		int64_t lap = ds / 32 - 1;

		/* 2^32 + 64 ahead of a ring whose bytes ahead of prev are
		 * stale records of an earlier lap: a 32-bit distance sees
		 * 64 bytes of them (9, 18) */
		if (bwd || good)
			return -1;
		s->cfg.flags &= ~FAKE_RING_POISON_RELEASED;
		scenario_write(s, 32, (unsigned long)lap);
		scenario_cycle(s, CYCLE_EACH);
		scenario_write(s, 32, 2);
		scenario_cycle(s, CYCLE_EACH);
		scenario_add(s, ST_RAW_HEAD, 0,
			     (lap + 2) * 32 + (1ll << 32) + 64);
	} else if (kind == H_UNALIGNED_WRITER) {
		/* a user-space writer without 8-byte alignment: the next
		 * header straddles the end of the data area (15) */
		if (bwd || good)
			return -1;
		s->cfg.flags |= FAKE_RING_QUIRK_UNALIGNED;
		/* a reader of that writer left its tail at ds - 4: no
		 * kernel and no new ring gets there (ring-in-use) */
		s->cfg.start = (uint64_t)ds - 4;
		scenario_add(s, ST_UNALIGNED_FILL, 0, 0);
	} else {
		scenario_add(s, ST_GARBAGE, (uint32_t)((kind * 40) % (2 * ds)),
			     kind);
	}
	cycles(s, CYCLE_EACH);
	cycles(s, CYCLE_ONCE);
	return 0;
}

/* --- random: long seeded sequences of everything --- */

uint64_t scenario_random_base = 1;

#define RANDOM_CASES	3000	/* full bounds; --quick the first 300 */

static int rnd_lists(enum scenario_bounds b, size_t *len)
{
	len[0] = b == BOUNDS_QUICK ? 300 : RANDOM_CASES;
	return 1;
}

/*
 * Seed k draws the sequences (k - 1) * RANDOM_CASES + 1 on: two seeds
 * share no case, and the id is the sequence's own seed, so any case
 * replays by id whatever --seed drew it.
 */
static int64_t rnd_value(enum scenario_bounds b, int k, size_t x,
			 const int64_t *p)
{
	return (int64_t)((scenario_random_base - 1) * RANDOM_CASES + 1 + x);
}

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int rnd_build(const int64_t *p, int np, struct scenario *s)
{
	uint64_t x, start;
	unsigned long ds;
	int k, open = 0, mode;

	if (np != 1 || p[0] < 1)
		return -1;
	x = (uint64_t)p[0];
	mode = (int)(splitmix(&x) % 2);
	ds = 32ul << (splitmix(&x) % 8);
	start = (splitmix(&x) % 3 == 0 ? splitmix(&x) : (uint64_t)0 - ds) &
		~7ull;
	if (!mode) {
		scenario_init(s, modes[0], ds, 0);
		scenario_forward_start(s, start, CYCLE_EACH);
	} else {
		/* a backward head is at or below 0 */
		scenario_init(s, modes[1], ds, 0);
		scenario_backward_head(s, (int64_t)start > 0 ? -start : start);
	}
	s->cfg.lost_trailer = (unsigned int)(splitmix(&x) % 3) * 8;
	for (k = 0; k < 120; k++) {
		uint64_t r = splitmix(&x) % 100;
		unsigned int size = 8 + 8 * (unsigned int)(splitmix(&x) %
					(splitmix(&x) % 4 ? 6 : ds / 4));

		if (r < 50) {
			scenario_write(s, size, 1 + splitmix(&x) % 4);
		} else if (r < 58 && !mode && open < 3) {
			scenario_add(s, ST_RESERVE, size, 0);
			open++;
		} else if (r < 64 && open) {
			scenario_add(s, ST_COMMIT, 0, 0);
			open--;
		} else if (r < 68) {
			scenario_add(s, ST_PAUSE, 0, 0);
			scenario_write(s, size, 1 + splitmix(&x) % 3);
			scenario_add(s, ST_RESUME, 0, 0);
		} else {
			cycles(s, (int)(splitmix(&x) % 2));
		}
	}
	while (open--)
		scenario_add(s, ST_COMMIT, 0, 0);
	return 0;
}

/* --- kernel-images: the record streams of real kernels (fixtures) --- */

static struct ring_image *images;
static size_t nimages;

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* fixtures/kernel/<release>/NAME.ring, in name order: case ids stay put
 * while the set of images does */
static void load_images(void)
{
	const char *top = paths_fixtures();
	char path[4096], **names = NULL;
	size_t n = 0, i;
	struct dirent *kv, *e;
	DIR *d, *sub;
	static int loaded;
	int broken = 0;

	if (loaded++)
		return;
	d = opendir(top);
	if (!d)
		fprintf(stderr, "ringcheck: fixtures directory %s: %m\n", top);
	while (d && (kv = readdir(d))) {
		if (kv->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", top, kv->d_name);
		sub = opendir(path);
		while (sub && (e = readdir(sub))) {
			size_t len = strlen(e->d_name);

			if (len < 6 || strcmp(e->d_name + len - 5, ".ring"))
				continue;
			names = realloc(names, (n + 1) * sizeof(*names));
			if (asprintf(&names[n], "%s/%s", path, e->d_name) > 0)
				n++;
		}
		if (sub)
			closedir(sub);
	}
	if (d)
		closedir(d);
	if (n)	/* qsort(NULL, 0) is undefined */
		qsort(names, n, sizeof(*names), by_name);
	images = calloc(n ? n : 1, sizeof(*images));
	for (i = 0; i < n; i++) {
		FILE *in = fopen(names[i], "r");
		char err[128];

		if (in && !ring_image_read(in, &images[nimages], err,
					   sizeof(err))) {
			nimages++;
		} else {
			fprintf(stderr, "ringcheck: %s: %s\n", names[i],
				in ? err : "cannot open");
			broken++;
		}
		if (in)
			fclose(in);
		free(names[i]);
	}
	free(names);
	/* a family that silently lost an image would pass short */
	if (broken)
		nimages = 0;
}

static int img_lists(enum scenario_bounds b, size_t *len)
{
	load_images();
	len[0] = nimages;
	len[1] = 2;
	return 2;
}

static int64_t img_value(enum scenario_bounds b, int k, size_t x,
			 const int64_t *p)
{
	return (int64_t)x;
}

static int img_build(const int64_t *p, int np, struct scenario *s)
{
	const struct ring_image *img;
	size_t i;

	load_images();
	if (np != 2 || p[0] < 0 || (size_t)p[0] >= nimages || p[1] < 0 ||
	    p[1] > 1)
		return -1;
	img = &images[p[0]];
	if (img->cfg.overwrite && p[1])
		return -1;
	scenario_init(s, fake_ring_mode_name(&img->cfg), img->cfg.data_size,
		      0);
	s->cfg.page_size = img->cfg.page_size;
	s->cfg.event_id = img->cfg.event_id;
	s->cfg.lost_trailer = img->cfg.lost_trailer;
	/* the kernel's records; the reader under test consumes where the
	 * capture's reader did, in a usage pattern */
	for (i = 0; i < img->nsteps; i++) {
		const struct ring_image_step *st = &img->steps[i];

		switch (st->op) {
		case 'w':
		case 'd':
			scenario_write(s, st->size, 1);
			s->steps[s->nsteps - 1].bytes = st->bytes;
			break;
		case 't':
			scenario_cycle(s, (enum cycle_pattern)p[1]);
			break;
		case 'p':
			scenario_add(s, ST_PAUSE, 0, 0);
			break;
		case 'r':
			scenario_add(s, ST_RESUME, 0, 0);
			break;
		}
	}
	return 0;
}

#define FAMILY(n, w, f) { n, w, f##_lists, f##_value, f##_build }

const struct family families[] = {
	FAMILY("wrap", "forward ring, every start offset and record size, "
		       "records crossing the end", wrap),
	FAMILY("forward", "fill levels, 4/16/64 KiB pages, consume per "
			  "record or per cycle", fwd),
	FAMILY("overwrite", "backward read-only rounds, newest first, none "
			    "twice", ovw),
	FAMILY("backward-window", "the overwrite window edge at every "
				  "8-byte offset", bw),
	FAMILY("large-records", "records up to 65528 bytes across the end "
				"of 4..64 KiB areas", lr),
	FAMILY("lost", "filling, freeing one/two/all records, LOST "
		       "placement and trailers", lost),
	FAMILY("pause", "drops while paused, forward and backward", pause),
	FAMILY("push", "push chunking at every offset, failing sinks", push),
	FAMILY("counters", "heads across 2^31, 2^32, 2^63 and 2^64 (= 0)",
	       ctr),
	FAMILY("interleave", "writer steps between any two reader calls, "
			     "nested writers, stale heads", il),
	FAMILY("lifetime", "released space reused right after read_event",
	       life),
	FAMILY("hostile", "bad sizes, bad heads, garbage, unaligned "
			  "writers", host),
	FAMILY("random", "seeded long sequences of everything", rnd),
	FAMILY("kernel-images", "record streams captured from real kernels "
				"(fixtures/kernel)", img),
	/* merged readers: many rings, one stream (engine/family_evlist_*) */
	FAMILY("evlist-rings", "1..8 rings, every count, four interleavings",
	       evlist_rings),
	FAMILY("evlist-skew", "per-CPU clock skew within a round to many "
			      "rounds", evlist_skew),
	FAMILY("evlist-hot", "one CPU lapping its ring, the others idle",
	       evlist_hot),
	FAMILY("evlist-during", "records written during a round, behind "
				"the reader's pass", evlist_during),
	FAMILY("evlist-shared", "SET_OUTPUT rings with several event ids",
	       evlist_shared),
	FAMILY("evlist-nesting", "NMI-style nesting: earlier times "
				 "published later", evlist_nesting),
	FAMILY("evlist-offline", "a CPU offline for 1..4 rounds, and back",
	       evlist_offline),
	FAMILY("evlist-random", "seeded multi-ring sequences of everything",
	       evlist_random),
};

const int nfamilies = N(families);
