/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A perf.data file tallied against a workload: each record given to the
 * workload's decoder, which names its sequence number; what came twice,
 * out of order, with wrong bytes, or never; the kernel's and perf's lost
 * counts. The verdicts on a tally are the tests' (perf_record_test.c).
 */
#ifndef RINGCHECK_PERF_TALLY_H
#define RINGCHECK_PERF_TALLY_H

#include <stdint.h>

#include "perf_data.h"

/* perf's own record after each round of ring reads (tools/perf/util/event.h) */
#define PERF_RECORD_FINISHED_ROUND	68
#define MAX_SEQ		4096

/* What the workload's records were; -1 when a record is not one of them. */
typedef long (*seq_of_fn)(const struct perf_rec *r, void *ctx,
			  char *err, size_t len);

struct tally {
	uint8_t		seen[MAX_SEQ];	/* times each sequence number came */
	long		order[MAX_SEQ];	/* in file order */
	unsigned int	norder;
	unsigned int	dups, unexpected, bad_bytes, out_of_order;
	unsigned int	push_dups;	/* of those, perf_mmap__push's */
	uint64_t	lost, lost_samples;
	uint32_t	largest;	/* the largest kernel record */
	uint64_t	ring_bytes;	/* their total */
	uint64_t	seq_bytes;	/* the workload's records' total */
	unsigned int	synthesized;	/* records perf made up, not counted */
	char		first_err[240];
};

/*
 * Reads path, giving each record to seq_of; 0, or -1 with the reason in
 * t->first_err when the file itself cannot be read.
 */
int tally_file(struct tally *t, const char *path, seq_of_fn seq_of,
	       void *ctx, unsigned long n_expected);

/* The records lost, by the kernel's and perf's counts. */
uint64_t lost_count(const struct tally *t);

/* How many of the sequence numbers lo..hi never came. */
unsigned int missing(const struct tally *t, unsigned long lo,
		     unsigned long hi);

#endif
