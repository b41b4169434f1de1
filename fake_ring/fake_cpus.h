/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fake_cpus: N simulated CPUs, one forward perf ring each (fake_ring), all
 * stamped from one global clock. Every record carries the sample_id fields
 * the kernel lays out with attr.sample_id_all: in a PERF_RECORD_SAMPLE at
 * their place among the sample fields, in any other record (and in the
 * LOST records the writer makes) as the trailer at its end. Several events
 * (ids) of one CPU write into that CPU's ring, as after
 * PERF_EVENT_IOC_SET_OUTPUT.
 *
 * Beside each ring's ledger, fake_cpus keeps for every ledger row the
 * truth a merged reader is judged by: the record's timestamp, its event
 * id, and the round before which it was published.
 */
#ifndef FAKE_CPUS_H
#define FAKE_CPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fake_ring.h"

#define FAKE_CPUS_MAX		8
#define FAKE_CPUS_MAX_EVENTS	4
#define FAKE_CPUS_TYPE_SWITCH	14u	/* PERF_RECORD_SWITCH: trailer only */
/* The clock at the start: room for negative skews and offsets. */
#define FAKE_CPUS_EPOCH		(1ull << 30)

/* What a simulated record is. */
enum fake_cpus_kind {
	FAKE_CPUS_SAMPLE,	/* PERF_RECORD_SAMPLE */
	FAKE_CPUS_SWITCH,	/* PERF_RECORD_SWITCH, sample_id trailer */
};

struct fake_cpus_config {
	unsigned int	ncpus;		/* 1 .. FAKE_CPUS_MAX */
	unsigned int	nevents;	/* ids per CPU, 1 .. MAX_EVENTS */
	unsigned long	data_size;	/* of each ring */
	uint64_t	sample_type;	/* PERF_SAMPLE_*: TIME required */
	int64_t		skew[FAKE_CPUS_MAX];	/* added to each CPU's clock */
};

/* The truth about one ledger row of one ring. */
struct fake_cpus_row {
	uint64_t	time;
	uint64_t	id;
	unsigned int	round;	/* visible from this reader round on (1..) */
};

struct fake_cpus;

struct fake_cpus *fake_cpus_new(const struct fake_cpus_config *cfg,
				char *err, size_t errlen);
void fake_cpus_free(struct fake_cpus *fc);

/* The bytes a sample or a trailer of this configuration has. */
unsigned int fake_cpus_min_size(const struct fake_cpus_config *cfg,
				enum fake_cpus_kind kind);
unsigned int fake_cpus_trailer_size(uint64_t sample_type);
/* The id of event e on cpu: distinct over the whole list. */
uint64_t fake_cpus_event_id(unsigned int cpu, unsigned int e);

/* The global clock; time stamps are clock + skew[cpu] + offset. */
void fake_cpus_advance(struct fake_cpus *fc, uint64_t dt);
/*
 * Event e of cpu writes a record of size bytes (a multiple of 8, at least
 * the minimum of its kind) stamped clock + skew + offset: a negative
 * offset is a record whose time was taken before a later record of the
 * same CPU was published (an NMI-style nesting). 0 written, 1 dropped
 * (ring full), -EINVAL.
 */
int fake_cpus_write(struct fake_cpus *fc, unsigned int cpu, unsigned int e,
		    enum fake_cpus_kind kind, unsigned int size,
		    int64_t offset);
/* A CPU going offline writes nothing until it is online again. */
void fake_cpus_set_online(struct fake_cpus *fc, unsigned int cpu, bool on);
/* A reader round begins: later writes are visible from the next one. */
void fake_cpus_round(struct fake_cpus *fc);
unsigned int fake_cpus_rounds(const struct fake_cpus *fc);

unsigned int fake_cpus_count(const struct fake_cpus *fc);
struct fake_ring *fake_cpus_ring(const struct fake_cpus *fc, unsigned int cpu);
/* Row index of cpu's ring ledger; NULL past the end. */
const struct fake_cpus_row *fake_cpus_row(const struct fake_cpus *fc,
					  unsigned int cpu, size_t index);

#endif /* FAKE_CPUS_H */
