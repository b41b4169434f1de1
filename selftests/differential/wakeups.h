/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The wakeups of the differential test: after every step, whether the
 * kernel made the ring ready (POLLIN) is probed, and compared with
 * fake_ring's prediction.
 *
 * perf_poll() hands back rb->poll and clears it (atomic_xchg), for poll()
 * and for epoll's ep_item_poll() alike: a wakeup is seen by one probe,
 * whichever comes first. So each step is probed once, with poll() (zero
 * timeout) or with an edge-triggered epoll (zero timeout), the seed
 * chooses which; fake_ring_poll() is the prediction of both.
 */
#ifndef RINGCHECK_DIFF_WAKEUPS_H
#define RINGCHECK_DIFF_WAKEUPS_H

#include <stdbool.h>
#include <stddef.h>

#include "fake_ring.h"
#include "kernel_side.h"

struct wake_stats {
	unsigned long	probes;		/* steps probed */
	unsigned long	epoll_edges;	/* epoll reports of POLLIN */
	unsigned long	poll_ready;	/* poll()s that saw POLLIN */
	unsigned long	predicted;	/* wakeups fake_ring fired */
};

/* An epoll instance watching the event, edge-triggered: fd or -1. */
int wake_epoll_open(int perf_fd);
/* The wakeup settings of s in fake_ring's configuration. */
int wake_configure(struct fake_ring *f, const struct seq *s);
/*
 * Probes the kernel's readiness after step (epoll or poll, as s says) and
 * compares it with fake_ring_poll(f). 0 equal, 1 with what differs in why,
 * -1 a probe that failed (in why).
 */
int wake_compare(int perf_fd, int epfd, struct fake_ring *f,
		 const struct seq *s, unsigned int step, struct wake_stats *st,
		 char *why, size_t len);

#endif /* RINGCHECK_DIFF_WAKEUPS_H */
