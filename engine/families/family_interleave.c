// SPDX-License-Identifier: GPL-2.0-only
/*
 * interleave: writer activity between any two reader calls of a cycle: a
 * write, a nested reservation spanning calls, or a stale head republished
 * (kernels before 2019).
 */
#include "families.h"

#define CALLS	7

enum { PATTERN, DATA_SIZE, RECORDS_BEFORE, FIRST, SECOND, WRITER, NPARAMS };

const char *const interleave_params[] = {
	[PATTERN] = "pattern",	/* 0 consume each, 1 consume once */
	[DATA_SIZE] = "data_size", [RECORDS_BEFORE] = "records_before",
	[FIRST] = "first",	/* the first writer step before call k */
	[SECOND] = "second",	/* the second one; 8: none */
	[WRITER] = "writer",	/* size index + 3 * kind (write, nested,
				 * stale head) */
	NULL
};

const char interleave_scaled[] = "records before the cycle: 1 to 3 * N";

static const uint8_t calls_each[CALLS] = { RD_INIT, RD_EVENT, RD_CONSUME,
					   RD_EVENT, RD_CONSUME, RD_DRAIN_EACH,
					   RD_DONE };
static const uint8_t calls_once[CALLS] = { RD_INIT, RD_EVENT, RD_EVENT,
					   RD_EVENT, RD_DRAIN, RD_CONSUME,
					   RD_DONE };
static const int64_t data_sizes[] = { 64, 256, PAGE_DS };
static const int64_t writer_sizes[] = { 8, 16, 40 };

int interleave_lists(enum scenario_bounds b, size_t *len)
{
	len[PATTERN] = 2;
	len[DATA_SIZE] = N(data_sizes);
	len[RECORDS_BEFORE] = 3 << scale_steps();
	len[FIRST] = CALLS + 1;
	len[SECOND] = CALLS + 2;
	len[WRITER] = N(writer_sizes) * 3;
	return NPARAMS;
}

int64_t interleave_value(enum scenario_bounds b, int k, size_t x,
			 const int64_t *p)
{
	switch (k) {
	case DATA_SIZE:
		return data_sizes[x];
	case RECORDS_BEFORE:
		return (int64_t)x + 1;
	default:	/* PATTERN, FIRST, SECOND, WRITER */
		return (int64_t)x;
	}
}

static void writer_step(struct scenario *s, int kind, unsigned int ws,
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

int interleave_build(const int64_t *p, int np, struct scenario *s)
{
	const uint8_t *calls;
	unsigned int ws;
	int kind, k;

	if (np != NPARAMS || p[PATTERN] < 0 || p[PATTERN] > 1 ||
	    (p[DATA_SIZE] != 64 && p[DATA_SIZE] != 256 &&
	     p[DATA_SIZE] != PAGE_DS) ||
	    p[RECORDS_BEFORE] < 1 || p[RECORDS_BEFORE] > 12 ||
	    p[FIRST] < 0 || p[FIRST] > CALLS || p[SECOND] < 0 ||
	    p[SECOND] > CALLS + 1 || p[SECOND] < p[FIRST] || p[WRITER] < 0 ||
	    p[WRITER] >= (int64_t)N(writer_sizes) * 3)
		return -1;
	kind = (int)(p[WRITER] / (int64_t)N(writer_sizes));
	ws = (unsigned int)writer_sizes[p[WRITER] % (int64_t)N(writer_sizes)];
	/* the nested and stale kinds need both ends */
	if (kind && p[SECOND] == CALLS + 1)
		return -1;
	calls = p[PATTERN] ? calls_once : calls_each;
	scenario_init(s, "fwd-rw", (unsigned long)p[DATA_SIZE], 0);
	scenario_write(s, 16, (unsigned long)p[RECORDS_BEFORE]);
	for (k = 0; k <= CALLS; k++) {
		if (k == p[FIRST])
			writer_step(s, kind, ws, false);
		if (k == p[SECOND])
			writer_step(s, kind, ws, true);
		if (k < CALLS)
			scenario_add(s, calls[k], 0, 0);
	}
	scenario_cycle(s, (enum cycle_pattern)p[PATTERN]);
	return 0;
}
