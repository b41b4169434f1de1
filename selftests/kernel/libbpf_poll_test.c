// SPDX-License-Identifier: GPL-2.0-only
/*
 * libbpf's own waiting loop, perf_buffer__poll() (Debian's libbpf-dev),
 * against the kernel's wakeups. perf_buffer opens system-wide events, one
 * a CPU (perf_buffer__new_raw(), no BPF program: a PERF_EVENT_ARRAY map is
 * enough); here one, on CPU 0, sampling the getppid() system call
 * (tracepoint syscalls:sys_enter_getppid), which this process, pinned to
 * CPU 0, makes; other processes rarely do, and their samples are counted
 * apart (and fail the test: the counts would not be exact).
 *
 * perf_buffer__poll() epoll_wait()s (level-triggered) and drains the
 * rings that are ready: with wakeup_events k, n samples each followed by
 * a zero-timeout perf_buffer__poll() are delivered k at a time, n / k
 * times; the rest only by perf_buffer__consume(), the final flush.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../kselftest_harness.h"

/* The tracepoint's id from tracefs (ci/tracefs.sh mounts it), or -1. */
static long tracepoint_id(void)
{
	static const char *const paths[] = {
		"/sys/kernel/tracing/events/syscalls/sys_enter_getppid/id",
		"/sys/kernel/debug/tracing/events/syscalls/sys_enter_getppid/id",
	};
	unsigned int i;
	long id = -1;

	for (i = 0; i < 2 && id < 0; i++) {
		FILE *f = fopen(paths[i], "r");

		if (f && fscanf(f, "%ld", &id) != 1)
			id = -1;
		if (f)
			fclose(f);
	}
	return id;
}

struct tally {
	unsigned int	ours, others;
};

static enum bpf_perf_event_ret on_record(void *ctx, int cpu,
					 struct perf_event_header *h)
{
	struct tally *t = ctx;
	const uint32_t *pid = (const void *)(h + 1);

	if (h->type == PERF_RECORD_SAMPLE && pid[0] == (uint32_t)getpid())
		t->ours++;
	else
		t->others++;
	return LIBBPF_PERF_EVENT_CONT;
}

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	return 0;
}

struct poll_case {
	bool		watermark;
	uint32_t	wakeup;		/* wakeup_events, or the watermark */
	unsigned int	wakeups;	/* expected for 40 samples */
};

/*
 * 40 samples of 16 bytes (header, pid/tid): 640 bytes, below the default
 * watermark of a one-page ring, so only wakeup_events wakes; a watermark
 * of 48 bytes wakes with sample 3m + 1 (the m-th past m * 48 bytes).
 */
static const struct poll_case cases[] = {
	{ false, 1, 40 }, { false, 3, 13 }, { false, 7, 5 }, { false, 0, 0 },
	{ true, 48, 13 },
};

TEST(perf_buffer_poll_follows_wakeups)
{
	const unsigned int n = 40;
	int cpu = 0, key = 0, map_fd;
	long id = tracepoint_id();
	unsigned int c, i;
	cpu_set_t set;

	if (geteuid())
		SKIP(return, "libbpf's perf_buffer opens system-wide events: "
			     "root only");
	if (id < 0)
		SKIP(return, "no tracefs with syscalls:sys_enter_getppid");
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(set), &set));
	libbpf_set_print(libbpf_quiet);
	map_fd = bpf_map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, NULL,
				sizeof(int), sizeof(int), 1, NULL);
	if (map_fd < 0)
		SKIP(return, "bpf_map_create: %s", strerror(errno));
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const struct poll_case *pc = &cases[c];
		LIBBPF_OPTS(perf_buffer_raw_opts, opts);
		struct perf_event_attr attr = {
			.size = sizeof(attr),
			.type = PERF_TYPE_TRACEPOINT,
			.config = (uint64_t)id,
			.sample_period = 1,
			.sample_type = PERF_SAMPLE_TID,
			.watermark = pc->watermark,
			.wakeup_events = pc->wakeup,
		};
		unsigned int woken = 0;
		struct tally t = { 0 };
		struct perf_buffer *pb;
		int ret;

		opts.cpu_cnt = 1;
		opts.cpus = &cpu;
		opts.map_keys = &key;
		pb = perf_buffer__new_raw(map_fd, 1, &attr, on_record, &t,
					  &opts);
		if (!pb) {
			close(map_fd);
			SKIP(return, "perf_buffer__new_raw: %s",
			     strerror(errno));
		}
		for (i = 0; i < n; i++) {
			syscall(SYS_getppid);
			ret = perf_buffer__poll(pb, 0);
			ASSERT_LE(0, ret);
			woken += ret > 0;
		}
		EXPECT_EQ(pc->wakeups, woken)
			TH_LOG("%s %u: %u samples", pc->watermark ?
			       "wakeup_watermark" : "wakeup_events",
			       pc->wakeup, n);
		if (!pc->watermark)
			EXPECT_EQ(pc->wakeup ? n / pc->wakeup * pc->wakeup : 0,
				  t.ours);
		/* the final flush hands on the rest */
		ASSERT_LE(0, perf_buffer__consume(pb));
		EXPECT_EQ(n, t.ours);
		EXPECT_EQ(0, t.others);
		perf_buffer__free(pb);
	}
	close(map_fd);
}

TEST_HARNESS_MAIN
