// SPDX-License-Identifier: GPL-2.0-only
/*
 * Finding 01 on the real kernel: libperf's perf_mmap__read_done() sets
 * prev to the head it reads then, so a record published after the last
 * perf_mmap__read_event() returned NULL and before read_done is never
 * read. Built against one libperf (make findings builds it for each
 * LIBPERF_VERSIONS) and run as root or with perf_event_paranoid <= 1.
 *
 * The records are COMM records of this thread (prctl(PR_SET_NAME)) on a
 * dummy software event: the kernel writes one per rename, synchronously,
 * so which one is published when is known exactly.
 *
 * Exit: 1 the defect is present, 0 absent, 77 cannot run (no perf events).
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

/* the COMM records of names starting with "rc-" this cycle reads */
static int read_cycle(struct perf_mmap *map, char *seen, size_t len)
{
	union perf_event *ev;
	int n = 0;

	seen[0] = '\0';
	if (perf_mmap__read_init(map) < 0)
		return 0;
	while ((ev = perf_mmap__read_event(map))) {
		if (ev->header.type == PERF_RECORD_COMM &&
		    !strncmp(ev->comm.comm, "rc-", 3)) {
			strncat(seen, ev->comm.comm, len - strlen(seen) - 2);
			strcat(seen, " ");
			n++;
		}
		perf_mmap__consume(map);
	}
	return n;
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
	char first[256], second[256];
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

	prctl(PR_SET_NAME, "rc-early");
	read_cycle(&map, first, sizeof(first));
	/* read_event has returned NULL; the kernel publishes one more */
	prctl(PR_SET_NAME, "rc-late");
	perf_mmap__read_done(&map);
	read_cycle(&map, second, sizeof(second));

	printf("# first cycle: %s; second cycle: %s\n", first,
	       second[0] ? second : "(nothing)");
	if (!strstr(second, "rc-late")) {
		printf("finding 01 present: the COMM record \"rc-late\" "
		       "published before read_done was never read\n");
		return 1;
	}
	printf("finding 01 absent: \"rc-late\" read in the next cycle\n");
	return 0;
}
