// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reference reader on fake_ring: every expectation comes from the
 * ledger (what the writer committed) or is derived by hand, never from the
 * reader itself.
 */
#include <errno.h>
#include <string.h>
#include <linux/perf_event.h>
#include <CUnit/CUnit.h>

#include "helpers.h"
#include "ring_reader.h"
#include "suites.h"

static struct ring_reader *open_reader(struct fake_ring *ring)
{
	const struct fake_ring_config *cfg = fake_ring_config(ring);
	struct ringcheck_ring desc = {
		.base = fake_ring_base(ring),
		.page_size = cfg->page_size,
		.data_size = cfg->data_size,
		.overwrite = cfg->overwrite,
	};
	char msg[160];
	int err;
	struct ring_reader *r = ring_reader_open(&desc, &err, msg, sizeof(msg));

	if (!r)
		fprintf(stderr, "open_reader: %s\n", msg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	return r;
}

/* The next ledger row the forward reader must deliver, from *row on. */
static const struct fake_ring_entry *next_written(struct fake_ring *ring,
						  size_t *row)
{
	while (*row < fake_ring_ledger_count(ring)) {
		const struct fake_ring_entry *e =
			fake_ring_ledger_entry(ring, (*row)++);

		if (e->outcome == FAKE_RING_WRITTEN)
			return e;
	}
	return NULL;
}

/* One forward cycle; checks each record against the ledger in order. */
static int forward_cycle(struct fake_ring *ring, struct ring_reader *r,
			 size_t *row, bool consume_each)
{
	const struct perf_event_header *ev;
	int n = 0;

	if (ring_reader_read_init(r))
		return 0;
	while ((ev = ring_reader_read_event(r))) {
		const struct fake_ring_entry *e = next_written(ring, row);

		CU_ASSERT_PTR_NOT_NULL_FATAL(e);
		CU_ASSERT_EQUAL_FATAL(ev->size, e->size);
		CU_ASSERT_EQUAL_FATAL(memcmp(ev, fake_ring_entry_bytes(ring, e),
					     e->size), 0);
		if (consume_each)
			ring_reader_consume(r);
		n++;
	}
	if (!consume_each)
		ring_reader_consume(r);
	ring_reader_read_done(r);
	return n;
}

static void test_forward_wrap_every_offset(void)
{
	static const unsigned long sizes[] = { 64, 128, 256 };
	size_t si;

	for (si = 0; si < 3; si++) {
		unsigned long ds = sizes[si], off;
		unsigned int rs;

		for (off = 0; off < ds; off += 8) {
			for (rs = 8; rs < ds; rs += 8) {
				struct fake_ring *ring = test_ring(
					"fwd-rw", ds, off, 16);
				struct ring_reader *r = open_reader(ring);
				size_t row = 0;
				int got = 0, k;

				/* four laps of records of size rs, read in
				 * cycles, consuming per record and per cycle */
				for (k = 0; k < 8; k++) {
					test_write(ring, rs, 9,
						   (ds / 2 + rs - 1) / rs);
					got += forward_cycle(ring, r, &row, k & 1);
				}
				CU_ASSERT_EQUAL(got, (int)fake_ring_count(
					ring, FAKE_RING_WRITTEN));
				CU_ASSERT_PTR_NULL(next_written(ring, &row));
				ring_reader_close(r);
				fake_ring_free(ring);
			}
		}
	}
}

static void test_large_records_cross_the_end(void)
{
	static const unsigned int sizes[] = { 8, 4096, 4104, 4296, 8192,
					      32760, 65520, 65528 };
	unsigned long ds = 131072;
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned int rs = sizes[i], before;

		/* the record starts 8, rs / 2 and rs - 8 bytes before the
		 * end of the data area */
		for (before = 8; before < rs; before += rs / 2 - 4 + 4) {
			struct fake_ring *ring = test_ring(
				"fwd-rw", ds, ds - before, 0);
			struct ring_reader *r = open_reader(ring);
			size_t row = 0;

			CU_ASSERT_EQUAL(test_write(ring, rs, 9, 1), 1);
			CU_ASSERT_EQUAL(forward_cycle(ring, r, &row, true), 1);
			ring_reader_close(r);
			fake_ring_free(ring);
			if (rs / 2 < 8)
				break;
		}
	}
}

static void test_read_done_does_not_skip(void)
{
	struct fake_ring *ring = test_ring("fwd-rw", 4096, 0, 0);
	struct ring_reader *r = open_reader(ring);
	size_t row = 0;

	test_write(ring, 40, 9, 3);
	CU_ASSERT_EQUAL(ring_reader_read_init(r), 0);
	CU_ASSERT_PTR_NOT_NULL(ring_reader_read_event(r));
	CU_ASSERT_PTR_NOT_NULL(ring_reader_read_event(r));
	CU_ASSERT_PTR_NOT_NULL(ring_reader_read_event(r));
	CU_ASSERT_PTR_NULL(ring_reader_read_event(r));
	ring_reader_consume(r);
	/* published after the last read_event, before read_done (7) */
	test_write(ring, 48, 9, 1);
	ring_reader_read_done(r);
	row = 3;
	CU_ASSERT_EQUAL(forward_cycle(ring, r, &row, true), 1);
	ring_reader_close(r);
	fake_ring_free(ring);
}

static void test_cycle_is_bounded_by_its_snapshot(void)
{
	struct fake_ring *ring = test_ring("fwd-rw", 4096, 0, 0);
	struct ring_reader *r = open_reader(ring);
	int n = 0;

	test_write(ring, 32, 9, 4);
	CU_ASSERT_EQUAL(ring_reader_read_init(r), 0);
	/* a writer faster than the caller: one more record per record */
	while (ring_reader_read_event(r)) {
		ring_reader_consume(r);
		test_write(ring, 32, 9, 1);
		CU_ASSERT_FATAL(++n <= 4);
	}
	CU_ASSERT_EQUAL(n, 4);	/* (12): the cycle ends at its snapshot */
	ring_reader_read_done(r);
	ring_reader_close(r);
	fake_ring_free(ring);
}

static void test_consume_releases_only_what_was_returned(void)
{
	struct fake_ring *ring = test_ring("fwd-rw", 4096, 1ull << 32, 0);
	struct ring_reader *r = open_reader(ring);

	test_write(ring, 40, 9, 3);
	CU_ASSERT_EQUAL(ring_reader_read_init(r), 0);
	CU_ASSERT_PTR_NOT_NULL(ring_reader_read_event(r));
	ring_reader_consume(r);
	CU_ASSERT_EQUAL(fake_ring_data_tail(ring), (1ull << 32) + 40);
	ring_reader_read_done(r);
	CU_ASSERT_EQUAL(fake_ring_data_tail(ring), (1ull << 32) + 40);
	ring_reader_close(r);
	fake_ring_free(ring);
}

/* Overwrite cycles: pause, read newest first, resume. */
static int overwrite_cycle(struct fake_ring *ring, struct ring_reader *r,
			   size_t *expect, size_t nexpect)
{
	const struct perf_event_header *ev;
	size_t n = 0;
	int ret;

	fake_ring_pause(ring, true);
	ret = ring_reader_read_init(r);
	if (ret == 0) {
		while ((ev = ring_reader_read_event(r))) {
			const struct fake_ring_entry *e;

			CU_ASSERT_FATAL(n < nexpect);
			e = fake_ring_ledger_entry(ring, expect[n++]);
			CU_ASSERT_EQUAL_FATAL(ev->size, e->size);
			CU_ASSERT_EQUAL_FATAL(memcmp(ev,
					fake_ring_entry_bytes(ring, e), e->size), 0);
		}
		ring_reader_read_done(r);
	}
	fake_ring_pause(ring, false);
	CU_ASSERT_EQUAL(n, nexpect);
	return ret;
}

static void test_overwrite_rounds(void)
{
	static const uint64_t starts[] = { 0, 1ull << 32, 0ull - 4096, 8 };
	size_t si;

	for (si = 0; si < 4; si++) {
		struct fake_ring *ring = test_ring("bwd-ro", 4096, starts[si], 16);
		struct ring_reader *r = open_reader(ring);
		size_t idx[256], n, from = 0, k, fresh;

		/* round 1: more than a ring; round 2: a few (1); round 3:
		 * mixed sizes so the window cuts a record */
		const unsigned int sizes[3] = { 40, 56, 72 };
		const unsigned long counts[3] = { 300, 5, 90 };

		for (k = 0; k < 3; k++) {
			size_t e, m = 0;

			from = fake_ring_ledger_count(ring);
			test_write(ring, sizes[k], 9, counts[k]);
			n = fake_ring_whole_entries(ring, idx, 256);
			/* expected: whole records written in this round */
			for (e = 0; e < n; e++)
				if (idx[e] >= from)
					idx[m++] = idx[e];
			fresh = m;
			CU_ASSERT_EQUAL(overwrite_cycle(ring, r, idx, fresh), 0);
		}
		/* nothing new: -EAGAIN, nothing delivered */
		CU_ASSERT_EQUAL(overwrite_cycle(ring, r, idx, 0), -EAGAIN);
		ring_reader_close(r);
		fake_ring_free(ring);
	}
}

static void test_backward_window_edges(void)
{
	struct fake_ring *ring;
	struct ring_reader *r;
	size_t idx[64], n;

	/* exactly a ring's worth since the last cycle: all whole */
	ring = test_ring("bwd-ro", 256, 0, 0);
	r = open_reader(ring);
	test_write(ring, 64, 9, 4);
	n = fake_ring_whole_entries(ring, idx, 64);
	CU_ASSERT_EQUAL(n, 4);
	overwrite_cycle(ring, r, idx, n);
	ring_reader_close(r);
	fake_ring_free(ring);

	/* 8 bytes more: the window edge falls inside the oldest record */
	ring = test_ring("bwd-ro", 256, 0, 0);
	r = open_reader(ring);
	test_write(ring, 64, 9, 4);
	test_write(ring, 8, 9, 1);
	n = fake_ring_whole_entries(ring, idx, 64);
	CU_ASSERT_EQUAL(n, 4);	/* the 8-byte one and three of 64 */
	CU_ASSERT_EQUAL(idx[0], 4);
	overwrite_cycle(ring, r, idx, n);
	ring_reader_close(r);
	fake_ring_free(ring);

	/* a record larger than the area: nothing is whole */
	ring = test_ring("bwd-ro", 256, 0, 0);
	r = open_reader(ring);
	test_write(ring, 64, 9, 2);
	test_write(ring, 512, 9, 1);
	overwrite_cycle(ring, r, idx, 0);
	ring_reader_close(r);
	fake_ring_free(ring);
}

struct sink_log {
	unsigned long	lens[4];
	int		calls;
	uint8_t		bytes[8192];
	size_t		len;
	int		fail;
};

static int sink(void *ctx, const void *buf, unsigned long len)
{
	struct sink_log *log = ctx;

	if (log->fail)
		return -1;
	log->lens[log->calls++ & 3] = len;
	memcpy(log->bytes + log->len, buf, len);
	log->len += len;
	return 0;
}

/* Pushes once; checks the chunks against the ledger rows from row on. */
static void expect_push(struct fake_ring *ring, struct ring_reader *r,
			size_t row, int chunks)
{
	struct sink_log log = { 0 };
	size_t off = 0;

	CU_ASSERT_EQUAL(ring_reader_push(r, &log, sink), 0);
	CU_ASSERT_EQUAL(log.calls, chunks);
	for (; row < fake_ring_ledger_count(ring); row++) {
		const struct fake_ring_entry *e = fake_ring_ledger_entry(ring, row);

		CU_ASSERT_EQUAL(memcmp(log.bytes + off,
				       fake_ring_entry_bytes(ring, e), e->size), 0);
		off += e->size;
	}
	CU_ASSERT_EQUAL(off, log.len);
}

static void test_push_chunks(void)
{
	struct fake_ring *ring = test_ring("fwd-rw", 256, 0, 0);
	struct ring_reader *r = open_reader(ring);
	struct sink_log failing = { .fail = 1 };

	test_write(ring, 64, 9, 2);
	expect_push(ring, r, 0, 1);		/* contiguous */
	CU_ASSERT_EQUAL(ring_reader_push(r, &failing, sink), 1);
	test_write(ring, 64, 9, 2);
	expect_push(ring, r, 2, 1);		/* ends exactly at the end */
	CU_ASSERT_EQUAL(fake_ring_data_tail(ring), 256);
	test_write(ring, 40, 9, 1);
	test_write(ring, 64, 9, 1);
	test_write(ring, 48, 9, 1);
	/* 152 bytes from offset 0: contiguous again; then wrap */
	expect_push(ring, r, 4, 1);
	test_write(ring, 64, 9, 2);		/* 408..536: crosses 512 */
	/* a failing sink leaves the position: the same data again */
	CU_ASSERT_EQUAL(ring_reader_push(r, &failing, sink), -1);
	CU_ASSERT_EQUAL(fake_ring_data_tail(ring), 408);
	expect_push(ring, r, 7, 2);		/* wrapped: two chunks */
	CU_ASSERT_EQUAL(fake_ring_data_tail(ring), 536);
	ring_reader_close(r);
	fake_ring_free(ring);
}

static void test_push_overwrite(void)
{
	struct fake_ring *ring = test_ring("bwd-ro", 256, 0, 0);
	struct ring_reader *r = open_reader(ring);
	struct sink_log log = { 0 };
	size_t idx[16], n, i, off = 0;

	test_write(ring, 24, 9, 20);
	n = fake_ring_whole_entries(ring, idx, 16);
	fake_ring_pause(ring, true);
	CU_ASSERT_EQUAL(ring_reader_push(r, &log, sink), 0);
	fake_ring_pause(ring, false);
	/* the newest whole records, newest first, nothing cut */
	for (i = 0; i < n; i++) {
		const struct fake_ring_entry *e = fake_ring_ledger_entry(ring,
									 idx[i]);

		CU_ASSERT_EQUAL(memcmp(log.bytes + off,
				       fake_ring_entry_bytes(ring, e), 24), 0);
		off += 24;
	}
	CU_ASSERT_EQUAL(log.len, 240);
	CU_ASSERT_EQUAL(off, 240);
	ring_reader_close(r);
	fake_ring_free(ring);
}

static void test_refuses_contradicting_layouts(void)
{
	struct fake_ring *bwd_rw = test_ring("bwd-rw", 4096, 0, 0);
	struct fake_ring *fwd_ro = test_ring("fwd-ro", 4096, 0, 0);
	struct fake_ring *ok = test_ring("fwd-rw", 4096, 0, 0);
	struct ringcheck_ring d;
	char msg[160];
	int err;

	/* an overwrite ring mapped writable (2) */
	d = (struct ringcheck_ring){ fake_ring_base(bwd_rw), 4096, 4096, 1 };
	CU_ASSERT_PTR_NULL(ring_reader_open(&d, &err, msg, sizeof(msg)));
	CU_ASSERT_EQUAL(err, -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "writable"));
	/* a forward ring that cannot be consumed */
	d = (struct ringcheck_ring){ fake_ring_base(fwd_ro), 4096, 4096, 0 };
	CU_ASSERT_PTR_NULL(ring_reader_open(&d, &err, msg, sizeof(msg)));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "read-only"));
	/* the control page says otherwise (20) */
	d = (struct ringcheck_ring){ fake_ring_base(ok), 16384, 4096, 0 };
	CU_ASSERT_PTR_NULL(ring_reader_open(&d, &err, msg, sizeof(msg)));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "data_offset"));
	d = (struct ringcheck_ring){ fake_ring_base(ok), 4096, 8192, 0 };
	CU_ASSERT_PTR_NULL(ring_reader_open(&d, &err, msg, sizeof(msg)));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "data_size"));
	d = (struct ringcheck_ring){ fake_ring_base(ok), 4096, 3000, 0 };
	CU_ASSERT_PTR_NULL(ring_reader_open(&d, &err, msg, sizeof(msg)));
	d = (struct ringcheck_ring){ NULL, 4096, 4096, 0 };
	CU_ASSERT_PTR_NULL(ring_reader_open(&d, &err, msg, sizeof(msg)));
	fake_ring_free(bwd_rw);
	fake_ring_free(fwd_ro);
	fake_ring_free(ok);
}

static void test_large_page_layouts(void)
{
	static const unsigned long page_sizes[] = { 16384, 65536 };
	size_t i;

	for (i = 0; i < 2; i++) {
		struct fake_ring_config cfg = {
			.page_size = page_sizes[i],
			.data_size = page_sizes[i],
		};
		struct fake_ring *ring = fake_ring_new(&cfg, (char[64]){ 0 }, 64);
		struct ring_reader *r = open_reader(ring);
		size_t row = 0;
		int k, got = 0;

		for (k = 0; k < 6; k++) {
			test_write(ring, 4104, 9, 3);
			got += forward_cycle(ring, r, &row, false);
		}
		CU_ASSERT_EQUAL(got, 18);
		ring_reader_close(r);
		fake_ring_free(ring);
	}
}

/* The fd entry's mapping: a backward ring read-only, a forward one
 * writable; failures to map or to open leave nothing mapped. */
static void test_map_from_fd(void)
{
	struct fake_ring_config cfg = { .page_size = 4096, .data_size = 4096,
					.event_id = 0x1d,
					.flags = FAKE_RING_READER_MAPS };
	struct fake_ring *fwd;
	struct fake_ring *bwd = test_ring("bwd-ro", 4096, 0, 0);
	struct ring_reader *r;
	char msg[160];
	int err;

	/* the reader maps the file itself: writable, as a perf fd's ring */
	CU_ASSERT_EQUAL_FATAL(fake_ring_parse_mode("fwd-rw", &cfg), 0);
	fwd = fake_ring_new(&cfg, msg, sizeof(msg));
	CU_ASSERT_PTR_NOT_NULL_FATAL(fwd);
	r = ring_reader_map(fake_ring_fd(fwd), 4096, 4096, false, &err, msg,
			    sizeof(msg));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	fake_ring_write(fwd, (uint8_t[16]){ [6] = 16 }, 16, NULL);
	CU_ASSERT_EQUAL(ring_reader_read_init(r), 0);
	CU_ASSERT_PTR_NOT_NULL(ring_reader_read_event(r));
	ring_reader_consume(r);	/* stores data_tail: mapped writable */
	CU_ASSERT_EQUAL(fake_ring_data_tail(fwd), 16);
	ring_reader_close(r);
	r = ring_reader_map(fake_ring_fd(bwd), 4096, 4096, true, &err, msg,
			    sizeof(msg));
	CU_ASSERT_PTR_NOT_NULL(r);
	ring_reader_close(r);
	/* not a file to map */
	CU_ASSERT_PTR_NULL(ring_reader_map(-1, 4096, 4096, false, &err, msg,
					   sizeof(msg)));
	CU_ASSERT_EQUAL(err, -EBADF);
	CU_ASSERT_PTR_NULL(ring_reader_map(-1, 4096, 4096, false, &err,
					   NULL, 0));
	/* mapped, then refused: the control page says 4096 bytes */
	CU_ASSERT_PTR_NULL(ring_reader_map(fake_ring_fd(fwd), 4096, 2048,
					   false, &err, msg, sizeof(msg)));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "data size"));
	fake_ring_free(fwd);
	fake_ring_free(bwd);
}

static void test_lost_count(void)
{
	/* struct lost_event: header, id 0x1d, lost 7 */
	uint64_t lost[3] = { 0, 0x1d, 7 };
	struct perf_event_header *h = (struct perf_event_header *)lost;

	h->type = PERF_RECORD_LOST;
	h->size = 24;
	CU_ASSERT_EQUAL(ring_reader_lost(h), 7);
	h->size = 16;	/* no room for the count */
	CU_ASSERT_EQUAL(ring_reader_lost(h), -1);
	h->type = PERF_RECORD_SAMPLE;
	h->size = 24;
	CU_ASSERT_EQUAL(ring_reader_lost(h), -1);
}

void register_reader_tests(void)
{
	CU_pSuite s = ADD_SUITE("reader");

	ADD_TEST(s, test_forward_wrap_every_offset);
	ADD_TEST(s, test_large_records_cross_the_end);
	ADD_TEST(s, test_read_done_does_not_skip);
	ADD_TEST(s, test_cycle_is_bounded_by_its_snapshot);
	ADD_TEST(s, test_consume_releases_only_what_was_returned);
	ADD_TEST(s, test_overwrite_rounds);
	ADD_TEST(s, test_backward_window_edges);
	ADD_TEST(s, test_push_chunks);
	ADD_TEST(s, test_push_overwrite);
	ADD_TEST(s, test_refuses_contradicting_layouts);
	ADD_TEST(s, test_large_page_layouts);
	ADD_TEST(s, test_map_from_fd);
	ADD_TEST(s, test_lost_count);
}
