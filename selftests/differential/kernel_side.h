/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel side of the differential test: one perf event on this thread
 * whose records the test makes one by one (COMM, MMAP, breakpoint samples
 * with an optional STACK_USER dump), its ring mapped in the sequence's
 * mode. Events are enabled only around the operation, so that nothing the
 * test does for itself (allocations, files) adds records.
 */
#ifndef RINGCHECK_DIFF_KERNEL_SIDE_H
#define RINGCHECK_DIFF_KERNEL_SIDE_H

#include <stdint.h>

#include "kring.h"
#include "seq.h"

#define SIDE_MAX_REPEAT	4096

struct kside {
	struct kring	k;
	char		dir[64];	/* where the MMAP files are made */
	bool		samples;	/* breakpoints work here */
	uint32_t	pid, tid;
	/* What an operation produced that is not derived from the seed. */
	uint64_t	addr[SIDE_MAX_REPEAT];	/* MMAP: the mappings */
	uint64_t	tail;			/* CONSUME: the new data_tail */
};

/* 0, KSFT_SKIP (4) with the reason in k.why, or -1 with the error. */
int kside_open(struct kside *ks, const struct seq *s, const char *dir,
	       bool samples);
int kside_do(struct kside *ks, const struct seq *s, unsigned int step);
void kside_close(struct kside *ks);
/* Whether this kernel and its privileges allow watchpoints. */
bool kside_probe_breakpoints(char *why, size_t len);

#endif /* RINGCHECK_DIFF_KERNEL_SIDE_H */
