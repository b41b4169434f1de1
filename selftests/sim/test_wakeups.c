// SPDX-License-Identifier: GPL-2.0-only
/*
 * fake_ring's wakeups against counts worked out by hand from the rules of
 * kernel/events/ring_buffer.c (the strict watermark test and its one
 * watermark a write, the outermost writer deciding) and perf_output_sample()
 * (wakeup_events counts samples only). The kernel itself is the truth of
 * selftests/differential and selftests/kernel/wakeups_test.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <CUnit/CUnit.h>

#include "helpers.h"
#include "suites.h"

#define COMM	3u	/* PERF_RECORD_COMM: never counted as a sample */

static struct fake_ring *wake_ring(const char *mode, unsigned long data_size,
				   bool watermark, uint32_t wakeup)
{
	struct fake_ring *ring = test_ring(mode, data_size, 0, 0);
	struct fake_ring_config cfg = *fake_ring_config(ring);

	cfg.watermark = watermark;
	cfg.wakeup = wakeup;
	CU_ASSERT_FATAL(fake_ring_reconfigure(ring, &cfg) == 0);
	return ring;
}

static uint64_t fired(const struct fake_ring *ring)
{
	struct fake_ring_wakeups w;

	fake_ring_wakeup_state(ring, &w);
	return w.fired;
}

/* The row numbers whose commit woke, as a bit mask (rows below 64). */
static uint64_t woke_rows(const struct fake_ring *ring)
{
	uint64_t mask = 0;
	size_t i;

	for (i = 0; i < fake_ring_ledger_count(ring) && i < 64; i++) {
		const struct fake_ring_entry *e = fake_ring_ledger_entry(ring, i);

		if (e && e->woke)
			mask |= 1ull << i;
	}
	return mask;
}

/* Default watermark: half of 64. 8-byte records, each consumed: head 40
 * is the first above 32 (wakeup to 32), then head 72 (wakeup to 64). */
static void test_default_half(void)
{
	struct fake_ring *ring = wake_ring("fwd-rw", 64, false, 0);
	struct fake_ring_wakeups w;
	int i;

	for (i = 0; i < 10; i++) {
		CU_ASSERT(test_write(ring, 8, 9, 1) == 1);
		fake_ring_consume(ring);
	}
	fake_ring_wakeup_state(ring, &w);
	CU_ASSERT_EQUAL(w.watermark, 32);
	CU_ASSERT_EQUAL(w.wakeup, 64);
	CU_ASSERT_EQUAL(w.fired, 2);
	CU_ASSERT_EQUAL(woke_rows(ring), (1ull << 4) | (1ull << 8));
	fake_ring_free(ring);
}

/* 16 bytes written on a watermark of 16 is not above it: no wakeup yet. */
static void test_strict(void)
{
	struct fake_ring *ring = wake_ring("fwd-ro", 64, true, 16);

	test_write(ring, 16, COMM, 1);
	CU_ASSERT_EQUAL(fired(ring), 0);
	CU_ASSERT_FALSE(fake_ring_poll(ring));
	test_write(ring, 16, COMM, 1);	/* 32 - 0 > 16: wakeup to 16 */
	CU_ASSERT_EQUAL(fired(ring), 1);
	test_write(ring, 16, COMM, 1);	/* 48 - 16 > 16 */
	CU_ASSERT_EQUAL(fired(ring), 2);
	fake_ring_free(ring);
}

/* A watermark above the data area is the data area (ring_buffer_init). */
static void test_capped(void)
{
	struct fake_ring *ring = wake_ring("fwd-ro", 64, true, 1000);
	struct fake_ring_wakeups w;

	fake_ring_wakeup_state(ring, &w);
	CU_ASSERT_EQUAL(w.watermark, 64);
	test_write(ring, 8, COMM, 8);	/* 64: not above */
	CU_ASSERT_EQUAL(fired(ring), 0);
	test_write(ring, 8, COMM, 1);
	CU_ASSERT_EQUAL(fired(ring), 1);
	fake_ring_free(ring);
}

/* One watermark a write: a 40-byte record on a watermark of 8 moves
 * rb->wakeup to 8 only, so the next 8-byte record wakes too (48 - 8 > 8). */
static void test_one_watermark_a_write(void)
{
	struct fake_ring *ring = wake_ring("fwd-ro", 64, true, 8);
	struct fake_ring_wakeups w;

	test_write(ring, 40, COMM, 1);
	test_write(ring, 8, COMM, 1);
	fake_ring_wakeup_state(ring, &w);
	CU_ASSERT_EQUAL(w.wakeup, 16);
	CU_ASSERT_EQUAL(w.fired, 2);
	fake_ring_free(ring);
}

/* wakeup_events 3: ten COMMs wake nobody (80 bytes of 4096, watermark
 * 2048); seven samples wake at the 3rd and the 6th. */
static void test_samples_only(void)
{
	struct fake_ring *ring = wake_ring("fwd-ro", 4096, false, 3);
	struct fake_ring_wakeups w;

	test_write(ring, 8, COMM, 10);
	CU_ASSERT_EQUAL(fired(ring), 0);
	test_write(ring, 16, 9, 7);
	fake_ring_wakeup_state(ring, &w);
	CU_ASSERT_EQUAL(w.fired, 2);
	CU_ASSERT_EQUAL(w.events, 1);
	CU_ASSERT_EQUAL(woke_rows(ring), (1ull << 12) | (1ull << 15));
	fake_ring_free(ring);
}

/* A nested writer's crossing is woken by the outermost one's commit. */
static void test_outermost_wakes(void)
{
	struct fake_ring *ring = wake_ring("fwd-ro", 64, true, 16);
	uint8_t a[8], b[24];
	long ta, tb;

	fake_ring_make_record(a, COMM, 8, 1);
	fake_ring_make_record(b, COMM, 24, 2);
	CU_ASSERT_FATAL(fake_ring_reserve(ring, a, 8, NULL, &ta) == 0);
	CU_ASSERT_FATAL(fake_ring_reserve(ring, b, 24, NULL, &tb) == 0);
	CU_ASSERT(fake_ring_commit(ring, tb) == 0);	/* 32 > 16, nested */
	CU_ASSERT_EQUAL(fired(ring), 0);
	CU_ASSERT_FALSE(fake_ring_poll(ring));
	CU_ASSERT(fake_ring_commit(ring, ta) == 0);
	CU_ASSERT_EQUAL(fired(ring), 1);
	CU_ASSERT_EQUAL(woke_rows(ring), 1ull << 0);
	fake_ring_free(ring);
}

/* Paused output: no handle is taken, nothing published, nobody woken. */
static void test_paused(void)
{
	struct fake_ring *ring = wake_ring("fwd-ro", 64, true, 1);

	fake_ring_pause(ring, true);
	test_write(ring, 8, COMM, 20);
	CU_ASSERT_EQUAL(fired(ring), 0);
	CU_ASSERT_FALSE(fake_ring_poll(ring));
	fake_ring_pause(ring, false);
	test_write(ring, 8, COMM, 1);	/* a LOST and the record: 32 > 1 */
	CU_ASSERT_EQUAL(fired(ring), 1);
	fake_ring_free(ring);
}

/* A full forward ring drops without waking (the fail path's put_handle
 * sees rb->wakeup unmoved); a poll sees each wakeup once. */
static void test_drop_and_poll(void)
{
	struct fake_ring *ring = wake_ring("fwd-rw", 64, false, 0);

	test_write(ring, 8, COMM, 5);		/* 40 > 32: one wakeup */
	CU_ASSERT_TRUE(fake_ring_poll(ring));
	CU_ASSERT_FALSE(fake_ring_poll(ring));
	test_write(ring, 8, COMM, 10);		/* 2 fit, 8 dropped */
	CU_ASSERT_EQUAL(fired(ring), 1);
	CU_ASSERT_FALSE(fake_ring_poll(ring));
	fake_ring_free(ring);
}

/* Backward: the bytes written are the negated head, as in the kernel. */
static void test_backward(void)
{
	struct fake_ring *ring = wake_ring("bwd-ro", 64, false, 0);

	test_write(ring, 8, COMM, 4);		/* 32: not above */
	CU_ASSERT_EQUAL(fired(ring), 0);
	test_write(ring, 8, COMM, 1);
	CU_ASSERT_EQUAL(fired(ring), 1);
	fake_ring_free(ring);
}

/* ringcheck sim shows them: the woke column, the --json fields, and a
 * union given twice is a usage error. */
static void test_sim_cli(void)
{
	char cmd[512], out[8192];

	snprintf(cmd, sizeof(cmd), "%s sim --data-size 64 --mode fwd-ro "
		 "--watermark 16 --json w16x3", ringcheck_binary());
	CU_ASSERT_EQUAL(run_command(cmd, out, sizeof(out)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"wakeups\": {\"fired\": 2, "
					   "\"pollin\": true, \"watermark\": 16"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"size\": 16, \"type\": 9, "
					   "\"woke\": false}, {"));
	snprintf(cmd, sizeof(cmd), "%s sim --data-size 64 --mode fwd-ro "
		 "--watermark 16 w16x3", ringcheck_binary());
	CU_ASSERT_EQUAL(run_command(cmd, out, sizeof(out)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "wakeups 2, POLLIN due; "
					   "watermark 16 bytes"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, " 16     yes  SAMPLE"));
	snprintf(cmd, sizeof(cmd), "%s sim --data-size 64 --mode fwd-ro "
		 "--watermark 16 --wakeup-events 2 w8 2>&1",
		 ringcheck_binary());
	CU_ASSERT_EQUAL(run_command(cmd, out, sizeof(out)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "share attr's union"));
}

void register_wakeup_tests(void)
{
	CU_pSuite s = ADD_SUITE("wakeups");

	ADD_TEST(s, test_default_half);
	ADD_TEST(s, test_strict);
	ADD_TEST(s, test_capped);
	ADD_TEST(s, test_one_watermark_a_write);
	ADD_TEST(s, test_samples_only);
	ADD_TEST(s, test_outermost_wakes);
	ADD_TEST(s, test_paused);
	ADD_TEST(s, test_drop_and_poll);
	ADD_TEST(s, test_backward);
	ADD_TEST(s, test_sim_cli);
}
