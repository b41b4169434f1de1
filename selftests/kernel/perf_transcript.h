/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The text perf's live consumers print (perf trace's lines, perf top's
 * screens, what the Python binding's reader prints), loaded as lines, and
 * the verdict on a numbered stream (perf_workload.c's records 1..N and
 * the flush N+1) read in ring order: each record once, ascending, every
 * gap exactly the LOST reported in it, delivered + lost = N.
 */
#ifndef RINGCHECK_PERF_TRANSCRIPT_H
#define RINGCHECK_PERF_TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct transcript {
	char		**line;
	unsigned int	nlines;
	char		why[200];
};

/*
 * Loads path's lines. RINGCHECK_PERF_DOCTOR= shows that the checks fail:
 * drop-line, dup-line, swap-lines (the middle line holding record_mark,
 * and the one after it) or lost+1 (a "1" written before the count that
 * follows the first lost_mark: LOST 37 becomes LOST 137) changes the
 * copy loaded; a doctor that changed nothing fails the load. 0, or -1
 * with the reason in t->why.
 */
int transcript_load(struct transcript *t, const char *path,
		    const char *record_mark, const char *lost_mark);
void transcript_free(struct transcript *t);

/* A numbered stream in ring order: a record's number, or a LOST count. */
struct seq_event {
	long		seq;	/* -1: a LOST record */
	uint64_t	lost;
};

struct seq_verdict {
	unsigned long	delivered, lost, n;
	unsigned int	dups, out_of_order, unexpected, bad_gaps;
	bool		flushed;	/* N+1 came, last */
	char		first_err[240];
};

/* The verdict on events[0..count) for records 1..n and the flush n+1. */
void seq_check(const struct seq_event *ev, unsigned int count,
	       unsigned long n, struct seq_verdict *v);

/* The number of records expected: n, or n + 1 when RINGCHECK_PERF_DOCTOR=
 * more (a doctored expectation). */
unsigned long expected_records(unsigned long n);

#endif
