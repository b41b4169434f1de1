// SPDX-License-Identifier: GPL-2.0-only
/*
 * fd_reader_mapping() finds the mapping a reader made of the ring's fd
 * through PROCMAP_QUERY, or from /proc/self/maps' text without it
 * (RINGCHECK_NO_PROCMAP_QUERY): both must name the mapping this test made
 * itself, at its address and with its protection, and nothing when there
 * is none.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <CUnit/CUnit.h>

#include "fake_ring.h"
#include "player/fd_mapping.h"
#include "suites.h"

static void check_both_ways(struct fake_ring *ring, const uint8_t *map,
			    size_t len, int want)
{
	int fd = fake_ring_fd(ring), way, got;
	uintptr_t lo, hi;

	for (way = 0; way < 2; way++) {
		if (way)
			setenv("RINGCHECK_NO_PROCMAP_QUERY", "1", 1);
		lo = hi = 0;
		got = fd_reader_mapping(fd, fake_ring_base(ring),
					fake_ring_control_page(ring), &lo, &hi);
		CU_ASSERT_EQUAL(got, want);
		if (map) {
			CU_ASSERT_EQUAL(lo, (uintptr_t)map);
			CU_ASSERT_EQUAL(hi, (uintptr_t)map + len);
		}
		unsetenv("RINGCHECK_NO_PROCMAP_QUERY");
	}
}

static void test_fd_mapping_found(void)
{
	struct fake_ring_config cfg = { .page_size = 4096, .data_size = 8192,
					.flags = FAKE_RING_READER_MAPS };
	struct fake_ring *ring = fake_ring_new(&cfg, NULL, 0);
	size_t len = cfg.page_size + cfg.data_size;
	uint8_t *rw, *ro;

	CU_ASSERT_PTR_NOT_NULL_FATAL(ring);
	check_both_ways(ring, NULL, 0, -1);
	rw = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED,
		  fake_ring_fd(ring), 0);
	CU_ASSERT_FATAL(rw != MAP_FAILED);
	check_both_ways(ring, rw, len, 1);
	munmap(rw, len);
	ro = mmap(NULL, len, PROT_READ, MAP_SHARED, fake_ring_fd(ring), 0);
	CU_ASSERT_FATAL(ro != MAP_FAILED);
	check_both_ways(ring, ro, len, 0);
	munmap(ro, len);
	check_both_ways(ring, NULL, 0, -1);
	fake_ring_free(ring);
}

void register_fd_mapping_tests(void)
{
	CU_pSuite s = ADD_SUITE("fd_mapping");

	ADD_TEST(s, test_fd_mapping_found);
}
