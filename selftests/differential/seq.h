/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The differential test's sequences: a ring (mapping mode, data pages,
 * STACK_USER dump size) and a list of operations, all derived from one
 * seed, so that a seed alone replays a sequence.
 */
#ifndef RINGCHECK_DIFF_SEQ_H
#define RINGCHECK_DIFF_SEQ_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define SEQ_MAX_OPS	96

enum seq_mode { MODE_FWD_RW, MODE_FWD_RO, MODE_BWD_RO, MODE_BWD_RW };

enum seq_kind {
	OP_COMM,	/* prctl(PR_SET_NAME) with a name of arg chars */
	OP_MMAP,	/* mmap of a file whose path has arg chars */
	OP_SAMPLE,	/* a write to the watched word: one breakpoint sample */
	OP_CONSUME,	/* data_tail to a record boundary (arg picks which) */
	OP_PAUSE,	/* PERF_EVENT_IOC_PAUSE_OUTPUT 1 */
	OP_RESUME,	/* PERF_EVENT_IOC_PAUSE_OUTPUT 0 */
};

struct seq_op {
	enum seq_kind	kind;
	unsigned int	arg;
	unsigned int	repeat;	/* records of this op, in one go */
};

struct seq {
	uint64_t	seed;
	enum seq_mode	mode;
	unsigned int	pages;		/* data pages: 1, 2, 4 or 8 */
	unsigned int	stack;		/* sample_stack_user, 0: none */
	/* When the kernel wakes the reader: attr.watermark and the union
	 * behind it (wakeup_watermark bytes, or wakeup_events samples). */
	bool		watermark;
	uint32_t	wakeup;
	/* COMMs made with the event disabled after each COMM step: records
	 * and wakeups that must not happen. */
	unsigned int	disabled_comms;
	/* Bit i: step i's readiness is probed with epoll, else with poll. */
	uint8_t		probe_epoll[SEQ_MAX_OPS];
	unsigned int	nops;
	struct seq_op	ops[SEQ_MAX_OPS];
};

static inline bool seq_backward(const struct seq *s)
{
	return s->mode == MODE_BWD_RO || s->mode == MODE_BWD_RW;
}

static inline bool seq_overwrite(const struct seq *s)
{
	return s->mode == MODE_FWD_RO || s->mode == MODE_BWD_RO;
}

/* page_size: the data area is pages * page_size (record counts scale). */
void seq_generate(struct seq *s, uint64_t seed, unsigned long page_size);
const char *seq_mode_name(enum seq_mode mode);
/* "wakeup_watermark 24" or "wakeup_events 3" */
void seq_print_wakeup(FILE *out, const struct seq *s);
void seq_print_op(FILE *out, const struct seq_op *op);
/* The inputs both sides use: the name of a COMM, the file name of an
 * MMAP (rep-th record of step), NUL-terminated, len chars. */
void seq_name(char *buf, unsigned int len, unsigned int step,
	      unsigned int rep);

#endif /* RINGCHECK_DIFF_SEQ_H */
