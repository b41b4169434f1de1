// SPDX-License-Identifier: GPL-2.0-only
/*
 * fake_ring against numbers measured with real perf_event_open on this
 * machine type (COMM records of 40 bytes with sample_id_all and TID|TIME,
 * LOST with a 16-byte trailer = 40 bytes, one 4096-byte data page), and
 * against layouts derived by hand from kernel/events/ring_buffer.c.
 */
#include <string.h>
#include <linux/perf_event.h>
#include <CUnit/CUnit.h>

#include "helpers.h"
#include "suites.h"

#define COMM	3

/* The LOST record the kernel writes, built by hand. */
static void expect_lost(const struct fake_ring *ring, size_t row,
			uint64_t lost, uint64_t at)
{
	const struct fake_ring_entry *e = fake_ring_ledger_entry(ring, row);
	const struct fake_ring_entry *next = fake_ring_ledger_entry(ring, row + 1);
	uint8_t want[40], got[40];
	struct perf_event_header hdr = { .type = 2, .misc = 0, .size = 40 };
	uint64_t id = 0x1d;

	CU_ASSERT_TRUE_FATAL(e && e->is_lost && next);
	CU_ASSERT_EQUAL(e->start, at);
	CU_ASSERT_EQUAL(e->size, 40);
	memcpy(want, &hdr, 8);
	memcpy(want + 8, &id, 8);
	memcpy(want + 16, &lost, 8);
	/* sample_id trailer: the same as the following (non-sample) record */
	memcpy(want + 24, fake_ring_entry_bytes(ring, next) + next->size - 16,
	       16);
	test_ring_bytes(ring, at, got, 40);
	CU_ASSERT_EQUAL(memcmp(got, want, 40), 0);
	CU_ASSERT_EQUAL(memcmp(fake_ring_entry_bytes(ring, e), want, 40), 0);
}

static void test_forward_fill_and_lost(void)
{
	struct fake_ring *ring = test_ring("fwd-rw", 4096, 0, 16);
	size_t lost[4];

	CU_ASSERT_EQUAL(test_write(ring, 40, COMM, 300), 102);
	CU_ASSERT_EQUAL(fake_ring_data_head(ring), 4080);
	CU_ASSERT_EQUAL(fake_ring_count(ring, FAKE_RING_WRITTEN), 102);
	CU_ASSERT_EQUAL(fake_ring_count(ring, FAKE_RING_DROPPED), 198);
	CU_ASSERT_EQUAL(fake_ring_lost_pending(ring), 198);
	/* the oldest are kept: rows 0..101 written, 102.. dropped */
	CU_ASSERT_EQUAL(fake_ring_ledger_entry(ring, 101)->outcome,
			FAKE_RING_WRITTEN);
	CU_ASSERT_EQUAL(fake_ring_ledger_entry(ring, 102)->outcome,
			FAKE_RING_DROPPED);
	CU_ASSERT_EQUAL(test_lost_rows(ring, lost, 4), 0);

	fake_ring_consume(ring);
	CU_ASSERT_EQUAL(test_write(ring, 40, COMM, 1), 1);
	CU_ASSERT_EQUAL(fake_ring_data_head(ring), 4080 + 80);
	CU_ASSERT_EQUAL(test_lost_rows(ring, lost, 4), 1);
	expect_lost(ring, lost[0], 198, 4080);
	CU_ASSERT_EQUAL(fake_ring_ledger_entry(ring, lost[0] + 1)->start, 4120);
	CU_ASSERT_EQUAL(fake_ring_lost_pending(ring), 0);
	/* every drop is reported by that LOST */
	CU_ASSERT_EQUAL(fake_ring_ledger_entry(ring, 102)->reported_by,
			(long)lost[0]);
	CU_ASSERT_EQUAL(fake_ring_ledger_entry(ring, 299)->reported_by,
			(long)lost[0]);
	fake_ring_free(ring);
}

static void test_forward_one_record_freed_is_not_enough(void)
{
	struct fake_ring *ring = test_ring("fwd-rw", 4096, 0, 16);
	size_t lost[4];

	test_write(ring, 40, COMM, 300);
	fake_ring_set_tail(ring, 40);	/* one record's worth */
	CU_ASSERT_EQUAL(test_write(ring, 40, COMM, 1), 0);
	CU_ASSERT_EQUAL(fake_ring_lost_pending(ring), 199);
	CU_ASSERT_EQUAL(fake_ring_data_head(ring), 4080);
	CU_ASSERT_EQUAL(test_lost_rows(ring, lost, 4), 0);
	/* two records' worth: LOST(199) + record */
	fake_ring_set_tail(ring, 80);
	CU_ASSERT_EQUAL(test_write(ring, 40, COMM, 1), 1);
	CU_ASSERT_EQUAL(test_lost_rows(ring, lost, 4), 1);
	expect_lost(ring, lost[0], 199, 4080);
	CU_ASSERT_EQUAL(fake_ring_data_head(ring), 4160);
	fake_ring_free(ring);
}

static void test_forward_64_byte_records(void)
{
	struct fake_ring *ring = test_ring("fwd-rw", 4096, 0, 16);

	CU_ASSERT_EQUAL(test_write(ring, 64, 9, 64), 63);
	CU_ASSERT_EQUAL(fake_ring_data_head(ring), 63 * 64);
	fake_ring_free(ring);
}

static void test_backward_overwrite_1003(void)
{
	struct fake_ring *ring = test_ring("bwd-ro", 4096, 0, 16);
	size_t idx[200], n, k;
	uint64_t head;

	CU_ASSERT_EQUAL(test_write(ring, 40, COMM, 1003), 1003);
	head = fake_ring_data_head(ring);
	CU_ASSERT_EQUAL(head, (uint64_t)0 - 40120);
	n = fake_ring_whole_entries(ring, idx, 200);
	CU_ASSERT_EQUAL_FATAL(n, 102);
	/* upward from head: the newest first, byte for byte */
	for (k = 0; k < n; k++) {
		const struct fake_ring_entry *e = fake_ring_ledger_entry(ring,
									 idx[k]);
		uint8_t got[40];

		CU_ASSERT_EQUAL(idx[k], 1002 - k);
		CU_ASSERT_EQUAL(e->start, head + 40 * k);
		test_ring_bytes(ring, head + 40 * k, got, 40);
		CU_ASSERT_EQUAL(memcmp(got, fake_ring_entry_bytes(ring, e), 40),
				0);
	}
	/* the first record of a fresh ring sits at the top of the area */
	fake_ring_reset(ring);
	test_write(ring, 24, 9, 1);
	CU_ASSERT_EQUAL(fake_ring_ledger_entry(ring, 0)->start & 4095, 4072);
	fake_ring_free(ring);
}

static void pause_then_resume(const char *mode)
{
	struct fake_ring *ring = test_ring(mode, 4096, 0, 16);
	const struct fake_ring_entry *rec;
	size_t lost[4];

	test_write(ring, 40, COMM, 3);
	fake_ring_pause(ring, true);
	CU_ASSERT_EQUAL(test_write(ring, 40, COMM, 7), 0);
	CU_ASSERT_EQUAL(fake_ring_data_head(ring),
			mode[0] == 'f' ? 120 : (uint64_t)0 - 120);
	fake_ring_pause(ring, false);
	CU_ASSERT_EQUAL(test_write(ring, 40, COMM, 1), 1);
	CU_ASSERT_EQUAL_FATAL(test_lost_rows(ring, lost, 4), 1);
	rec = fake_ring_ledger_entry(ring, lost[0] + 1);
	if (mode[0] == 'f') {
		expect_lost(ring, lost[0], 7, 120);
		CU_ASSERT_EQUAL(rec->start, 160);
	} else {
		/* backward: the LOST at the lower address, met first */
		expect_lost(ring, lost[0], 7, (uint64_t)0 - 200);
		CU_ASSERT_EQUAL(rec->start, (uint64_t)0 - 160);
	}
	fake_ring_free(ring);
}

static void test_pause_forward(void)
{
	pause_then_resume("fwd-rw");
}

static void test_pause_backward(void)
{
	pause_then_resume("bwd-ro");
}

static void test_record_as_large_as_the_ring(void)
{
	struct fake_ring *ring = test_ring("fwd-rw", 4096, 0, 16);
	uint8_t rec[8192], got[4096];
	size_t lost[4];
	unsigned int i;

	/* read-write: dropped every time, and no LOST ever carried by it */
	CU_ASSERT_EQUAL(test_write(ring, 4096, 9, 5), 0);
	CU_ASSERT_EQUAL(fake_ring_data_head(ring), 0);
	CU_ASSERT_EQUAL(fake_ring_lost_pending(ring), 5);
	CU_ASSERT_EQUAL(test_lost_rows(ring, lost, 4), 0);
	/* a small record afterwards carries the LOST (ring_buffer.c) */
	CU_ASSERT_EQUAL(test_write(ring, 40, COMM, 1), 1);
	CU_ASSERT_EQUAL(test_lost_rows(ring, lost, 4), 1);
	expect_lost(ring, lost[0], 5, 0);
	fake_ring_free(ring);

	/* read-only: written over itself; the head moves by its size */
	ring = test_ring("fwd-ro", 4096, 0, 16);
	test_write(ring, 24, 9, 1);
	fake_ring_make_record(rec, 9, 8192, 77);
	CU_ASSERT_EQUAL(fake_ring_write(ring, rec, 4096, NULL), 0);
	CU_ASSERT_EQUAL(fake_ring_data_head(ring), 24 + 4096);
	test_ring_bytes(ring, 24, got, 4096);
	CU_ASSERT_EQUAL(memcmp(got, rec, 4096), 0);
	/* 8192 bytes over 4096: the second half wins, byte by byte */
	CU_ASSERT_EQUAL(fake_ring_write(ring, rec, 8192, NULL), 0);
	CU_ASSERT_EQUAL(fake_ring_data_head(ring), 24 + 4096 + 8192);
	for (i = 0; i < 4096; i++)
		CU_ASSERT_EQUAL_FATAL(fake_ring_data((ring))[(24 + 4096 + 4096 + i)
							& 4095],
				      rec[4096 + i]);
	/* never whole, and it took everything older with it */
	CU_ASSERT_EQUAL(fake_ring_whole_entries(ring, (size_t[4]){ 0 }, 4), 0);
	fake_ring_free(ring);
}

static void test_backward_read_write_keeps_oldest(void)
{
	struct fake_ring *ring = test_ring("bwd-rw", 4096, 0, 16);
	size_t lost[4];

	/* non-overwrite backward: the mirror of the forward space test */
	CU_ASSERT_EQUAL(test_write(ring, 40, COMM, 300), 102);
	CU_ASSERT_EQUAL(fake_ring_data_head(ring), (uint64_t)0 - 4080);
	fake_ring_set_tail(ring, (uint64_t)0 - 4080);
	CU_ASSERT_EQUAL(test_write(ring, 40, COMM, 1), 1);
	CU_ASSERT_EQUAL(test_lost_rows(ring, lost, 4), 1);
	expect_lost(ring, lost[0], 198, (uint64_t)0 - 4160);
	fake_ring_free(ring);
}

static void test_counters_anywhere(void)
{
	static const uint64_t starts[] = {
		0, 4096, (1ull << 32) - 40, (1ull << 32), 0ull - 4096,
		0ull - 40, 0ull - 8,
	};
	size_t i;

	for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++) {
		struct fake_ring *f = test_ring("fwd-rw", 4096, starts[i], 16);
		struct fake_ring *b = test_ring("bwd-ro", 4096, starts[i], 16);

		/* the arithmetic only depends on the distance from start */
		CU_ASSERT_EQUAL(test_write(f, 40, COMM, 300), 102);
		CU_ASSERT_EQUAL(fake_ring_data_head(f) - starts[i], 4080);
		CU_ASSERT_EQUAL(fake_ring_lost_pending(f), 198);
		CU_ASSERT_EQUAL(test_write(b, 40, COMM, 1003), 1003);
		CU_ASSERT_EQUAL(starts[i] - fake_ring_data_head(b), 40120);
		CU_ASSERT_EQUAL(fake_ring_whole_entries(b, (size_t[1]){ 0 }, 0),
				102);
		fake_ring_free(f);
		fake_ring_free(b);
	}
}

static void test_control_page_layout(void)
{
	static const unsigned long page_sizes[] = { 4096, 16384, 65536 };
	size_t i;

	for (i = 0; i < 3; i++) {
		struct fake_ring_config cfg = {
			.page_size = page_sizes[i],
			.data_size = 2 * page_sizes[i],
			.start = 1234 * 8,
		};
		struct fake_ring *ring = fake_ring_new(&cfg, (char[64]){ 0 }, 64);
		const uint8_t *base = fake_ring_base(ring);
		uint64_t v;

		CU_ASSERT_PTR_NOT_NULL_FATAL(ring);
		/* the byte offsets of ring-abi.md section 1 */
		memcpy(&v, base + 1024, 8);
		CU_ASSERT_EQUAL(v, 1234 * 8);	/* data_head */
		memcpy(&v, base + 1032, 8);
		CU_ASSERT_EQUAL(v, 1234 * 8);	/* data_tail */
		memcpy(&v, base + 1040, 8);
		CU_ASSERT_EQUAL(v, page_sizes[i]);	/* data_offset */
		memcpy(&v, base + 1048, 8);
		CU_ASSERT_EQUAL(v, 2 * page_sizes[i]);	/* data_size */
		test_write(ring, 48, 9, 1);
		/* the reader's view shows the writer's bytes at page_size */
		CU_ASSERT_EQUAL(memcmp(base + page_sizes[i] + (1234 * 8 & (2 * page_sizes[i] - 1)),
				       fake_ring_entry_bytes(ring,
					       fake_ring_ledger_entry(ring, 0)),
				       48), 0);
		fake_ring_free(ring);
	}
}

static void test_nested_writers_publish_outermost(void)
{
	struct fake_ring *ring = test_ring("fwd-rw", 256, 0, 0);
	uint8_t a[32], b[16];
	long ta, tb;

	fake_ring_make_record(a, 9, 32, 1);
	fake_ring_make_record(b, 9, 16, 2);
	CU_ASSERT_EQUAL(fake_ring_reserve(ring, a, 32, NULL, &ta), 0);
	/* an NMI nests in: reserves after A, commits first */
	CU_ASSERT_EQUAL(fake_ring_reserve(ring, b, 16, NULL, &tb), 0);
	CU_ASSERT_EQUAL(fake_ring_commit(ring, tb), 0);
	CU_ASSERT_EQUAL(fake_ring_data_head(ring), 0);	/* not yet */
	CU_ASSERT_EQUAL(fake_ring_commit(ring, ta), 0);
	CU_ASSERT_EQUAL(fake_ring_data_head(ring), 48);	/* both at once */
	/* records appear in reservation order */
	CU_ASSERT_EQUAL(fake_ring_ledger_entry(ring, 0)->start, 0);
	CU_ASSERT_EQUAL(fake_ring_ledger_entry(ring, 1)->start, 32);
	CU_ASSERT_EQUAL(memcmp(fake_ring_data(ring) + 32, b, 16), 0);
	/* a second commit of the same reservation is refused */
	CU_ASSERT_EQUAL(fake_ring_commit(ring, ta), -22);
	fake_ring_free(ring);
}

static void test_stale_head_quirk(void)
{
	struct fake_ring *ring = test_ring("fwd-rw", 256, 0, 0);

	test_write(ring, 16, 9, 2);
	test_write(ring, 24, 9, 1);
	CU_ASSERT_EQUAL(fake_ring_data_head(ring), 56);
	fake_ring_publish_stale_head(ring);
	CU_ASSERT_EQUAL(fake_ring_data_head(ring), 32);	/* went back */
	fake_ring_publish_head(ring);
	CU_ASSERT_EQUAL(fake_ring_data_head(ring), 56);
	fake_ring_free(ring);
}

static void test_zero_data_pages(void)
{
	struct fake_ring *ring = test_ring("fwd-rw", 0, 0, 16);

	/* ring_buffer_init() pauses a ring without pages: nothing counted */
	CU_ASSERT_EQUAL(test_write(ring, 40, COMM, 10), 0);
	fake_ring_pause(ring, false);
	CU_ASSERT_EQUAL(test_write(ring, 40, COMM, 10), 0);
	CU_ASSERT_EQUAL(fake_ring_lost_pending(ring), 0);
	CU_ASSERT_EQUAL(fake_ring_data_head(ring), 0);
	fake_ring_free(ring);
}

/* PERF_SAMPLE_RAW's pad and STACK_USER's unused tail keep stale bytes. */
static void test_skipped_bytes_stay_stale(void)
{
	struct fake_ring *ring = test_ring("fwd-rw", 64, 0, 0);
	struct fake_ring_hole pad = { .off = 20, .len = 4 };
	uint8_t rec[32], got[32];
	const struct fake_ring_entry *e;

	/* lap one: 0xaa everywhere the next record will skip */
	memset(rec, 0xaa, sizeof(rec));
	fake_ring_make_record(rec, 9, 8, 1);
	CU_ASSERT_EQUAL(fake_ring_write(ring, rec, 32, NULL), 0);
	fake_ring_consume(ring);
	test_write(ring, 32, 9, 1);	/* offsets 32..63 */
	fake_ring_consume(ring);
	/* lap two at offset 0: u32 size 4 + 12 bytes of data, pad 4 */
	memset(rec, 0x11, sizeof(rec));
	fake_ring_make_record(rec, 9, 8, 2);
	CU_ASSERT_EQUAL(fake_ring_write_holes(ring, rec, 24, &pad, 1), 0);
	test_ring_bytes(ring, 64, got, 24);
	CU_ASSERT_EQUAL(got[19], 0x11);
	CU_ASSERT_EQUAL(got[20], 0xaa);	/* stale, not written */
	CU_ASSERT_EQUAL(got[23], 0xaa);
	/* the ledger holds what the ring holds, so readers are judged on it */
	e = fake_ring_ledger_entry(ring, fake_ring_ledger_count(ring) - 1);
	CU_ASSERT_EQUAL(memcmp(fake_ring_entry_bytes(ring, e), got, 24), 0);
	/* a record that does not fit is dropped, holes or not */
	pad = (struct fake_ring_hole){ 20, 4 };
	CU_ASSERT_EQUAL(test_write(ring, 56, 9, 1), 0);	/* dropped */
	CU_ASSERT_EQUAL(fake_ring_write_holes(ring, rec, 24, &pad, 1), 1);
	/* a hole in the header or past the record is refused */
	pad.off = 4;
	CU_ASSERT_EQUAL(fake_ring_write_holes(ring, rec, 24, &pad, 1), -22);
	pad = (struct fake_ring_hole){ 16, 16 };
	CU_ASSERT_EQUAL(fake_ring_write_holes(ring, rec, 24, &pad, 1), -22);
	fake_ring_free(ring);
}

void register_fake_ring_kernel_tests(void)
{
	CU_pSuite s = ADD_SUITE("fake_ring_kernel");

	ADD_TEST(s, test_forward_fill_and_lost);
	ADD_TEST(s, test_forward_one_record_freed_is_not_enough);
	ADD_TEST(s, test_forward_64_byte_records);
	ADD_TEST(s, test_backward_overwrite_1003);
	ADD_TEST(s, test_pause_forward);
	ADD_TEST(s, test_pause_backward);
	ADD_TEST(s, test_record_as_large_as_the_ring);
	ADD_TEST(s, test_backward_read_write_keeps_oldest);
	ADD_TEST(s, test_counters_anywhere);
	ADD_TEST(s, test_control_page_layout);
	ADD_TEST(s, test_nested_writers_publish_outermost);
	ADD_TEST(s, test_stale_head_quirk);
	ADD_TEST(s, test_zero_data_pages);
	ADD_TEST(s, test_skipped_bytes_stay_stale);
}
