// SPDX-License-Identifier: GPL-2.0-only
/*
 * Finding 02 on the real kernel: libperf's forward perf_mmap__read_event()
 * reloads data_head before every record, so a cycle is not bounded by the
 * head perf_mmap__read_init() saw: a record the kernel publishes during
 * the cycle is delivered in it. Built against one libperf (make findings
 * builds it for each LIBPERF_VERSIONS) and run as root or with
 * perf_event_paranoid <= 1.
 *
 * The records are COMM records of this thread (prctl(PR_SET_NAME)) on a
 * dummy software event: the kernel writes one per rename, synchronously,
 * so which one is published when is known exactly.
 *
 * Exit: 1 the defect is present, 0 absent, 77 cannot run (no perf events),
 * 2 the kernel did not write what it should have.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>
#include <perf/core.h>
#include <perf/event.h>
#include <perf/mmap.h>
#include <internal/lib.h>
#include <internal/mmap.h>

/* the next COMM record of a name starting with "rc-" in this cycle */
static const char *next_comm(struct perf_mmap *map)
{
	union perf_event *ev;

	while ((ev = perf_mmap__read_event(map))) {
		perf_mmap__consume(map);
		if (ev->header.type == PERF_RECORD_COMM &&
		    !strncmp(ev->comm.comm, "rc-", 3))
			return ev->comm.comm;
	}
	return NULL;
}

int main(void)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr), .type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_DUMMY, .comm = 1,
		.exclude_kernel = 1, .exclude_hv = 1,
	};
	long pg = sysconf(_SC_PAGESIZE);
	struct perf_mmap map;
	const char *got;
	char first[32];
	void *base;
	int fd;

	fd = syscall(__NR_perf_event_open, &attr, 0, -1, -1, 0);
	if (fd < 0) {
		perror("# skip: perf_event_open");
		return 77;
	}
	base = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (base == MAP_FAILED) {
		perror("# skip: mmap");
		return 77;
	}
	libperf_init(NULL);	/* sets libperf's page_size */
	/* as perf_evlist__mmap() sets it up (refcnt 2: consume never unmaps) */
	memset(&map, 0, sizeof(map));
	perf_mmap__init(&map, NULL, false, NULL);
	map.base = base;
	map.mask = pg - 1;
	refcount_set(&map.refcnt, 2);

	prctl(PR_SET_NAME, "rc-in-snapshot");
	if (perf_mmap__read_init(&map) < 0) {
		printf("# read_init found nothing after a rename\n");
		return 2;
	}
	got = next_comm(&map);
	snprintf(first, sizeof(first), "%s", got ? got : "(nothing)");
	if (strcmp(first, "rc-in-snapshot")) {
		printf("# the cycle began with %s, not rc-in-snapshot\n",
		       first);
		return 2;
	}
	/* the cycle's snapshot is taken; the kernel publishes one more */
	prctl(PR_SET_NAME, "rc-after");
	got = next_comm(&map);
	perf_mmap__read_done(&map);

	printf("# in the cycle: %s, then %s\n", first, got ? got : "(nothing)");
	if (got && !strcmp(got, "rc-after")) {
		printf("finding 02 present: \"rc-after\", published after "
		       "read_init's snapshot, came in the same cycle\n");
		return 1;
	}
	printf("finding 02 absent: the cycle ended at its snapshot\n");
	return 0;
}
