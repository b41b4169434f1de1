/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small reader of perf.data files as `perf record` writes them (the file
 * format of tools/perf/Documentation/perf.data-file-format.txt): the
 * header, the event attributes and the records of the data section, with
 * samples and sample_id trailers decoded as far as the tests need. The test
 * reads the file itself so that its verdict does not depend on perf's own
 * parser (perf script sorts, and would hide what perf wrote).
 */
#ifndef RINGCHECK_PERF_DATA_H
#define RINGCHECK_PERF_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/perf_event.h>

#define PERF_DATA_MAX_ATTRS	8

/* A perf.data file loaded whole into memory. */
struct perf_data {
	uint8_t			*buf;
	size_t			len;
	struct perf_event_attr	attrs[PERF_DATA_MAX_ATTRS];
	unsigned int		nattrs;
	uint64_t		data_off, data_size;
	char			why[200];	/* the error, if any */
};

/* What a record carries, decoded per its attribute's sample_type. */
struct perf_rec {
	const struct perf_event_header	*hdr;
	uint32_t	pid, tid;	/* TID: sample or sample_id */
	uint64_t	time;		/* TIME, or 0 */
	uint64_t	addr;		/* ADDR (samples) */
	uint64_t	regs_abi;	/* REGS_USER: 0 when none */
	const uint64_t	*regs;		/* popcount(sample_regs_user) */
	uint64_t	stack_size;	/* STACK_USER: the dump's size */
	uint64_t	stack_dyn;	/* and the bytes the kernel filled */
	const uint8_t	*stack;
};

/* Loads path; 0, or -1 with pd->why saying what is wrong with the file. */
int perf_data_load(struct perf_data *pd, const char *path);
void perf_data_free(struct perf_data *pd);

/*
 * Iterates the data section: *off starts at 0; fills rec and returns 1,
 * 0 at the end, -1 on a malformed record (pd->why names it and its offset).
 */
int perf_data_next(struct perf_data *pd, uint64_t *off, struct perf_rec *rec);

/*
 * For showing that the tests' checks can fail: RINGCHECK_PERF_DOCTOR=
 * drop:TYPE or dup:TYPE removes or doubles, in the loaded copy, the middle
 * record of that type (PERF_RECORD_*) whose pid is not 0 or -1. Applied
 * by perf_data_load (a load fails when the doctor changed nothing);
 * returns whether it changed something.
 */
bool perf_data_doctor(struct perf_data *pd, const char *how);

#endif
