// SPDX-License-Identifier: GPL-2.0-only
/*
 * When the kernel wakes a reader, counted exactly. Each record is made
 * alone and the ring's readiness probed after it: a record wakes at most
 * once (one perf_output_put_handle() each), and perf_poll() clears what
 * it reports, so the probes count the wakeups one by one.
 *
 * The truth is the rule of the ABI as the kernel writes it
 * (__perf_output_begin() in kernel/events/ring_buffer.c): with records of
 * s bytes and a watermark of W >= s bytes, the m-th wakeup comes with the
 * first record that takes the bytes written strictly past m * W, record
 * floor(m * W / s) + 1; with W < s every record wakes. wakeup_events k
 * (perf_output_sample() in kernel/events/core.c) wakes at every k-th
 * sample and counts nothing else.
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/hw_breakpoint.h>

#include "../kselftest_harness.h"
#include "kring_harness.h"

/* Readiness after a record: poll() or an edge-triggered epoll, 0 timeout. */
static int ready(int fd, int epfd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct epoll_event ev;

	if (epfd >= 0)
		return epoll_wait(epfd, &ev, 1, 0) == 1 &&
		       (ev.events & EPOLLIN);
	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

static int epoll_on(int fd)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
	int epfd = epoll_create1(EPOLL_CLOEXEC);

	if (epfd >= 0 && epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev)) {
		close(epfd);
		return -1;
	}
	return epfd;
}

/* The wakeups n records of s bytes get from a byte watermark of w. */
static unsigned int by_bytes(unsigned int n, unsigned int s, unsigned int w)
{
	unsigned int m = 1;

	if (w < s)
		return n;
	while ((unsigned long)m * w / s + 1 <= n)
		m++;
	return m - 1;
}

struct byte_case {
	const char	*what;
	bool		backward, overwrite, use_epoll;
	uint32_t	watermark;	/* 0: the default, half the ring */
	unsigned int	namelen, n;
};

static const struct byte_case byte_cases[] = {
	{ "default half, fwd-ro, poll", false, true, false, 0, 7, 300 },
	{ "default half, fwd-rw consumed, epoll", false, false, true, 0, 15, 300 },
	{ "default half, bwd-ro, poll", true, true, false, 0, 7, 300 },
	{ "2 records, fwd-ro, poll", false, true, false, 80, 7, 40 },
	{ "3 records, fwd-rw consumed, epoll", false, false, true, 144, 15, 40 },
	{ "one record, bwd-ro, epoll", true, true, true, 40, 7, 40 },
	{ "1 byte: every record, poll", false, true, false, 1, 7, 40 },
	{ "100 bytes, bwd-ro, epoll", true, true, true, 100, 15, 90 },
	{ "above the ring: capped, fwd-ro, poll", false, true, false, 100000, 7, 300 },
};

/* COMM records of one size, probed after each; fwd-rw rings consumed. */
TEST(watermark_counts)
{
	char name[16];
	unsigned int c, i;

	for (c = 0; c < sizeof(byte_cases) / sizeof(byte_cases[0]); c++) {
		const struct byte_case *bc = &byte_cases[c];
		unsigned int s = comm_size(bc->namelen), got = 0, w, want;
		struct perf_event_attr attr;
		struct kring k;
		int epfd;

		kring_comm_attr(&attr, bc->backward);
		attr.watermark = !!bc->watermark;
		attr.wakeup_watermark = bc->watermark;
		KRING_OPEN(&k, &attr, 1, bc->overwrite);
		epfd = bc->use_epoll ? epoll_on(k.fd) : -1;
		ASSERT_TRUE(!bc->use_epoll || epfd >= 0);
		kring_enable(&k);
		for (i = 0; i < bc->n; i++) {
			snprintf(name, sizeof(name), "%0*u", bc->namelen, i);
			prctl(PR_SET_NAME, name);
			got += ready(k.fd, epfd);
			if (!bc->overwrite)
				kring_set_tail(&k, kring_head(&k));
		}
		/* ring_buffer_init(): at most the data area, 0 is half */
		w = !bc->watermark ? k.data_size / 2 :
		    bc->watermark > k.data_size ? k.data_size : bc->watermark;
		want = by_bytes(bc->n, s, w);
		EXPECT_EQ(want, got) TH_LOG("%s: %u records of %u bytes, "
					    "watermark %u", bc->what, bc->n,
					    s, w);
		if (epfd >= 0)
			close(epfd);
		kring_close(&k);
	}
}

static volatile uint64_t watched;

/* A write watchpoint on watched, sampling every store, COMMs as well. */
static void sample_attr(struct perf_event_attr *attr, uint32_t wakeup_events)
{
	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->type = PERF_TYPE_BREAKPOINT;
	attr->bp_type = HW_BREAKPOINT_W;
	attr->bp_addr = (uint64_t)(uintptr_t)&watched;
	attr->bp_len = HW_BREAKPOINT_LEN_8;
	attr->sample_period = 1;
	attr->sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID;
	attr->comm = 1;
	attr->disabled = 1;
	attr->exclude_kernel = 1;
	attr->exclude_hv = 1;
	attr->wakeup_events = wakeup_events;
}

/*
 * wakeup_events k: n samples, each after a COMM, wake n / k times; the
 * bytes (n * 48) stay below the default watermark (2048 of 4096) so no
 * byte wakeup mixes in. k = 0 wakes nobody: the kernel tests
 * "if (wakeup_events)" (findings/60).
 */
TEST(wakeup_events_count_samples_only)
{
	static const uint32_t ks[] = { 1, 2, 3, 7, 0 };
	const unsigned int n = 28;
	unsigned int c, i;

	for (c = 0; c < sizeof(ks) / sizeof(ks[0]); c++) {
		struct perf_event_attr attr;
		unsigned int got = 0, want;
		struct kring k;
		int epfd;

		sample_attr(&attr, ks[c]);
		KRING_OPEN(&k, &attr, 1, true);
		ASSERT_EQ(4096, k.data_size);
		epfd = c % 2 ? epoll_on(k.fd) : -1;
		kring_enable(&k);
		for (i = 0; i < n; i++) {
			prctl(PR_SET_NAME, "abcdefg");	/* 24 bytes */
			got += ready(k.fd, epfd);
			kring_store_deep(&watched, 1);	/* 24 bytes */
			got += ready(k.fd, epfd);
		}
		want = ks[c] ? n / ks[c] : 0;
		EXPECT_EQ(want, got) TH_LOG("wakeup_events %u, %u samples and "
					    "%u COMMs, by %s", ks[c], n, n,
					    epfd >= 0 ? "epoll" : "poll");
		EXPECT_EQ(n * 48, kring_head(&k));
		if (epfd >= 0)
			close(epfd);
		kring_close(&k);
	}
}

/* Paused output and a disabled event neither write nor wake. */
TEST(paused_and_disabled_do_not_wake)
{
	struct perf_event_attr attr;
	unsigned int i, got = 0;
	struct kring k;

	kring_comm_attr(&attr, false);
	attr.watermark = 1;
	attr.wakeup_watermark = 1;	/* otherwise every record wakes */
	KRING_OPEN(&k, &attr, 1, true);
	for (i = 0; i < 10; i++) {	/* still disabled */
		prctl(PR_SET_NAME, "disabled");
		got += ready(k.fd, -1);
	}
	kring_enable(&k);
	ASSERT_EQ(0, kring_pause(&k, true));
	for (i = 0; i < 10; i++) {
		prctl(PR_SET_NAME, "paused");
		got += ready(k.fd, -1);
	}
	EXPECT_EQ(0, got);
	EXPECT_EQ(0, kring_head(&k));
	ASSERT_EQ(0, kring_pause(&k, false));
	prctl(PR_SET_NAME, "resumed");	/* a LOST, then the COMM */
	EXPECT_EQ(1, ready(k.fd, -1));
	kring_close(&k);
}

TEST_HARNESS_MAIN
