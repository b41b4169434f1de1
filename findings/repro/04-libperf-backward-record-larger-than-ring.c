// SPDX-License-Identifier: GPL-2.0-only
/*
 * Finding 04 on the real kernel: in a backward (overwrite) ring, after a
 * record larger than the data area, libperf's overwrite_rb_find_range()
 * walks through the record's payload by whatever sizes it finds there,
 * and perf_mmap__read_event() hands out a "record" made of payload bytes.
 * Built against one libperf (make findings builds it for each
 * LIBPERF_VERSIONS) and run as root or with perf_event_paranoid <= 1.
 *
 * The kernel writes a page-fault sample with an 8 KiB
 * PERF_SAMPLE_STACK_USER dump (8240 bytes) into a backward ring of one
 * page: an overwrite ring never refuses a record, so its bytes wrap over
 * themselves and no whole record of it is left. Then two COMM records
 * (renames of this thread), newer, below it. The stack the sample dumps
 * holds a buffer whose every 8 bytes look like a record header (SAMPLE,
 * 64 bytes), so what a reader finds in the payload is known. A correct
 * reader returns the two COMM records and nothing more: the big record
 * cannot be whole.
 *
 * Exit: 1 the defect is present, 0 absent, 77 cannot run (no perf events),
 * 2 the kernel wrote nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>
#include <perf/core.h>
#include <perf/event.h>
#include <perf/mmap.h>
#include <internal/lib.h>
#include <internal/mmap.h>

#define FAKE_HEADER	0x0040000000000009ull	/* size 64, misc 0, SAMPLE */

/* The fault from under a stack full of record-like words. */
static void __attribute__((__noinline__))
fault_under_pattern(volatile uint8_t *m)
{
	volatile uint64_t pattern[2048];	/* 16 KiB, above the dump's 8 */
	unsigned int i;

	for (i = 0; i < 2048; i++)
		pattern[i] = FAKE_HEADER;
	*m = 1;
	(void)pattern[0];
}

int main(void)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr), .type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_PAGE_FAULTS, .sample_period = 1,
		.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID |
			       PERF_SAMPLE_TIME | PERF_SAMPLE_STACK_USER,
		.sample_stack_user = 8192, .write_backward = 1, .comm = 1,
		.disabled = 1, .exclude_kernel = 1, .exclude_hv = 1,
	};
	long pg = sysconf(_SC_PAGESIZE);
	struct perf_event_mmap_page *pc;
	struct perf_mmap map;
	union perf_event *ev;
	int bad = 0, comms = 0, n = 0, fd;
	uint8_t *mem;
	void *base;

	fd = syscall(__NR_perf_event_open, &attr, 0, -1, -1, 0);
	if (fd < 0) {
		perror("# skip: perf_event_open");
		return 77;
	}
	/* read-only: the kernel overwrites (perf record --overwrite) */
	base = mmap(NULL, 2 * pg, PROT_READ, MAP_SHARED, fd, 0);
	mem = mmap(NULL, pg, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED || mem == MAP_FAILED) {
		perror("# skip: mmap");
		return 77;
	}
	(void)*(volatile uint8_t *)mem;	/* the write is then one fault */
	ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
	fault_under_pattern(mem);
	prctl(PR_SET_NAME, "rc-newer-1");
	prctl(PR_SET_NAME, "rc-newer-2");
	ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
	pc = base;
	if (!pc->data_head) {
		printf("# the kernel wrote nothing into the backward ring\n");
		return 2;
	}
	printf("# data_head %lld (a record of %d bytes in %ld)\n",
	       (long long)pc->data_head, 48 + 8192, pg);

	libperf_init(NULL);	/* sets libperf's page_size */
	/* as perf_evlist__mmap() sets up an overwrite map */
	memset(&map, 0, sizeof(map));
	perf_mmap__init(&map, NULL, true, NULL);
	map.base = base;
	map.mask = pg - 1;
	refcount_set(&map.refcnt, 2);
	if (perf_mmap__read_init(&map) == 0) {
		while ((ev = perf_mmap__read_event(&map))) {
			unsigned int size = ev->header.size;

			n++;
			printf("# record %d: type %u, %u bytes\n", n,
			       ev->header.type, size);
			if (ev->header.type == PERF_RECORD_COMM &&
			    !strncmp(ev->comm.comm, "rc-newer-", 9))
				comms++;
			else
				bad = 1;	/* the big record's payload */
		}
		perf_mmap__read_done(&map);
	}
	if (bad) {
		printf("finding 04 present: %d records after the %d COMM "
		       "records, made of the large sample's payload\n",
		       n - comms, comms);
		return 1;
	}
	if (comms != 2) {
		printf("# %d of the 2 COMM records read: not the state "
		       "this reproducer needs\n", comms);
		return 2;
	}
	printf("finding 04 absent: the 2 COMM records and nothing more\n");
	return 0;
}
