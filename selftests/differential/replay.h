/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fake_ring side: each operation's records, built from what the test
 * knows independently of both rings (the seed's names and sizes, this
 * process's pid/tid, the event id, the mapping addresses), written into
 * fake_ring; and the comparison of the two rings after each step.
 *
 * Fields neither side can predict (timestamps, sample IPs, the bytes of a
 * stack dump) are zero in the replay and left out of the comparison:
 * every other byte of every whole record is compared.
 */
#ifndef RINGCHECK_DIFF_REPLAY_H
#define RINGCHECK_DIFF_REPLAY_H

#include <stddef.h>

#include "fake_ring.h"
#include "kernel_side.h"

int replay_op(struct fake_ring *f, const struct kside *ks,
	      const struct seq *s, unsigned int step);
/* What the comparisons covered, so that a run shows what it exercised. */
struct replay_stats {
	unsigned long	records;	/* whole records compared */
	unsigned long	lost;		/* of them LOST records */
	unsigned long	wrapped;	/* sequences past the end of the ring */
	unsigned long	dropped;	/* records the writer dropped */
};

/*
 * 0 if data_head, data_tail and the compared bytes of every whole record
 * of f equal the kernel's; 1 with what differs in why otherwise.
 */
int replay_compare(const struct kside *ks, const struct fake_ring *f,
		   const struct seq *s, struct replay_stats *st, char *why,
		   size_t len);

#endif /* RINGCHECK_DIFF_REPLAY_H */
