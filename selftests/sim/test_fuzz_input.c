// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scenario fuzz input's decoder (engine/scenario/fuzz_input.h) on
 * inputs decoded by hand: the ring, then every step, compared one by one
 * with what the header's description says the bytes mean. Version 1 is
 * held to what it decoded before version 2 (the committed corpus keeps
 * its meaning); each path of version 2 has its input: the page sizes,
 * the two-byte sizes at their largest and past it, the stale head, the
 * hostile families' cases and what may follow them, and the fallbacks.
 */
#include <string.h>
#include <CUnit/CUnit.h>

#include "scenario/fuzz_input.h"
#include "suites.h"

#define W(size, n)	{ ST_WRITE, size, (int64_t)(n) << 32 }
#define S(op)		{ op, 0, 0 }

struct want_step {
	uint8_t		op;
	uint32_t	arg;
	int64_t		arg2;
};

static struct scenario got;

/* Steps from..: the ones wanted, and no more. */
static void check_steps(const struct scenario *s, int from,
			const struct want_step *want, int n)
{
	int k;

	CU_ASSERT_EQUAL_FATAL(s->nsteps - from, n);
	for (k = 0; k < n; k++) {
		const struct step *st = &s->steps[from + k];

		CU_ASSERT_EQUAL(st->op, want[k].op);
		CU_ASSERT_EQUAL(st->arg, want[k].arg);
		CU_ASSERT_EQUAL(st->arg2, want[k].arg2);
	}
}

static void decode(const uint8_t *in, size_t len)
{
	CU_ASSERT_EQUAL_FATAL(scenario_from_fuzz_input(&got, in, len, "t"), 0);
	CU_ASSERT_STRING_EQUAL(got.id, "t");
}

/* fixtures/corpus/scenario/fwd-basic, as version 1 decodes it */
static void test_v1_unchanged(void)
{
	static const uint8_t in[] = { 0x00, 0x01, 0x02, 0x00, 0x03, 0x02,
				      0x00, 0x05, 0x03, 0x04, 0x08, 0x02 };
	static const struct want_step want[] = {
		W(32, 1),			/* 00 03: 8 * (1 + 3 % 18) */
		S(RD_INIT), S(RD_DRAIN_EACH), S(RD_DONE),	/* 02 */
		W(48, 1),			/* 00 05 */
		S(RD_INIT), S(RD_DRAIN), S(RD_CONSUME), S(RD_DONE),
		S(RD_PUSH),			/* 04 */
		S(RD_INIT), S(RD_EVENT), W(24, 1), S(RD_DRAIN_EACH),
		W(24, 1), S(RD_DONE),		/* 08 02 */
	};

	decode(in, sizeof(in));
	CU_ASSERT_FALSE(got.cfg.backward);
	CU_ASSERT_EQUAL(got.cfg.page_size, 4096);
	CU_ASSERT_EQUAL(got.cfg.data_size, 64);	/* 32 << 1 */
	CU_ASSERT_EQUAL(got.cfg.start, 16);	/* (2 & 7) * 8 */
	CU_ASSERT_EQUAL(got.cfg.lost_trailer, 16);
	CU_ASSERT_FALSE(got.hostile);
	check_steps(&got, 0, want, (int)(sizeof(want) / sizeof(want[0])));
}

/* Version 1's sizes at the ends of their range: n % (64 / 4 + 2) */
static void test_v1_size_range(void)
{
	static const uint8_t in[] = { 0x00, 0x01, 0x00, 0x00, 0x12, 0x00,
				      0x11, 0x25, 0x00 };
	static const struct want_step want[] = {
		W(8, 1),	/* 00 12: 8 * (1 + 18 % 18) */
		W(144, 1),	/* 00 11: 8 * (1 + 17) */
		W(8, 1 + 37 / 9 % 4),	/* 25 00: op 37 % 9 = 1 */
	};

	decode(in, sizeof(in));
	check_steps(&got, 0, want, (int)(sizeof(want) / sizeof(want[0])));
}

/* The magic with fewer than 5 bytes is version 1: 32 << 2, a write of 8 */
static void test_v2_short_is_v1(void)
{
	static const uint8_t in[] = { 0xfc, 0x02, 0x00, 0x01 };
	static const struct want_step want[] = { W(8, 1) };

	decode(in, sizeof(in));
	CU_ASSERT_EQUAL(got.cfg.data_size, 128);
	check_steps(&got, 0, want, 1);
}

/* 64 KiB pages, two-byte sizes, the stale head, a truncated size */
static void test_v2_forward(void)
{
	static const uint8_t in[] = {
		0xfc, 0x02,
		0x04,		/* forward, pages 4096 << 4 */
		0x05,		/* 32 << 5, raised to a page */
		0x81,		/* one ring below 0, LOST trailer 8 */
		0x14, 0xff, 0x01,	/* 3 writes of 8 * (1 + 511) */
		0x00, 0xfe, 0x1f,	/* 8 * (1 + 8190): 65528 */
		0x00, 0xff, 0x1f,	/* 8 * (1 + 8191 % 8191): 8 */
		0x09,		/* stale head, a cycle of each */
		0x06, 0x0f, 0x00,	/* reserve 128 */
		0x3b,		/* stale head (59: count 2), nested: none */
		0x07,		/* commit */
		0x3b,		/* stale head, a cycle at once */
		0x01, 0xff,	/* a write, its size's high byte missing */
	};
	static const struct want_step want[] = {
		W(4096, 3), W(65528, 1), W(8, 1),
		S(ST_STALE_HEAD), S(RD_INIT), S(RD_DRAIN_EACH), S(RD_DONE),
		S(ST_REPUBLISH),
		{ ST_RESERVE, 128, 0 },
		S(ST_COMMIT),
		S(ST_STALE_HEAD), S(RD_INIT), S(RD_DRAIN), S(RD_CONSUME),
		S(RD_DONE), S(ST_REPUBLISH),
		W(2048, 1),
	};

	decode(in, sizeof(in));
	CU_ASSERT_FALSE(got.cfg.backward);
	CU_ASSERT_EQUAL(got.cfg.page_size, 65536);
	CU_ASSERT_EQUAL(got.cfg.data_size, 65536);
	CU_ASSERT_EQUAL(got.cfg.start, (uint64_t)0 - 65536);
	CU_ASSERT_EQUAL(got.cfg.lost_trailer, 8);
	check_steps(&got, 0, want, (int)(sizeof(want) / sizeof(want[0])));
}

/* 16 KiB pages backward: no reservations, no stale head there */
static void test_v2_backward(void)
{
	static const uint8_t in[] = {
		0xfc, 0x02,
		0x03,		/* backward, pages 4096 << 2 */
		0x0a,		/* 32 << 10 */
		0x00,		/* head at 0, no LOST trailer */
		0x06, 0x01, 0x00,	/* reserve: not on a backward ring */
		0x09,		/* stale head: not on a backward ring */
		0x0a, 0x07, 0x00,	/* 2 writes of 64 */
		0x02,		/* an overwrite cycle */
	};
	static const struct want_step want[] = {
		W(64, 2),
		S(ST_PAUSE), S(RD_INIT), S(RD_DRAIN), S(RD_DONE), S(ST_RESUME),
	};

	decode(in, sizeof(in));
	CU_ASSERT_TRUE(got.cfg.backward);
	CU_ASSERT_TRUE(got.cfg.overwrite);
	CU_ASSERT_EQUAL(got.cfg.page_size, 16384);
	CU_ASSERT_EQUAL(got.cfg.data_size, 32768);
	CU_ASSERT_EQUAL(got.cfg.start, 0);
	CU_ASSERT_EQUAL(got.cfg.lost_trailer, 0);
	check_steps(&got, 0, want, (int)(sizeof(want) / sizeof(want[0])));
}

/* A family case: the family's own scenario, then what may follow it. */
static void check_family_case(const uint8_t *in, size_t len,
			      const char *case_id,
			      const struct want_step *after, int nafter)
{
	static struct scenario want;
	bool pushes = false;
	char err[128];
	int i;

	CU_ASSERT_EQUAL_FATAL(scenario_from_id(case_id, &want, err,
					       sizeof(err)), 0);
	decode(in, len);
	CU_ASSERT_TRUE(got.hostile);
	CU_ASSERT_EQUAL(memcmp(&got.cfg, &want.cfg, sizeof(want.cfg)), 0);
	CU_ASSERT_EQUAL(got.nhistory, want.nhistory);
	/* a push after a pull family's case asks for push too */
	for (i = 0; i < nafter; i++)
		pushes |= after[i].op == RD_PUSH;
	CU_ASSERT_EQUAL(got.needs_push, want.needs_push || pushes);
	CU_ASSERT_EQUAL_FATAL(got.nsteps, want.nsteps + nafter);
	CU_ASSERT_EQUAL(memcmp(got.steps, want.steps,
			       (size_t)want.nsteps * sizeof(want.steps[0])), 0);
	check_steps(&got, want.nsteps, after, nafter);
}

static void test_v2_hostile(void)
{
	static const uint8_t in[] = {
		0xfc, 0x02, 0x08, 0x00, 0x00,
		0x00,		/* hostile */
		0x22, 0x00,	/* case 34: kind 17 (head 2^32), good 0 */
		0x00, 0x07, 0x00,	/* writes: not after a hostile case */
		0x02,		/* a pull cycle */
		0x04,		/* a push after it */
		0x05,		/* a write under pause: not after a hostile case */
	};
	static const struct want_step after[] = {
		S(RD_INIT), S(RD_DRAIN_EACH), S(RD_DONE), S(RD_PUSH),
	};

	check_family_case(in, sizeof(in), "hostile-0.4096.17.0", after, 4);
}

static void test_v2_hostile_push(void)
{
	static const uint8_t in[] = {
		0xfc, 0x02, 0x08, 0x00, 0x00,
		0x03,		/* 3 % 2: hostile-push */
		0x99, 0x01,	/* 409 % 408 cases: 1, kind 0, good 3 */
		0x04,		/* a push */
		0x02,		/* a pull cycle after it */
		0x08,		/* the writer between calls: not after it */
	};
	static const struct want_step after[] = {
		S(RD_PUSH), S(RD_INIT), S(RD_DRAIN_EACH), S(RD_DONE),
	};

	check_family_case(in, sizeof(in), "hostile-push-0.4096.0.3", after, 4);
}

/* No case at that index (kind 16 is retired): the ring of bytes 2-4 */
static void test_v2_family_fallback(void)
{
	static const uint8_t in[] = {
		0xfc, 0x02, 0x08, 0x03, 0x00,
		0x00, 0x20, 0x00,	/* hostile case 32: kind 16 */
		0x02,
	};
	static const struct want_step want[] = {
		S(RD_INIT), S(RD_DRAIN_EACH), S(RD_DONE),
	};

	decode(in, sizeof(in));
	CU_ASSERT_FALSE(got.hostile);
	CU_ASSERT_FALSE(got.cfg.backward);
	CU_ASSERT_EQUAL(got.cfg.page_size, 4096);
	CU_ASSERT_EQUAL(got.cfg.data_size, 256);
	check_steps(&got, 0, want, 3);
}

void register_fuzz_input_tests(void)
{
	CU_pSuite s = ADD_SUITE("fuzz_input");

	ADD_TEST(s, test_v1_unchanged);
	ADD_TEST(s, test_v1_size_range);
	ADD_TEST(s, test_v2_short_is_v1);
	ADD_TEST(s, test_v2_forward);
	ADD_TEST(s, test_v2_backward);
	ADD_TEST(s, test_v2_hostile);
	ADD_TEST(s, test_v2_hostile_push);
	ADD_TEST(s, test_v2_family_fallback);
}
