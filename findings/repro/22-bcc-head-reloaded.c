// SPDX-License-Identifier: GPL-2.0-only
/*
 * Finding 22 on the real kernel: BCC's perf_reader_event_read() reloads
 * data_head after every record, so one call also delivers the records
 * published while its callbacks run: the cycle is not bounded by the head
 * it saw when it began. Linked with Debian's libbpfcc (libbcc.so), whose
 * perf_reader is used unmodified, and run as root (raw tracepoint
 * samples).
 *
 * The ring is that of the task:task_rename tracepoint of this thread with
 * sample_type PERF_SAMPLE_RAW, one sample per rename: perf_reader hands
 * on only raw samples, and the kernel writes one per prctl(PR_SET_NAME),
 * synchronously, so which record is published when is known exactly.
 * Three renames are published before the call; the first callback renames
 * twice more ("rc22-late-N"). A reader bounded by its snapshot delivers
 * three records in that call, perf_reader five.
 *
 * Exit: 1 the defect is present, 0 absent, 77 cannot run here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>
#include <bcc/perf_reader.h>

#define PAGES	8

struct seen {
	int	records;	/* raw samples handed on by this call */
	int	late;		/* of them, renames made inside it */
	int	lost;
};

static void rename_to(const char *name)
{
	prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
}

static void on_raw(void *cookie, void *data, int size)
{
	struct seen *s = cookie;

	if (memmem(data, (size_t)size, "rc22-late-", 10))
		s->late++;
	/* publish two records while the call is under way */
	if (s->records++ == 0) {
		rename_to("rc22-late-1");
		rename_to("rc22-late-2");
	}
}

static void on_lost(void *cookie, uint64_t lost)
{
	((struct seen *)cookie)->lost++;
}

static int tracepoint_id(const char *event)
{
	static const char *const roots[] = {
		"/sys/kernel/tracing/events",
		"/sys/kernel/debug/tracing/events",
	};
	char path[256];
	unsigned int i;
	int id = -1;
	FILE *f;

	for (i = 0; i < sizeof(roots) / sizeof(roots[0]) && id < 0; i++) {
		snprintf(path, sizeof(path), "%s/%s/id", roots[i], event);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fscanf(f, "%d", &id) != 1)
			id = -1;
		fclose(f);
	}
	return id;
}

/* The records published now, walked on our own read-only mapping. */
static int published(const struct perf_event_mmap_page *pc, size_t pg)
{
	const uint8_t *data = (const uint8_t *)pc + pg;
	uint64_t tail = pc->data_tail;
	uint64_t head = __atomic_load_n(&pc->data_head, __ATOMIC_ACQUIRE);
	uint64_t size = (uint64_t)pg * PAGES;
	const struct perf_event_header *h;
	int n = 0;

	while (tail != head && n < 1000) {
		h = (const void *)(data + tail % size);
		if (h->size < sizeof(*h))
			return -1;
		n += h->type == PERF_RECORD_SAMPLE;
		tail += h->size;
	}
	return n;
}

int main(void)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr), .type = PERF_TYPE_TRACEPOINT,
		.sample_period = 1, .sample_type = PERF_SAMPLE_RAW,
		.wakeup_events = 1, .disabled = 1,
	};
	size_t pg = (size_t)getpagesize();
	struct seen seen = { 0 };
	struct perf_reader *pr;
	void *view;
	int fd, before, id;

	id = tracepoint_id("task/task_rename");
	if (id < 0) {
		printf("no task:task_rename tracepoint "
		       "(tracefs not mounted?)\n");
		return 77;
	}
	attr.config = (uint64_t)id;
	fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1,
			  PERF_FLAG_FD_CLOEXEC);
	if (fd < 0) {
		printf("perf_event_open(task_rename, PERF_SAMPLE_RAW): %s "
		       "(root needed)\n", strerror(errno));
		return 77;
	}
	pr = perf_reader_new(on_raw, on_lost, &seen, PAGES);
	if (!pr)
		return 2;
	perf_reader_set_fd(pr, fd);	/* perf_reader closes it */
	if (perf_reader_mmap(pr) < 0)
		return 2;
	/* ours, to count what is published: a perf fd may be mapped again */
	view = mmap(NULL, pg * (PAGES + 1), PROT_READ, MAP_SHARED, fd, 0);
	if (view == MAP_FAILED)
		return 2;
	ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
	rename_to("rc22-early-1");
	rename_to("rc22-early-2");
	rename_to("rc22-early-3");
	before = published(view, pg);
	perf_reader_event_read(pr);
	ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
	rename_to("rc22-repro");

	printf("published when perf_reader_event_read() began: %d records; "
	       "it delivered %d (%d renamed inside its callback), %d LOST\n",
	       before, seen.records, seen.late, seen.lost);
	munmap(view, pg * (PAGES + 1));
	perf_reader_free(pr);
	if (before != 3 || seen.lost) {
		printf("unexpected ring contents: cannot judge\n");
		return 2;
	}
	if (seen.late) {
		printf("present: the call went past the head it began with "
		       "(finding 22)\n");
		return 1;
	}
	printf("absent: the call stopped at its snapshot\n");
	return 0;
}
