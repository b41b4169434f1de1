// SPDX-License-Identifier: GPL-2.0-only
/*
 * Samples whose count, size and placement the test controls: anonymous
 * page faults, hardware breakpoints, MMAP2 records of chosen filename
 * lengths, PERF_SAMPLE_STACK_USER records up to 65528 bytes crossing the
 * end of the data area, and tracepoint RAW samples.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/hw_breakpoint.h>

#include "../kselftest_harness.h"
#include "kring_harness.h"

/* The kernel ABI check after the test's cycles (kring_replay_stream). */
#define EXPECT_REPLAYS(k, got, cycles)					\
	do {								\
		char _why[160] = "";					\
		long _d = kring_replay_stream(k, got, cycles, _why,	\
					      sizeof(_why));		\
		if (_d == -2)						\
			TH_LOG("no replay: %s", _why);			\
		else							\
			EXPECT_EQ(-1, _d) TH_LOG("fake_ring: %s", _why);\
	} while (0)

static void sample_attr(struct perf_event_attr *attr, uint32_t type,
			uint64_t config, uint64_t sample_type)
{
	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->type = type;
	attr->config = config;
	attr->sample_period = 1;
	attr->sample_type = sample_type;
	attr->disabled = 1;
	attr->exclude_kernel = 1;
	attr->exclude_hv = 1;
}

/* Exactly one sample per write-touched fresh anonymous page. */
TEST(page_faults_exact)
{
	enum { PAGES = 64 };
	struct perf_event_attr attr;
	struct krecs got = { 0 };
	struct kring k;
	long ps = sysconf(_SC_PAGESIZE);
	uint8_t *mem;
	int hits[PAGES] = { 0 }, i, others = 0;
	struct kcycles cycles = { 0 };
	size_t r;

	sample_attr(&attr, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS,
		    PERF_SAMPLE_TID | PERF_SAMPLE_ADDR);
	KRING_OPEN(&k, &attr, 4, false);
	mem = mmap(NULL, PAGES * ps, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	madvise(mem, PAGES * ps, MADV_NOHUGEPAGE);
	ASSERT_EQ(0, kring_enable(&k));
	for (i = 0; i < PAGES; i++)
		((volatile uint8_t *)mem)[i * ps + 8] = 1;
	ioctl(k.fd, PERF_EVENT_IOC_DISABLE, 0);
	ASSERT_LE(0, kring_cycle(&k, KCYCLE_EACH, &got));
	kcycles_mark(&cycles, &k, &got);
	EXPECT_REPLAYS(&k, &got, &cycles);
	for (r = 0; r < got.n; r++) {
		const struct perf_event_header *h = krecs_at(&got, r);
		uint64_t addr;

		ASSERT_EQ(PERF_RECORD_SAMPLE, h->type);
		ASSERT_EQ(24, h->size);	/* header, TID, ADDR */
		memcpy(&addr, (const uint8_t *)h + 16, 8);
		if (addr >= (uint64_t)mem && addr < (uint64_t)mem + PAGES * ps)
			hits[(addr - (uint64_t)mem) / ps]++;
		else
			others++;
	}
	for (i = 0; i < PAGES; i++)
		EXPECT_EQ(1, hits[i]) TH_LOG("page %d", i);
	if (others)
		TH_LOG("%d faults elsewhere (code, stack)", others);
	munmap(mem, PAGES * ps);
	krecs_free(&got);
	kring_close(&k);
}

static volatile uint64_t watched;

/* A write watchpoint: one 24-byte sample per write. */
TEST(breakpoint_writes)
{
	struct kcycles cycles = { 0 };
	struct perf_event_attr attr;
	struct krecs got = { 0 };
	struct kring k;
	int i;
	size_t r;

	sample_attr(&attr, PERF_TYPE_BREAKPOINT, 0,
		    PERF_SAMPLE_IP | PERF_SAMPLE_TID);
	attr.bp_type = HW_BREAKPOINT_W;
	attr.bp_addr = (uint64_t)&watched;
	attr.bp_len = HW_BREAKPOINT_LEN_8;
	KRING_OPEN(&k, &attr, 1, false);
	ASSERT_EQ(0, kring_enable(&k));
	for (i = 0; i < 100; i++)
		watched = (uint64_t)i;
	ioctl(k.fd, PERF_EVENT_IOC_DISABLE, 0);
	/* 100 x 24 bytes: fewer than a 4 KiB ring holds */
	ASSERT_EQ(100, kring_cycle(&k, KCYCLE_ONCE, &got));
	kcycles_mark(&cycles, &k, &got);
	EXPECT_REPLAYS(&k, &got, &cycles);
	for (r = 0; r < got.n; r++) {
		EXPECT_EQ(PERF_RECORD_SAMPLE, krecs_at(&got, r)->type);
		EXPECT_EQ(24, krecs_at(&got, r)->size);
	}
	krecs_free(&got);
	kring_close(&k);
}

/* MMAP2 records: the size follows the filename's length. */
TEST(mmap2_filename_lengths)
{
	char dir[] = "/tmp/ringcheck-XXXXXX", path[256];
	struct kcycles cycles = { 0 };
	struct perf_event_attr attr;
	struct krecs got = { 0 };
	struct kring k;
	size_t len, r, seen = 0;

	ASSERT_NE(NULL, mkdtemp(dir));
	kring_comm_attr(&attr, false);
	attr.comm = 0;
	attr.mmap = 1;
	attr.mmap2 = 1;
	attr.mmap_data = 1;
	KRING_OPEN(&k, &attr, 4, false);
	ASSERT_EQ(0, kring_enable(&k));
	for (len = 1; len <= 40; len++) {
		int fd;
		void *p;

		snprintf(path, sizeof(path), "%s/%.*s", dir, (int)len,
			 "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq");
		fd = open(path, O_RDWR | O_CREAT, 0600);
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, ftruncate(fd, 4096));
		p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
		ASSERT_NE(MAP_FAILED, p);
		munmap(p, 4096);
		close(fd);
		unlink(path);
	}
	ioctl(k.fd, PERF_EVENT_IOC_DISABLE, 0);
	ASSERT_LE(40, kring_cycle(&k, KCYCLE_EACH, &got));
	kcycles_mark(&cycles, &k, &got);
	EXPECT_REPLAYS(&k, &got, &cycles);
	for (r = 0; r < got.n; r++) {
		const struct perf_event_header *h = krecs_at(&got, r);
		const char *name;
		size_t plen;

		if (h->type != PERF_RECORD_MMAP2)
			continue;
		/* header, pid/tid, addr, len, pgoff, maj/min/ino/ino_gen,
		 * prot/flags, the name padded to 8, TID|TIME */
		name = (const char *)h + 8 + 8 + 24 + 24 + 8;
		if (strncmp(name, dir, strlen(dir)))
			continue;
		plen = strlen(name);
		EXPECT_EQ(8 + 8 + 24 + 24 + 8 + ((plen + 1 + 7) & ~7ul) + 16,
			  h->size);
		EXPECT_EQ(strlen(dir) + 1 + seen + 1, plen);
		seen++;
	}
	EXPECT_EQ(40, seen);
	rmdir(dir);
	krecs_free(&got);
	kring_close(&k);
}

FIXTURE(stack_user) {
	struct kring k;
};

FIXTURE_VARIANT(stack_user) {
	unsigned int	dump;	/* sample_stack_user */
	unsigned int	pages;	/* data pages */
};

/* records of 8240, 61488 and 65528 bytes in rings of 4..32 pages */
FIXTURE_VARIANT_ADD(stack_user, s8k_4p) { .dump = 8192, .pages = 4 };
FIXTURE_VARIANT_ADD(stack_user, s8k_16p) { .dump = 8192, .pages = 16 };
FIXTURE_VARIANT_ADD(stack_user, s60k_16p) { .dump = 61440, .pages = 16 };
FIXTURE_VARIANT_ADD(stack_user, max_32p) { .dump = 65480, .pages = 32 };
/* larger than the ring: dropped every time, no LOST can follow (16) */
FIXTURE_VARIANT_ADD(stack_user, s8k_1p) { .dump = 8192, .pages = 1 };

FIXTURE_SETUP(stack_user)
{
}

FIXTURE_TEARDOWN(stack_user)
{
	kring_close(&self->k);
}

TEST_F(stack_user, large_records_cross_the_end)
{
	struct perf_event_attr attr;
	struct krecs got = { 0 };
	unsigned int size = 48 + variant->dump, n = 12, i;
	struct kcycles cycles = { 0 };
	size_t first;
	long ps = sysconf(_SC_PAGESIZE);
	uint64_t pos = 0;
	uint8_t *mem, *raw = malloc(65536);

	sample_attr(&attr, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS,
		    PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
		    PERF_SAMPLE_STACK_USER);
	attr.sample_stack_user = variant->dump;
	KRING_OPEN(&self->k, &attr, variant->pages, false);
	mem = mmap(NULL, n * ps, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	madvise(mem, n * ps, MADV_NOHUGEPAGE);
	kring_fault_deep(mem + (n - 1) * ps);	/* the stack is resident now */
	/* read each page first (the zero page, and a sanitizer's shadow):
	 * the enabled write is then exactly one fault */
	for (i = 0; i < n; i++)
		(void)((volatile uint8_t *)mem)[i * ps];
	for (i = 0; i < n - 1; i++) {
		size_t r;

		/* enabled around the one fault only: the test's own
		 * bookkeeping must not fault pages into the stream */
		ASSERT_EQ(0, kring_enable(&self->k));
		kring_fault_deep(mem + i * ps);
		ioctl(self->k.fd, PERF_EVENT_IOC_DISABLE, 0);
		first = got.n;
		ASSERT_LE(0, kring_cycle(&self->k, KCYCLE_EACH, &got));
		kcycles_mark(&cycles, &self->k, &got);
		for (r = first; r < got.n; r++) {
			const struct perf_event_header *h = krecs_at(&got, r);
			uint64_t dyn;

			if (size > self->k.data_size) {
				TH_LOG("a record of %u bytes came out of a "
				       "%lu-byte ring", h->size,
				       self->k.data_size);
				ASSERT_TRUE(0);
			}
			/* what the reader returned is the ring, byte for
			 * byte, across the end of the data area */
			kring_peek(&self->k, pos, raw, h->size);
			EXPECT_EQ(0, memcmp(raw, h, h->size));
			pos += h->size;
			/* under valgrind or a sanitizer the process takes
			 * faults of its own: more samples, even a LOST */
			if (h->type == PERF_RECORD_LOST)
				continue;
			ASSERT_EQ(PERF_RECORD_SAMPLE, h->type);
			ASSERT_EQ(size, h->size);
			memcpy(&dyn, (const uint8_t *)h + h->size - 8, 8);
			EXPECT_LE(dyn, variant->dump);
		}
		if (size <= self->k.data_size) {
			EXPECT_LE(first + 1, got.n);
		}
	}
	EXPECT_EQ(pos, kring_head(&self->k));
	EXPECT_REPLAYS(&self->k, &got, &cycles);
	if (size > self->k.data_size) {
		EXPECT_EQ(0, kring_head(&self->k));
	} else {
		EXPECT_LE((n - 1) * size, pos);
	}
	munmap(mem, n * ps);
	free(raw);
	krecs_free(&got);
}

/* RAW: u32 size, then data padded so that 4 + size is a multiple of 8. */
TEST(tracepoint_raw_padding)
{
	static const char *const paths[] = {
		"/sys/kernel/tracing/events/syscalls/sys_enter_getpid/id",
		"/sys/kernel/debug/tracing/events/syscalls/sys_enter_getpid/id",
	};
	struct perf_event_attr attr;
	struct krecs got = { 0 };
	struct kring k;
	FILE *f = NULL;
	unsigned long long id = 0;
	struct kcycles cycles = { 0 };
	size_t i, r;

	if (geteuid())
		SKIP(return, "tracepoints need root");
	for (i = 0; i < 2 && !f; i++)
		f = fopen(paths[i], "r");
	if (!f)
		SKIP(return, "no tracefs with syscalls/sys_enter_getpid");
	ASSERT_EQ(1, fscanf(f, "%llu", &id));
	fclose(f);
	sample_attr(&attr, PERF_TYPE_TRACEPOINT, id,
		    PERF_SAMPLE_TID | PERF_SAMPLE_RAW);
	attr.exclude_kernel = 0;
	KRING_OPEN(&k, &attr, 2, false);
	ASSERT_EQ(0, kring_enable(&k));
	for (i = 0; i < 50; i++)
		syscall(SYS_getpid);
	ioctl(k.fd, PERF_EVENT_IOC_DISABLE, 0);
	ASSERT_EQ(50, kring_cycle(&k, KCYCLE_EACH, &got));
	kcycles_mark(&cycles, &k, &got);
	EXPECT_REPLAYS(&k, &got, &cycles);
	for (r = 0; r < got.n; r++) {
		const struct perf_event_header *h = krecs_at(&got, r);
		uint32_t raw_size;
		uint16_t common_type;

		memcpy(&raw_size, (const uint8_t *)h + 16, 4);
		memcpy(&common_type, (const uint8_t *)h + 20, 2);
		EXPECT_EQ(0, (4 + raw_size) % 8);
		EXPECT_EQ(8 + 8 + 4 + raw_size, h->size);
		EXPECT_EQ(id, common_type);
	}
	krecs_free(&got);
	kring_close(&k);
}

TEST_HARNESS_MAIN
