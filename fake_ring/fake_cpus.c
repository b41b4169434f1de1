// SPDX-License-Identifier: GPL-2.0-only
/*
 * fake_cpus: N simulated CPUs writing N fake rings from one clock. The
 * record layouts follow kernel/events/core.c: perf_output_sample() for a
 * sample's fields, __perf_event__output_id_sample() for the sample_id
 * trailer of every other record (attr.sample_id_all).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/perf_event.h>

#include "fake_cpus.h"

/* The sample fields fake_cpus lays out, each one u64 in the record. */
#define SAMPLE_FIELDS	(PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | \
			 PERF_SAMPLE_TID | PERF_SAMPLE_TIME | \
			 PERF_SAMPLE_ADDR | PERF_SAMPLE_ID | \
			 PERF_SAMPLE_STREAM_ID | PERF_SAMPLE_CPU | \
			 PERF_SAMPLE_PERIOD)
#define TRAILER_FIELDS	(PERF_SAMPLE_TID | PERF_SAMPLE_TIME | \
			 PERF_SAMPLE_ID | PERF_SAMPLE_STREAM_ID | \
			 PERF_SAMPLE_CPU | PERF_SAMPLE_IDENTIFIER)

struct cpu_rows {
	struct fake_cpus_row	*rows;
	size_t			n, cap;
};

struct fake_cpus {
	struct fake_cpus_config	cfg;
	struct fake_ring	*rings[FAKE_CPUS_MAX];
	struct cpu_rows		rows[FAKE_CPUS_MAX];
	bool			offline[FAKE_CPUS_MAX];
	uint64_t		clock;
	uint64_t		seq;
	unsigned int		rounds;
};

/* The values of the sample_id fields of one record. */
struct stamp {
	uint64_t	time, id, seq;
	unsigned int	cpu, event;
};

static unsigned int popcount64(uint64_t x)
{
	return (unsigned int)__builtin_popcountll(x);
}

unsigned int fake_cpus_trailer_size(uint64_t sample_type)
{
	return 8 * popcount64(sample_type & TRAILER_FIELDS);
}

unsigned int fake_cpus_min_size(const struct fake_cpus_config *cfg,
				enum fake_cpus_kind kind)
{
	if (kind == FAKE_CPUS_SAMPLE)
		return 8 + 8 * popcount64(cfg->sample_type & SAMPLE_FIELDS);
	return 8 + fake_cpus_trailer_size(cfg->sample_type);
}

uint64_t fake_cpus_event_id(unsigned int cpu, unsigned int e)
{
	return 0x100 * (uint64_t)(cpu + 1) + e + 1;
}

/* The u64 of one field; TID and CPU hold two u32. */
static uint64_t field(uint64_t bit, const struct stamp *st)
{
	switch (bit) {
	case PERF_SAMPLE_TID:	/* pid, tid: the tid names the record */
		return (uint64_t)(1000 + st->event) |
		       (uint64_t)(uint32_t)st->seq << 32;
	case PERF_SAMPLE_TIME:
		return st->time;
	case PERF_SAMPLE_CPU:	/* cpu, res */
		return st->cpu;
	case PERF_SAMPLE_IP:
		return 0xffffffff81000000ull + st->seq * 16;
	case PERF_SAMPLE_PERIOD:
		return 1;
	default:		/* IDENTIFIER, ID, STREAM_ID, ADDR */
		return st->id;
	}
}

/* Fields of mask, in the order of order[], from p on. */
static uint8_t *put_fields(uint8_t *p, uint64_t mask, const uint64_t *order,
			   size_t n, const struct stamp *st)
{
	size_t k;

	for (k = 0; k < n; k++) {
		if (mask & order[k]) {
			uint64_t v = field(order[k], st);

			memcpy(p, &v, 8);
			p += 8;
		}
	}
	return p;
}

static const uint64_t sample_order[] = {
	PERF_SAMPLE_IDENTIFIER, PERF_SAMPLE_IP, PERF_SAMPLE_TID,
	PERF_SAMPLE_TIME, PERF_SAMPLE_ADDR, PERF_SAMPLE_ID,
	PERF_SAMPLE_STREAM_ID, PERF_SAMPLE_CPU, PERF_SAMPLE_PERIOD,
};
static const uint64_t trailer_order[] = {
	PERF_SAMPLE_TID, PERF_SAMPLE_TIME, PERF_SAMPLE_ID,
	PERF_SAMPLE_STREAM_ID, PERF_SAMPLE_CPU, PERF_SAMPLE_IDENTIFIER,
};

#define N(a)	(sizeof(a) / sizeof((a)[0]))

static void put_trailer(uint8_t *end, uint64_t sample_type,
			const struct stamp *st)
{
	put_fields(end - fake_cpus_trailer_size(sample_type), sample_type,
		   trailer_order, N(trailer_order), st);
}

struct fake_cpus *fake_cpus_new(const struct fake_cpus_config *cfg,
				char *err, size_t errlen)
{
	struct fake_cpus *fc;
	unsigned int c;

	if (cfg->ncpus < 1 || cfg->ncpus > FAKE_CPUS_MAX || cfg->nevents < 1 ||
	    cfg->nevents > FAKE_CPUS_MAX_EVENTS) {
		snprintf(err, errlen, "fake_cpus: %u CPUs, %u events: 1..%d "
			 "CPUs, 1..%d events", cfg->ncpus, cfg->nevents,
			 FAKE_CPUS_MAX, FAKE_CPUS_MAX_EVENTS);
		return NULL;
	}
	if (!(cfg->sample_type & PERF_SAMPLE_TIME) ||
	    (cfg->sample_type & ~(uint64_t)SAMPLE_FIELDS)) {
		snprintf(err, errlen, "fake_cpus: sample_type %#llx: TIME "
			 "required, only fixed-size fields",
			 (unsigned long long)cfg->sample_type);
		return NULL;
	}
	fc = calloc(1, sizeof(*fc));
	if (!fc) {
		snprintf(err, errlen, "fake_cpus: out of memory");
		return NULL;
	}
	fc->cfg = *cfg;
	fc->clock = FAKE_CPUS_EPOCH;
	for (c = 0; c < cfg->ncpus; c++) {
		struct fake_ring_config rc = {
			.page_size	= 4096,
			.data_size	= cfg->data_size,
			.lost_trailer	= fake_cpus_trailer_size(cfg->sample_type),
			.event_id	= fake_cpus_event_id(c, 0),
			.flags		= FAKE_RING_POISON_RELEASED,
		};

		fc->rings[c] = fake_ring_new(&rc, err, errlen);
		if (!fc->rings[c]) {
			fake_cpus_free(fc);
			return NULL;
		}
	}
	return fc;
}

void fake_cpus_free(struct fake_cpus *fc)
{
	unsigned int c;

	if (!fc)
		return;
	for (c = 0; c < FAKE_CPUS_MAX; c++) {
		fake_ring_free(fc->rings[c]);
		free(fc->rows[c].rows);
	}
	free(fc);
}

void fake_cpus_advance(struct fake_cpus *fc, uint64_t dt)
{
	fc->clock += dt;
}

static uint64_t cpu_clock(const struct fake_cpus *fc, unsigned int cpu)
{
	return fc->clock + (uint64_t)fc->cfg.skew[cpu];
}

/* The truth of the ledger rows one write added (a LOST row, the record). */
static int note_rows(struct fake_cpus *fc, unsigned int cpu, size_t from,
		     uint64_t time, uint64_t id, uint64_t lost_time)
{
	struct cpu_rows *cr = &fc->rows[cpu];
	struct fake_ring *ring = fc->rings[cpu];
	size_t i, n = fake_ring_ledger_count(ring);

	if (n > cr->cap) {
		/* malloc, not realloc: the fault tests fail this one alone,
		 * the ledger's reallocs abort */
		size_t cap = n * 2 + 16;
		struct fake_cpus_row *p = malloc(cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		if (cr->rows)
			memcpy(p, cr->rows, cr->n * sizeof(*p));
		free(cr->rows);
		cr->rows = p;
		cr->cap = cap;
	}
	for (i = from; i < n; i++) {
		bool lost = fake_ring_ledger_entry(ring, i)->is_lost;

		cr->rows[i] = (struct fake_cpus_row){
			.time	= lost ? lost_time : time,
			.id	= lost ? fake_cpus_event_id(cpu, 0) : id,
			.round	= fc->rounds + 1,
		};
	}
	cr->n = n;
	return 0;
}

int fake_cpus_write(struct fake_cpus *fc, unsigned int cpu, unsigned int e,
		    enum fake_cpus_kind kind, unsigned int size,
		    int64_t offset)
{
	uint8_t rec[FAKE_RING_MAX_RECORD], trailer[64];
	struct stamp st, lost_st;
	uint64_t type = fc->cfg.sample_type;
	size_t from;
	int ret;

	if (cpu >= fc->cfg.ncpus || e >= fc->cfg.nevents || offset > 0 ||
	    size % 8 || size > FAKE_RING_MAX_RECORD ||
	    size < fake_cpus_min_size(&fc->cfg, kind) ||
	    (uint64_t)-offset > cpu_clock(fc, cpu) || fc->offline[cpu])
		return -EINVAL;
	st = (struct stamp){
		.time	= cpu_clock(fc, cpu) + (uint64_t)offset,
		.id	= fake_cpus_event_id(cpu, e),
		.seq	= ++fc->seq,
		.cpu	= cpu,
		.event	= e,
	};
	if (kind == FAKE_CPUS_SAMPLE) {
		fake_ring_make_record(rec, FAKE_RING_TYPE_SAMPLE, size, st.seq);
		put_fields(rec + 8, type, sample_order, N(sample_order), &st);
	} else {
		fake_ring_make_record(rec, FAKE_CPUS_TYPE_SWITCH, size, st.seq);
		put_trailer(rec + size, type, &st);
	}
	/* A LOST record is stamped when the writer emits it: now, by the
	 * clock of its CPU, with the id of the ring's own event. */
	lost_st = (struct stamp){
		.time	= cpu_clock(fc, cpu),
		.id	= fake_cpus_event_id(cpu, 0),
		.seq	= st.seq,
		.cpu	= cpu,
	};
	put_trailer(trailer + fake_cpus_trailer_size(type), type, &lost_st);
	from = fake_ring_ledger_count(fc->rings[cpu]);
	/* the request is valid here: the ring writes or drops it */
	ret = fake_ring_write(fc->rings[cpu], rec, size, trailer);
	if (note_rows(fc, cpu, from, st.time, st.id, lost_st.time))
		return -ENOMEM;
	return ret;
}

void fake_cpus_set_online(struct fake_cpus *fc, unsigned int cpu, bool on)
{
	if (cpu < fc->cfg.ncpus)
		fc->offline[cpu] = !on;
}

void fake_cpus_round(struct fake_cpus *fc)
{
	fc->rounds++;
}

unsigned int fake_cpus_rounds(const struct fake_cpus *fc)
{
	return fc->rounds;
}

unsigned int fake_cpus_count(const struct fake_cpus *fc)
{
	return fc->cfg.ncpus;
}

struct fake_ring *fake_cpus_ring(const struct fake_cpus *fc, unsigned int cpu)
{
	return cpu < fc->cfg.ncpus ? fc->rings[cpu] : NULL;
}

const struct fake_cpus_row *fake_cpus_row(const struct fake_cpus *fc,
					  unsigned int cpu, size_t index)
{
	if (cpu >= fc->cfg.ncpus || index >= fc->rows[cpu].n)
		return NULL;
	return &fc->rows[cpu].rows[index];
}
