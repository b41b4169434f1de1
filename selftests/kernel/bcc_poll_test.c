// SPDX-License-Identifier: GPL-2.0-only
/*
 * BCC's own waiting loop, perf_reader_poll() (Debian's libbpfcc), on an
 * event of this thread whose ring it maps itself: a write watchpoint with
 * PERF_SAMPLE_RAW samples, the only records perf_reader hands on (the
 * kernel writes a 4-byte raw payload for an event without raw data).
 *
 * perf_reader_poll() poll()s for POLLIN and drains the rings that have
 * it: the samples it hands on follow the kernel's wakeups exactly. With
 * wakeup_events k, n samples each followed by a zero-timeout
 * perf_reader_poll() are delivered k at a time, n / k times; the rest
 * (below the next wakeup) only by perf_reader_consume(), the final flush
 * a user must call.
 */
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <bcc/perf_reader.h>

#include "../kselftest_harness.h"

static volatile uint64_t watched;

struct tally {
	unsigned int	raw, lost;
};

static void on_raw(void *cookie, void *data, int size)
{
	((struct tally *)cookie)->raw++;
}

static void on_lost(void *cookie, unsigned long lost)
{
	((struct tally *)cookie)->lost++;
}

/* A watchpoint on watched of this thread, sampling every store. */
static int open_watchpoint(uint32_t wakeup_events, bool watermark)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_BREAKPOINT,
		.bp_type = HW_BREAKPOINT_W,
		.bp_addr = (uint64_t)(uintptr_t)&watched,
		.bp_len = HW_BREAKPOINT_LEN_8,
		.sample_period = 1,
		.sample_type = PERF_SAMPLE_RAW,
		.disabled = 1,
		.exclude_kernel = 1,
		.exclude_hv = 1,
		.watermark = watermark,
		.wakeup_events = wakeup_events,	/* or wakeup_watermark */
	};

	return (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1,
			    PERF_FLAG_FD_CLOEXEC);
}

struct poll_case {
	bool		watermark;
	uint32_t	wakeup;		/* wakeup_events, or the watermark */
	unsigned int	wakeups;	/* expected for 40 samples */
};

/*
 * 40 samples of 16 bytes (header, u32 size, 4 bytes): 640 bytes, below
 * the default watermark of a one-page ring (2048), so only wakeup_events
 * wakes; with a watermark of 48 bytes, every third sample after the
 * first three (the m-th wakeup with sample floor(48m / 16) + 1).
 */
static const struct poll_case cases[] = {
	{ false, 1, 40 }, { false, 3, 13 }, { false, 7, 5 }, { false, 0, 0 },
	{ true, 48, 13 },
};

TEST(perf_reader_poll_follows_wakeups)
{
	const unsigned int n = 40;
	unsigned int c, i;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const struct poll_case *pc = &cases[c];
		struct tally t = { 0 };
		unsigned int woken = 0, before;
		struct perf_reader *r;
		int fd = open_watchpoint(pc->wakeup, pc->watermark);

		if (fd < 0)
			SKIP(return, "no write watchpoint here: %s",
			     strerror(errno));
		r = perf_reader_new(on_raw, on_lost, &t, 1);
		ASSERT_NE(NULL, r);
		perf_reader_set_fd(r, fd);
		ASSERT_EQ(0, perf_reader_mmap(r));
		ASSERT_EQ(0, ioctl(fd, PERF_EVENT_IOC_ENABLE, 0));
		for (i = 0; i < n; i++) {
			watched = i;
			before = t.raw;
			perf_reader_poll(1, &r, 0);
			woken += t.raw != before;
		}
		ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
		EXPECT_EQ(pc->wakeups, woken)
			TH_LOG("%s %u: %u samples", pc->watermark ?
			       "wakeup_watermark" : "wakeup_events",
			       pc->wakeup, n);
		if (!pc->watermark)
			EXPECT_EQ(pc->wakeup ? n / pc->wakeup * pc->wakeup : 0,
				  t.raw);
		/* the final flush hands on the rest */
		perf_reader_consume(1, &r);
		EXPECT_EQ(n, t.raw);
		EXPECT_EQ(0, t.lost);
		perf_reader_free(r);
		close(fd);
	}
}

/*
 * The end of a stream: a watchpoint on a child that stores n times and
 * exits, read by a loop of perf_reader_poll() until the child is gone.
 * perf_poll() answers POLLHUP alone after the exit; perf_reader_poll()
 * reads only rings with POLLIN, so the samples below the watermark never
 * come through the loop, which returns at once from then on (findings/62):
 * only perf_reader_consume() gets them. The test asserts that behaviour,
 * so that a BCC that drains on POLLHUP shows here as a change.
 */
TEST(perf_reader_poll_ignores_pollhup)
{
	const unsigned int n = 40;	/* 640 bytes: below the watermark */
	struct tally t = { 0 };
	unsigned int spins = 0, by_loop;
	struct perf_reader *r;
	struct perf_event_attr attr;
	int go[2], fd, status;
	pid_t pid;
	char c;

	ASSERT_EQ(0, pipe(go));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		unsigned int i;

		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		for (i = 0; i < n; i++)
			watched = i;
		_exit(0);
	}
	close(go[0]);
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_BREAKPOINT;
	attr.bp_type = HW_BREAKPOINT_W;
	attr.bp_addr = (uint64_t)(uintptr_t)&watched;	/* the child's too */
	attr.bp_len = HW_BREAKPOINT_LEN_8;
	attr.sample_period = 1;
	attr.sample_type = PERF_SAMPLE_RAW;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	fd = (int)syscall(SYS_perf_event_open, &attr, pid, -1, -1,
			  PERF_FLAG_FD_CLOEXEC);
	if (fd < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		SKIP(return, "no write watchpoint on a child here: %s",
		     strerror(errno));
	}
	r = perf_reader_new(on_raw, on_lost, &t, 1);
	ASSERT_NE(NULL, r);
	perf_reader_set_fd(r, fd);
	ASSERT_EQ(0, perf_reader_mmap(r));
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	/* the loop a user runs, 100 rounds of up to 1 s each */
	while (spins < 100) {
		struct timespec a, b;

		clock_gettime(CLOCK_MONOTONIC, &a);
		perf_reader_poll(1, &r, 1000);
		clock_gettime(CLOCK_MONOTONIC, &b);
		spins++;
		/* it slept (half its timeout): not what POLLHUP gives */
		if ((b.tv_sec - a.tv_sec) * 1000000000L +
		    (b.tv_nsec - a.tv_nsec) > 500000000L)
			break;
	}
	EXPECT_EQ(100, spins) TH_LOG("perf_reader_poll slept after the exit");
	by_loop = t.raw;
	EXPECT_EQ(0, by_loop) TH_LOG("the loop delivered samples after POLLHUP");
	perf_reader_consume(1, &r);
	EXPECT_EQ(n, t.raw);
	TH_LOG("after the exit: %u perf_reader_poll calls returned at once "
	       "with %u samples; perf_reader_consume then gave %u", spins,
	       by_loop, t.raw - by_loop);
	perf_reader_free(r);
	close(fd);
	close(go[1]);
}

TEST_HARNESS_MAIN
