// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "wakeups.h"

int wake_epoll_open(int perf_fd)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
	int epfd = epoll_create1(EPOLL_CLOEXEC);

	if (epfd < 0)
		return -1;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, perf_fd, &ev)) {
		close(epfd);
		return -1;
	}
	return epfd;
}

int wake_configure(struct fake_ring *f, const struct seq *s)
{
	struct fake_ring_config cfg = *fake_ring_config(f);

	cfg.watermark = s->watermark;
	cfg.wakeup = s->wakeup;
	return fake_ring_reconfigure(f, &cfg);
}

/* The kernel's readiness: 1 POLLIN, 0 none, -1 error; other bits in *rev. */
static int probe(int perf_fd, int epfd, bool use_epoll, unsigned int *rev)
{
	struct pollfd p = { .fd = perf_fd, .events = POLLIN };
	struct epoll_event ev;
	int n;

	*rev = 0;
	if (use_epoll) {
		n = epoll_wait(epfd, &ev, 1, 0);
		if (n > 0)
			*rev = ev.events;
	} else {
		n = poll(&p, 1, 0);
		if (n > 0)
			*rev = (unsigned int)p.revents;
	}
	if (n < 0)
		return -1;
	return !!(*rev & POLLIN);
}

int wake_compare(int perf_fd, int epfd, struct fake_ring *f,
		 const struct seq *s, unsigned int step, struct wake_stats *st,
		 char *why, size_t len)
{
	bool use_epoll = s->probe_epoll[step];
	struct fake_ring_wakeups w;
	unsigned int rev;
	int ready = probe(perf_fd, epfd, use_epoll, &rev);
	bool predicted = fake_ring_poll(f);

	fake_ring_wakeup_state(f, &w);
	st->probes++;
	if (ready < 0) {
		snprintf(why, len, "%s: %s", use_epoll ? "epoll_wait" : "poll",
			 strerror(errno));
		return -1;
	}
	if (ready)
		*(use_epoll ? &st->epoll_edges : &st->poll_ready) += 1;
	if (ready == predicted && !(rev & ~(unsigned int)(POLLIN | POLLRDNORM)))
		return 0;
	snprintf(why, len,
		 "readiness (%s): kernel %s (revents 0x%x), fake_ring %s; "
		 "fake_ring: %llu wakeups, watermark %llu, counted to %llu, "
		 "%u of %u samples",
		 use_epoll ? "epoll, edge-triggered" : "poll",
		 ready ? "POLLIN" : "not ready", rev,
		 predicted ? "POLLIN" : "not ready",
		 (unsigned long long)w.fired,
		 (unsigned long long)w.watermark,
		 (unsigned long long)w.wakeup, w.events, w.wakeup_events);
	return 1;
}
