// SPDX-License-Identifier: GPL-2.0-only
/*
 * The end of a stream: an event on a child task whose ring a reader drains
 * only when it is woken. When the task exits, perf_event_exit_event()
 * wakes the event and perf_poll() answers POLLHUP (is_event_hup()), and
 * POLLHUP alone: it does not hand back POLLIN. Every record must still be
 * in the ring then, the last ones below the watermark included, and a
 * reader must drain on POLLHUP and stop.
 */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "kring_harness.h"

#define NAMES	150	/* COMMs of 48 bytes, and an EXIT of 48 */

/* The child: waits for the go, renames itself NAMES times, exits. */
static pid_t start_child(int *go)
{
	int p[2];
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		char c, name[16];
		unsigned int i;

		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(1);
		for (i = 0; i < NAMES; i++) {
			snprintf(name, sizeof(name), "child%05u", i);
			prctl(PR_SET_NAME, name);
		}
		_exit(0);
	}
	close(p[0]);
	*go = p[1];
	return pid;
}

/* Drains [tail, head): the child's COMMs in order, then its EXIT; -1 on
 * anything else. *next counts them. */
static int drain(struct kring *k, unsigned int *next)
{
	uint64_t head = kring_head(k), tail = kring_tail(k);
	char want[16];

	while (tail < head) {
		struct perf_event_header h;
		uint8_t rec[64];

		kring_peek(k, tail, &h, sizeof(h));
		/* the child's EXIT, once, last: attr.comm alone brings it
		 * (perf_event_task_match(), findings/60) */
		if (h.type == PERF_RECORD_EXIT && *next == NAMES) {
			(*next)++;
			tail += h.size;
			continue;
		}
		if (h.type != PERF_RECORD_COMM || h.size > sizeof(rec))
			return -1;
		kring_peek(k, tail, rec, h.size);
		snprintf(want, sizeof(want), "child%05u", *next);
		if (strcmp(krec_comm((const void *)rec), want))
			return -1;
		(*next)++;
		tail += h.size;
	}
	kring_set_tail(k, tail);
	return 0;
}

/*
 * A reader that sleeps only in poll (or epoll) until woken. 4 data pages
 * hold every record ((NAMES + 1) * 48 bytes < 16 KiB), so nothing is lost however
 * the two tasks are scheduled; the watermark decides how many come with
 * POLLIN, and the rest must come with POLLHUP.
 */
static void sleep_only_on_wakeups(struct __test_metadata *_metadata,
				  uint32_t watermark, bool use_epoll)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
	unsigned int next = 0, pollins = 0, after_hup;
	struct perf_event_attr attr;
	bool hup = false;
	struct kring k;
	int go, epfd = -1, status;
	pid_t pid = start_child(&go);

	ASSERT_LT(0, pid);
	kring_comm_attr(&attr, false);
	attr.disabled = 0;
	attr.watermark = !!watermark;
	attr.wakeup_watermark = watermark;
	if (kring_open_on(&k, &attr, 4, false, pid, -1)) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		SKIP(return, "%s", k.why);
	}
	if (use_epoll) {
		epfd = epoll_create1(EPOLL_CLOEXEC);
		ASSERT_EQ(0, epoll_ctl(epfd, EPOLL_CTL_ADD, k.fd, &ev));
	}
	ASSERT_EQ(1, write(go, "g", 1));
	while (!hup) {
		struct pollfd p = { .fd = k.fd, .events = POLLIN };
		unsigned int rev;
		int n;

		/* a stall is a failure, not a hang of the suite */
		if (use_epoll) {
			n = epoll_wait(epfd, &ev, 1, 10000);
			rev = ev.events;
		} else {
			n = poll(&p, 1, 10000);
			rev = (unsigned int)p.revents;
		}
		ASSERT_EQ(1, n) TH_LOG("no wakeup in 10 s: %u of %u records",
				       next, NAMES);
		if (rev & POLLHUP) {
			/* POLLHUP alone: perf_poll() returns before rb->poll */
			EXPECT_EQ(0, rev & POLLIN);
			hup = true;
		} else {
			ASSERT_TRUE(rev & POLLIN);
			pollins++;
		}
		after_hup = next;
		ASSERT_EQ(0, drain(&k, &next)) TH_LOG("record %u", next);
	}
	waitpid(pid, &status, 0);
	close(go);
	EXPECT_EQ(NAMES + 1, next);	/* and the EXIT */
	/* with the default watermark (half of 16 KiB) no record wakes: all
	 * of them arrive with the hangup */
	if (!watermark) {
		EXPECT_EQ(0, pollins);
		EXPECT_EQ(0, after_hup);
	}
	TH_LOG("%u POLLIN wakeups, %u records read after POLLHUP", pollins,
	       NAMES + 1 - after_hup);
	if (epfd >= 0)
		close(epfd);
	kring_close(&k);
}

TEST(hangup_default_watermark_poll)
{
	sleep_only_on_wakeups(_metadata, 0, false);
}

TEST(hangup_default_watermark_epoll)
{
	sleep_only_on_wakeups(_metadata, 0, true);
}

TEST(hangup_watermark_1000_poll)
{
	sleep_only_on_wakeups(_metadata, 1000, false);
}

TEST(hangup_every_record_epoll)
{
	sleep_only_on_wakeups(_metadata, 1, true);
}

TEST_HARNESS_MAIN
