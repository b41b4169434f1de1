/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The stress test's parts (engine/stress/): the run's state and what the
 * forward and overwrite rounds share. Not part of any public interface.
 */
#ifndef RINGCHECK_STRESS_COMMON_H
#define RINGCHECK_STRESS_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/perf_event.h>

#include "fake_ring.h"
#include "stress.h"

#define PAGE_SIZE	4096ul
#define DATA_SIZE	131072ul	/* holds two of the largest records */
#define MAX_BURST	400u		/* overwrite: records a read */

struct stress {
	const struct ringcheck_reader_ops *ops;
	const struct stress_opts *opts;
	struct stress_result	*res;
	struct fake_ring	*ring;
	enum stress_pattern	 pattern;
	bool			 by_fd;		/* open_fd: the reader maps */
	unsigned int		 min_size;	/* of a record: 8, or 16 */
	uint64_t		 first, count;	/* the round's records */
	bool			 lossy;
	int			 stop;		/* atomic: give up */
	/* overwrite: whose turn (atomic, 1: the reader's), and the
	 * records of the last burst */
	int			 turn;
	uint64_t		 burst;
	char			 werr[STRESS_MSG_LEN];
};

uint64_t mix(uint64_t x);
/* Record k: its size and bytes come from k alone (misc: k's low bits). */
unsigned int record_size(const struct stress *s, uint64_t k);
void make_record(uint8_t *buf, uint64_t k, unsigned int size);
void count(uint64_t *counter, uint64_t n);
/* Records the reader's failure and stops the round: returns 1. */
int fail(struct stress *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void relax(unsigned int *spins);
bool stopped(struct stress *s);
void *writer_error(struct stress *s);
/* The sample handed over is record k, byte for byte (want: scratch). */
int check_sample(struct stress *s, const struct perf_event_header *h,
		 uint64_t k, uint8_t *want);

/* The rounds: each reads until its records are accounted for. */
#endif /* RINGCHECK_STRESS_COMMON_H */
