// SPDX-License-Identifier: GPL-2.0-only
/*
 * Finding 07 on the real kernel: before 6.7, libperf's perf_mmap__read()
 * copies a record that crosses the end of the data area into a fixed
 * event_copy of sizeof(union perf_event) (4168 bytes): a larger record is
 * returned with stale bytes after byte 4168. Built against one libperf
 * (make findings builds it for each LIBPERF_VERSIONS) and run as root or
 * with perf_event_paranoid <= 1.
 *
 * The records are page-fault samples of this thread with an 8 KiB
 * PERF_SAMPLE_STACK_USER dump (8240 bytes each) in a ring of 4 pages, read
 * after every fault: the second one crosses the end of the data area.
 * Each record libperf returns is compared with the ring's own bytes at its
 * position, put together from the mapping in two pieces (the truth).
 *
 * Exit: 1 the defect is present, 0 absent, 77 cannot run (no perf events),
 * 2 no record crossed the end (nothing was tested).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>
#include <perf/core.h>
#include <perf/event.h>
#include <perf/mmap.h>
#include <internal/lib.h>
#include <internal/mmap.h>

#define DATA_PAGES	4
#define FAULTS		6

/* The ring's bytes [pos, pos + len), across the end of the data area. */
static void ring_bytes(const uint8_t *data, uint64_t mask, uint64_t pos,
		       uint8_t *out, size_t len)
{
	size_t off = pos & mask, first = mask + 1 - off;

	if (first > len)
		first = len;
	memcpy(out, data + off, first);
	memcpy(out + first, data, len - first);
}

int main(void)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr), .type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_PAGE_FAULTS, .sample_period = 1,
		.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID |
			       PERF_SAMPLE_TIME | PERF_SAMPLE_STACK_USER,
		.sample_stack_user = 8192, .disabled = 1,
		.exclude_kernel = 1, .exclude_hv = 1,
	};
	long pg = sysconf(_SC_PAGESIZE);
	uint8_t *want = malloc(65536), *mem;
	int crossed = 0, bad = 0, i, fd;
	struct perf_mmap map;
	union perf_event *ev;
	void *base;

	fd = syscall(__NR_perf_event_open, &attr, 0, -1, -1, 0);
	if (fd < 0) {
		perror("# skip: perf_event_open");
		return 77;
	}
	base = mmap(NULL, (1 + DATA_PAGES) * pg, PROT_READ | PROT_WRITE,
		    MAP_SHARED, fd, 0);
	mem = mmap(NULL, FAULTS * pg, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED || mem == MAP_FAILED || !want) {
		perror("# skip: mmap");
		return 77;
	}
	libperf_init(NULL);	/* sets libperf's page_size */
	/* as perf_evlist__mmap() sets it up (refcnt 2: consume never unmaps) */
	memset(&map, 0, sizeof(map));
	perf_mmap__init(&map, NULL, false, NULL);
	map.base = base;
	map.mask = DATA_PAGES * pg - 1;
	refcount_set(&map.refcnt, 2);
	/* read first: the write below is then one fault a page */
	for (i = 0; i < FAULTS; i++)
		(void)((volatile uint8_t *)mem)[i * pg];

	for (i = 0; i < FAULTS && !bad; i++) {
		ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
		((volatile uint8_t *)mem)[i * pg] = 1;
		ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
		if (perf_mmap__read_init(&map) < 0)
			continue;
		for (;;) {
			uint64_t pos = map.start;
			size_t size;

			ev = perf_mmap__read_event(&map);
			if (!ev)
				break;
			size = ev->header.size;
			if ((pos & map.mask) + size > map.mask + 1)
				crossed++;
			ring_bytes((uint8_t *)base + pg, map.mask, pos, want,
				   size);
			if (memcmp(ev, want, size)) {
				size_t b = 0;

				while (((uint8_t *)ev)[b] == want[b])
					b++;
				printf("# a record of %zu bytes at %llu "
				       "differs from the ring at byte %zu\n",
				       size, (unsigned long long)pos, b);
				bad = 1;
				break;
			}
			perf_mmap__consume(&map);
		}
		perf_mmap__read_done(&map);
	}
	if (bad) {
		printf("finding 07 present: a wrapped record over 4168 bytes "
		       "has stale bytes\n");
		return 1;
	}
	if (!crossed) {
		printf("# no record crossed the end of the data area\n");
		return 2;
	}
	printf("finding 07 absent: %d records across the end, each the "
	       "ring's bytes\n", crossed);
	return 0;
}
