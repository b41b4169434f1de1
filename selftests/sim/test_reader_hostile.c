// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reference reader on hostile rings: it never reads outside the
 * mapping (the guard pages would fault), never hangs, stops the cycle and
 * says what was wrong and where.
 */
#include <errno.h>
#include <string.h>
#include <linux/perf_event.h>
#include <CUnit/CUnit.h>

#include "helpers.h"
#include "ring_reader.h"
#include "suites.h"

static struct ring_reader *reader_on(struct fake_ring *ring)
{
	const struct fake_ring_config *cfg = fake_ring_config(ring);
	struct ringcheck_ring d = { fake_ring_base(ring), cfg->page_size,
				    cfg->data_size, cfg->overwrite };
	int err;
	struct ring_reader *r = ring_reader_open(&d, &err, NULL, 0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	return r;
}

/* A ring with one good record, then a header of the given size. */
static void bad_size_in_range(const char *mode, uint16_t bad, int code,
			      const char *word)
{
	struct fake_ring *ring = test_ring(mode, 4096, 0, 0);
	struct ring_reader *r = reader_on(ring);
	struct perf_event_header hdr = { .type = 9, .size = bad };
	bool backward = mode[0] == 'b';
	uint64_t bad_at;

	test_write(ring, 32, 9, 1);
	/* forward: after the record; backward: below it, at the new head */
	bad_at = backward ? (uint64_t)0 - 32 - 64 : 32;
	fake_ring_poke(ring, bad_at, &hdr, sizeof(hdr));
	fake_ring_publish_raw_head(ring, backward ? bad_at : 32 + 64);
	CU_ASSERT_EQUAL_FATAL(ring_reader_read_init(r), 0);
	if (!backward)
		CU_ASSERT_PTR_NOT_NULL(ring_reader_read_event(r));
	CU_ASSERT_PTR_NULL(ring_reader_read_event(r));
	CU_ASSERT_PTR_NULL(ring_reader_read_event(r));	/* stays stopped */
	CU_ASSERT_EQUAL(ring_reader_fault(r)->code, code);
	CU_ASSERT_EQUAL(ring_reader_fault(r)->pos, bad_at);
	CU_ASSERT_EQUAL(ring_reader_fault(r)->size, bad);
	CU_ASSERT_PTR_NOT_NULL(strstr(ring_reader_fault(r)->what, word));
	ring_reader_consume(r);
	ring_reader_read_done(r);
	/* forward: never released past the good record */
	if (!backward)
		CU_ASSERT_EQUAL(fake_ring_data_tail(ring), 32);
	ring_reader_close(r);
	fake_ring_free(ring);
}

static void test_bad_sizes(void)
{
	static const char *const modes[] = { "fwd-rw", "bwd-ro" };
	uint16_t s;
	int m;

	for (m = 0; m < 2; m++) {
		for (s = 0; s < 8; s++)
			bad_size_in_range(modes[m], s, -EBADMSG, "below");
		bad_size_in_range(modes[m], 44, -EBADMSG, "multiple of 8");
		bad_size_in_range(modes[m], 65535, -EBADMSG, "multiple of 8");
		/* larger than what is left of the range (64 fwd, 96 bwd) */
		bad_size_in_range(modes[m], 104, -EBADMSG, "crosses");
		bad_size_in_range(modes[m], 65528, -EBADMSG, "crosses");
	}
}

static void test_heads(void)
{
	struct fake_ring *ring = test_ring("fwd-rw", 4096, 1ull << 32, 0);
	struct ring_reader *r = reader_on(ring);
	uint64_t base = 1ull << 32;

	test_write(ring, 32, 9, 2);
	/* behind prev (10): reported, nothing moves */
	fake_ring_publish_raw_head(ring, base - 64);
	CU_ASSERT_EQUAL(ring_reader_read_init(r), -ERANGE);
	CU_ASSERT_PTR_NULL(ring_reader_read_event(r));
	ring_reader_consume(r);
	ring_reader_read_done(r);
	CU_ASSERT_EQUAL(fake_ring_data_tail(ring), base);
	/* 2^31 ahead (9): not a small negative distance, not a lap */
	fake_ring_publish_raw_head(ring, base + (1ull << 31));
	CU_ASSERT_EQUAL(ring_reader_read_init(r), -ERANGE);
	/* not 8-aligned */
	fake_ring_publish_raw_head(ring, base + 60);
	CU_ASSERT_EQUAL(ring_reader_read_init(r), -EBADMSG);
	CU_ASSERT_PTR_NOT_NULL(strstr(ring_reader_fault(r)->what,
				      "multiple of 8"));
	/* a whole ring ahead: more than the kernel ever lets out */
	fake_ring_publish_raw_head(ring, base + 4096);
	CU_ASSERT_EQUAL(ring_reader_read_init(r), -ERANGE);
	/* the true head again: both records, once */
	fake_ring_publish_head(ring);
	CU_ASSERT_EQUAL(ring_reader_read_init(r), 0);
	CU_ASSERT_PTR_NOT_NULL(ring_reader_read_event(r));
	CU_ASSERT_PTR_NOT_NULL(ring_reader_read_event(r));
	CU_ASSERT_PTR_NULL(ring_reader_read_event(r));
	CU_ASSERT_EQUAL(ring_reader_fault(r)->code, 0);
	ring_reader_consume(r);
	ring_reader_read_done(r);
	CU_ASSERT_EQUAL(fake_ring_data_tail(ring), base + 64);
	ring_reader_close(r);
	fake_ring_free(ring);

	/* overwrite: a head above prev */
	ring = test_ring("bwd-ro", 4096, 0, 0);
	r = reader_on(ring);
	fake_ring_publish_raw_head(ring, 64);
	CU_ASSERT_EQUAL(ring_reader_read_init(r), -ERANGE);
	CU_ASSERT_PTR_NOT_NULL(strstr(ring_reader_fault(r)->what, "above"));
	ring_reader_close(r);
	fake_ring_free(ring);
}

static void test_garbage_everywhere(void)
{
	uint64_t s = 12345;
	int round;

	/* Random data areas and heads: the guard pages fault on any read
	 * outside the mapping; every returned record lies in the range. */
	for (round = 0; round < 3000; round++) {
		const char *mode = round & 1 ? "bwd-ro" : "fwd-rw";
		unsigned long ds = 8ul << (round % 10);
		struct fake_ring *ring = test_ring(mode, ds, 0, 0);
		struct ring_reader *r = reader_on(ring);
		uint8_t junk[4096];
		const struct perf_event_header *ev;
		size_t i;
		int cycles;

		for (i = 0; i < ds; i++) {
			s = s * 6364136223846793005ull + 1442695040888963407ull;
			junk[i] = (uint8_t)(s >> 56);
			/* small sizes are the interesting ones */
			if (i % 8 == 6)
				junk[i] &= 0x3f;
			if (i % 8 == 7)
				junk[i] = (s >> 40) & 1 ? 0 : junk[i];
		}
		fake_ring_poke(ring, 0, junk, ds);
		for (cycles = 0; cycles < 4; cycles++) {
			uint64_t head = (s >> 13) % (2 * ds + 64);
			uint64_t total = 0;

			s = s * 6364136223846793005ull + 1;
			if (round & 1)
				head = 0 - head;
			fake_ring_publish_raw_head(ring, head);
			if (ring_reader_read_init(r))
				continue;
			while ((ev = ring_reader_read_event(r))) {
				CU_ASSERT_FATAL(ev->size >= 8);
				total += ev->size;
				CU_ASSERT_FATAL(total <= ds);
			}
			ring_reader_consume(r);
			ring_reader_read_done(r);
		}
		ring_reader_close(r);
		fake_ring_free(ring);
	}
}

void register_reader_hostile_tests(void)
{
	CU_pSuite s = ADD_SUITE("reader_hostile");

	ADD_TEST(s, test_bad_sizes);
	ADD_TEST(s, test_heads);
	ADD_TEST(s, test_garbage_everywhere);
}
