// SPDX-License-Identifier: GPL-2.0-only
/*
 * Contract clause 1.4 through the callback entry: a lower head shown in
 * the middle of a drain (kernels before 2019) may end the drain there, as
 * it may end a pull reader's range; a record at or below that head is
 * still owed. The reader here reloads the head after every record, as
 * BCC's perf_reader does; the ledger says what is owed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/perf_event.h>
#include <CUnit/CUnit.h>

#include "scenario/capabilities.h"
#include "player/player.h"
#include "suites.h"
#include "helpers.h"

struct reloader {
	struct perf_event_mmap_page	*pc;
	const uint8_t			*data;
	unsigned long			 data_size;
};

/* the most records one drain hands on: 0, no bound */
static unsigned int drain_limit;

static void *reloader_open(const struct ringcheck_ring *ring)
{
	struct reloader *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->pc = ring->base;
	r->data = (const uint8_t *)ring->base + ring->page_size;
	r->data_size = ring->data_size;
	return r;
}

static void reloader_close(void *r)
{
	free(r);
}

/* The test's records never cross the end of the data area. */
static int reloader_drain(void *rd, void *ctx, ringcheck_record_fn fn)
{
	struct reloader *r = rd;
	uint64_t tail = r->pc->data_tail, head;
	const struct perf_event_header *h;
	unsigned int n = 0;

	for (;;) {
		head = __atomic_load_n(&r->pc->data_head, __ATOMIC_ACQUIRE);
		/* a head at or below the tail: nothing new (1.4) */
		if ((int64_t)(head - tail) <= 0 ||
		    (drain_limit && n == drain_limit))
			break;
		h = (const void *)(r->data + tail % r->data_size);
		if (fn(ctx, h, -1))
			break;
		tail += h->size;
		n++;
		__atomic_store_n(&r->pc->data_tail, tail, __ATOMIC_RELEASE);
	}
	return 0;
}

static const struct ringcheck_reader_ops reloader_ops = {
	.abi_version	= 2,
	.name		= "reloads-head",
	.open		= reloader_open,
	.close		= reloader_close,
	.drain		= reloader_drain,
	.caps		= READER_CAPS_ALL,
};

/*
 * Three records (16, 16, 24 bytes), one cycle that takes them all; after
 * the first is delivered the control page shows the head before the last
 * write (32). limit: the records the reader hands on per drain.
 */
static enum verdict run_stale(unsigned int limit, char *msg, size_t len)
{
	struct scenario *s = malloc(sizeof(*s));
	struct judge_result res;

	scenario_init(s, "fwd-rw", 256, 0);
	snprintf(s->id, sizeof(s->id), "stale-mid-drain");
	scenario_write(s, 16, 2);
	scenario_write(s, 24, 1);
	scenario_add(s, RD_INIT, 0, 0);
	scenario_add(s, RD_EVENT, 0, 0);
	scenario_add(s, ST_STALE_HEAD, 0, 0);
	scenario_add(s, RD_DRAIN, 0, 0);
	scenario_add(s, RD_DONE, 0, 0);
	drain_limit = limit;
	play_scenario(s, &reloader_ops, &res, NULL);
	snprintf(msg, len, "%s: %s", res.check, res.msg);
	free(s);
	return res.verdict;
}

/* It stops at the lower head (32), leaving the 24-byte record for the
 * next drain: nothing new, not a miss. */
static void test_stop_at_lower_head_passes(void)
{
	char msg[320];

	CU_ASSERT_EQUAL(run_stale(0, msg, sizeof(msg)), VERDICT_PASS);
}

/* It stops after the first record, below the lower head: the second
 * record (16..32) was published and showing all along. */
static void test_stop_below_lower_head_is_a_miss(void)
{
	char msg[320];

	CU_ASSERT_EQUAL(run_stale(1, msg, sizeof(msg)), VERDICT_FAIL);
	CU_ASSERT_STRING_EQUAL(msg, "drain-missed: drain returned before "
			       "ledger row 1 (start 16), published before "
			       "it began");
}

void register_stale_head_tests(void)
{
	CU_pSuite s = ADD_SUITE("stale_head");

	ADD_TEST(s, test_stop_at_lower_head_passes);
	ADD_TEST(s, test_stop_below_lower_head_is_a_miss);
}
