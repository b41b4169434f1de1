// SPDX-License-Identifier: GPL-2.0-only
/*
 * How failure messages print counters and bytes (engine/judge/diagnose.c), and
 * the table of the oracle's checks.
 */
#include <string.h>

#include "judge/diagnose.h"
#include "suites.h"

static void test_counters(void)
{
	char buf[64];

	/* small ones as they are */
	CU_ASSERT_STRING_EQUAL(diag_counter(buf, sizeof(buf), 0), "0");
	CU_ASSERT_STRING_EQUAL(diag_counter(buf, sizeof(buf), 4294967295u),
			       "4294967295");
	/* near 2^64: the distance, and hex (2^64 - 72) */
	CU_ASSERT_STRING_EQUAL(diag_counter(buf, sizeof(buf),
					    18446744073709551544ull),
			       "2^64-72 (0xffffffffffffffb8)");
	CU_ASSERT_STRING_EQUAL(diag_counter(buf, sizeof(buf), 1ull << 63),
			       "2^64-9223372036854775808 (0x8000000000000000)");
	/* past 2^32: decimal and hex */
	CU_ASSERT_STRING_EQUAL(diag_counter(buf, sizeof(buf), 1ull << 32),
			       "4294967296 (0x100000000)");
}

static void test_bytes(void)
{
	const uint8_t want[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	uint8_t got[sizeof(want)];
	char buf[64];

	memcpy(got, want, sizeof(want));
	CU_ASSERT_EQUAL(diag_first_difference(want, got, sizeof(want)), -1);
	got[7] = 0xee;
	CU_ASSERT_EQUAL(diag_first_difference(want, got, sizeof(want)), 7);
	CU_ASSERT_STRING_EQUAL(diag_hex_window(buf, sizeof(buf), got,
					       sizeof(got), 7, 4),
			       "..06 07 ee 09..");
	CU_ASSERT_STRING_EQUAL(diag_hex_window(buf, sizeof(buf), got,
					       sizeof(got), 0, 4),
			       "01 02 03 04..");
}

static void test_checks(void)
{
	const struct judge_check *c = judge_check_find("cycle-past-snapshot");

	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(c->clause, 1);
	CU_ASSERT_STRING_EQUAL(c->bug, "unbounded-drain (12)");
	CU_ASSERT_PTR_NULL(judge_check_find("no-such-check"));
	CU_ASSERT_STRING_EQUAL(contract_clause_name(7), "lifetime");
	CU_ASSERT_STRING_EQUAL(contract_clause_name(0), "");
	CU_ASSERT_STRING_EQUAL(contract_clause_name(99), "");
}

void register_diagnose_tests(void)
{
	CU_pSuite s = ADD_SUITE("diagnose");

	ADD_TEST(s, test_counters);
	ADD_TEST(s, test_bytes);
	ADD_TEST(s, test_checks);
}
