// SPDX-License-Identifier: GPL-2.0-only
/*
 * fake_ring_make_record() writes whole words in a loop the compiler
 * vectorises: its bytes must stay those of the plain definition below (one
 * word at a time, each through a byte buffer), or every payload a reader
 * is checked against would change under the cases' unchanged ids.
 */
#include <stdint.h>
#include <string.h>
#include <linux/perf_event.h>
#include <CUnit/CUnit.h>

#include "fake_ring.h"
#include "suites.h"

#define MAX_SIZE	65535u

/* The definition: the header, then word k the mix of seed and k with
 * byte 6 odd, the last word cut to the record's size. */
static void make_record_plain(uint8_t *p, uint32_t type, unsigned int size,
			      uint64_t seed)
{
	struct perf_event_header hdr = { .type = type, .size = (uint16_t)size };
	unsigned int k;

	memcpy(p, &hdr, size < sizeof(hdr) ? size : sizeof(hdr));
	for (k = 8; k < size; k += 8) {
		uint64_t x = (seed + 1) * 0x9e3779b97f4a7c15ull + k;
		uint8_t word[8];

		x ^= x >> 29;
		memcpy(word, &x, 8);
		word[6] |= 1;
		memcpy(p + k, word, size - k < 8 ? size - k : 8);
	}
	if (type == FAKE_RING_TYPE_SAMPLE && size >= 16) {
		uint32_t raw = size - 12;

		memcpy(p + 8, &raw, sizeof(raw));
	}
}

static void test_make_record_bytes(void)
{
	static uint8_t want[MAX_SIZE + 8], got[MAX_SIZE + 8];
	static const unsigned int big[] = { 4096, 65528, 65531, MAX_SIZE };
	unsigned int size, i, bad = 0;
	uint64_t seed;

	for (seed = 0; seed < 3; seed++) {
		for (size = 0; size < 600 + 4; size++) {
			unsigned int sz = size < 600 ? size : big[size - 600];
			uint32_t type = size & 1 ? 9 : FAKE_RING_TYPE_SAMPLE;

			/* bytes past the record stay as they were */
			memset(want, 0xa5, sz + 8);
			memset(got, 0xa5, sz + 8);
			make_record_plain(want, type, sz, seed * 977);
			fake_ring_make_record(got, type, sz, seed * 977);
			for (i = 0; i < sz + 8; i++)
				bad += want[i] != got[i];
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
}

void register_make_record_tests(void)
{
	CU_pSuite s = ADD_SUITE("make_record");

	ADD_TEST(s, test_make_record_bytes);
}
