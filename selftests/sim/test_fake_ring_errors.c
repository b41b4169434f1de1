// SPDX-License-Identifier: GPL-2.0-only
/* Bad arguments get a clear error from fake_ring, never a crash. */
#include <errno.h>
#include <string.h>
#include <CUnit/CUnit.h>

#include "helpers.h"
#include "suites.h"

static void expect_config_error(struct fake_ring_config cfg, const char *word)
{
	char err[256] = "";
	struct fake_ring *ring = fake_ring_new(&cfg, err, sizeof(err));

	CU_ASSERT_PTR_NULL(ring);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, word));
	fake_ring_free(ring);
}

static void test_bad_configs(void)
{
	struct fake_ring_config ok = { .page_size = 4096, .data_size = 4096 };
	struct fake_ring_config c;

	c = ok, c.data_size = 4095;
	expect_config_error(c, "power of two");
	c = ok, c.data_size = 4;
	expect_config_error(c, "power of two");
	c = ok, c.page_size = 8192;
	expect_config_error(c, "page size");
	c = ok, c.lost_trailer = 12;
	expect_config_error(c, "trailer");
}

static void test_bad_records(void)
{
	struct fake_ring *ring = test_ring("fwd-rw", 4096, 0, 0);
	static uint8_t rec[70000];

	CU_ASSERT_EQUAL(fake_ring_write(ring, rec, 44, NULL), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(fake_ring_error(ring), "multiple of 8"));
	CU_ASSERT_EQUAL(fake_ring_write(ring, rec, 65536, NULL), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(fake_ring_error(ring), "65528"));
	CU_ASSERT_EQUAL(fake_ring_write(ring, rec, 4, NULL), -EINVAL);
	/* refused requests leave no trace in the ledger */
	CU_ASSERT_EQUAL(fake_ring_ledger_count(ring), 0);
	CU_ASSERT_EQUAL(fake_ring_commit(ring, 3), -EINVAL);
	CU_ASSERT_EQUAL(fake_ring_write(ring, rec, 65528, NULL), 1);
	fake_ring_free(ring);
}

static void test_unaligned_quirk(void)
{
	struct fake_ring_config cfg = {
		.page_size = 4096, .data_size = 64,
		.flags = FAKE_RING_QUIRK_UNALIGNED,
	};
	struct fake_ring *ring = fake_ring_new(&cfg, (char[64]){ 0 }, 64);
	uint8_t rec[64];

	fake_ring_make_record(rec, 9, 60, 3);
	CU_ASSERT_EQUAL(fake_ring_write(ring, rec, 60, NULL), 0);
	fake_ring_consume(ring);
	/* the next header straddles the end of the data area */
	fake_ring_make_record(rec, 9, 12, 4);
	CU_ASSERT_EQUAL(fake_ring_write(ring, rec, 12, NULL), 0);
	CU_ASSERT_EQUAL(fake_ring_data(ring)[60], rec[0]);
	CU_ASSERT_EQUAL(fake_ring_data(ring)[0], rec[4]);
	CU_ASSERT_EQUAL(fake_ring_data_head(ring), 72);
	fake_ring_free(ring);
}

static void test_reader_view_protection(void)
{
	struct fake_ring *ro = test_ring("bwd-ro", 4096, 0, 0);
	struct fake_ring *rw = test_ring("fwd-rw", 4096, 0, 0);

	/* The protections of a real perf mapping, checked by the kernel. */
	CU_ASSERT_EQUAL(mprotect_probe_writable(fake_ring_base(rw)), 1);
	CU_ASSERT_EQUAL(mprotect_probe_writable(fake_ring_base(ro)), 0);
	CU_ASSERT_EQUAL(mprotect_probe_writable((char *)fake_ring_base(rw) +
						4096), 0);
	fake_ring_free(ro);
	fake_ring_free(rw);
}

/* One mapping for writer and reader: what the threads test needs. */
static void test_single_view(void)
{
	struct fake_ring_config cfg = { .page_size = 4096, .data_size = 4096,
					.flags = FAKE_RING_SINGLE_VIEW };
	struct fake_ring *ring = fake_ring_new(&cfg, (char[64]){ 0 }, 64);
	uint8_t rec[40];

	CU_ASSERT_PTR_NOT_NULL_FATAL(ring);
	fake_ring_make_record(rec, 9, 40, 5);
	CU_ASSERT_EQUAL(fake_ring_write(ring, rec, 40, NULL), 0);
	/* the reader's view is the writer's: same address, writable */
	CU_ASSERT_PTR_EQUAL(fake_ring_data(ring),
			    (uint8_t *)fake_ring_base(ring) + 4096);
	CU_ASSERT_EQUAL(memcmp((uint8_t *)fake_ring_base(ring) + 4096, rec, 40),
			0);
	CU_ASSERT_EQUAL(mprotect_probe_writable((uint8_t *)fake_ring_base(ring)
						+ 4096), 1);
	fake_ring_free(ring);
}

void register_fake_ring_error_tests(void)
{
	CU_pSuite s = ADD_SUITE("fake_ring_errors");

	ADD_TEST(s, test_bad_configs);
	ADD_TEST(s, test_bad_records);
	ADD_TEST(s, test_unaligned_quirk);
	ADD_TEST(s, test_reader_view_protection);
	ADD_TEST(s, test_single_view);
}
