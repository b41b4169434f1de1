// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reference merged reader. Rounds and flushes as perf does them:
 * builtin-record.c writes a FINISHED_ROUND after a pass over all rings
 * that read something; session.c's process_finished_round() flushes the
 * ordered-events queue up to next_flush, then sets next_flush to the
 * highest timestamp queued so far. A record queued in round r is thus
 * delivered after round r + 1 at the latest (or at the final flush), and
 * no ring, quiet or lapped, holds the others back.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/perf_event.h>

#include "evlist_reader.h"
#include "ring_reader.h"

struct queued {
	uint64_t	time;
	uint64_t	seq;		/* read order: ties keep it */
	unsigned int	ring;
	void		*rec;
};

struct evlist_reader {
	unsigned int		nrings;
	struct ring_reader	**rings;
	uint64_t		sample_type;
	struct queued		*q;
	size_t			nq, capq;
	uint64_t		seq;
	uint64_t		max_time;	/* highest time queued */
	uint64_t		next_flush;	/* after the next round */
	char			error[200];
};

int evlist_record_time(uint64_t sample_type,
		       const struct perf_event_header *rec, uint64_t *time)
{
	static const uint64_t before_time = PERF_SAMPLE_IDENTIFIER |
					    PERF_SAMPLE_IP | PERF_SAMPLE_TID;
	static const uint64_t after_time = PERF_SAMPLE_ID |
					   PERF_SAMPLE_STREAM_ID |
					   PERF_SAMPLE_CPU |
					   PERF_SAMPLE_IDENTIFIER;
	unsigned int off;

	if (!(sample_type & PERF_SAMPLE_TIME))
		return -1;
	if (rec->type == PERF_RECORD_SAMPLE) {
		off = 8 + 8 * __builtin_popcountll(sample_type & before_time);
	} else {
		/* the trailer ends the record: TIME, then what follows it */
		unsigned int tail = 8 + 8 * __builtin_popcountll(sample_type &
								 after_time);
		if (rec->size < 8 + tail)
			return -1;
		off = rec->size - tail;
	}
	if (off + 8 > rec->size)
		return -1;
	memcpy(time, (const uint8_t *)rec + off, 8);
	return 0;
}

struct evlist_reader *evlist_reader_open(const struct ringcheck_evlist *ev,
					 char *msg, size_t msglen)
{
	struct evlist_reader *r;
	unsigned int i;
	int err;

	if (!(ev->sample_type & PERF_SAMPLE_TIME) || !ev->nrings) {
		snprintf(msg, msglen, "evlist: %s", ev->nrings ? "no "
			 "PERF_SAMPLE_TIME: nothing to merge by" : "no rings");
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r || !(r->rings = calloc(ev->nrings, sizeof(*r->rings)))) {
		free(r);
		snprintf(msg, msglen, "evlist: out of memory");
		return NULL;
	}
	r->nrings = ev->nrings;
	r->sample_type = ev->sample_type;
	for (i = 0; i < ev->nrings; i++) {
		/* rounds release what they read: forward rings only */
		if (ev->rings[i].ring.overwrite)
			snprintf(msg, msglen, "evlist: ring %u is an "
				 "overwrite ring", i);
		else
			r->rings[i] = ring_reader_open(&ev->rings[i].ring,
						       &err, msg, msglen);
		if (!r->rings[i]) {
			evlist_reader_close(r);
			return NULL;
		}
	}
	return r;
}

void evlist_reader_close(struct evlist_reader *r)
{
	unsigned int i;
	size_t k;

	if (!r)
		return;
	for (i = 0; i < r->nrings; i++)
		ring_reader_close(r->rings[i]);
	for (k = 0; k < r->nq; k++)
		free(r->q[k].rec);
	free(r->q);
	free(r->rings);
	free(r);
}

const char *evlist_reader_error(const struct evlist_reader *r)
{
	return r->error;
}

static int enqueue(struct evlist_reader *r, unsigned int ring,
		   const struct perf_event_header *ev)
{
	struct queued *e;
	uint64_t time;

	if (evlist_record_time(r->sample_type, ev, &time)) {
		snprintf(r->error, sizeof(r->error), "ring %u: a record of "
			 "type %u, size %u, too short for its timestamp",
			 ring, ev->type, ev->size);
		return -EBADMSG;
	}
	if (r->nq == r->capq) {
		size_t cap = r->capq * 2 + 64;
		void *p = realloc(r->q, cap * sizeof(*r->q));

		if (!p)
			return -ENOMEM;
		r->q = p;
		r->capq = cap;
	}
	e = &r->q[r->nq];
	e->rec = malloc(ev->size);
	if (!e->rec)
		return -ENOMEM;
	memcpy(e->rec, ev, ev->size);
	e->time = time;
	e->seq = r->seq++;
	e->ring = ring;
	r->nq++;
	if (time > r->max_time)
		r->max_time = time;
	return 0;
}

/* One ring up to its snapshot, everything copied out and released. */
static int read_ring(struct evlist_reader *r, unsigned int i, bool *any)
{
	const struct perf_event_header *ev;
	int ret = ring_reader_read_init(r->rings[i]);

	if (ret == -EAGAIN)
		return 0;
	while (!ret && (ev = ring_reader_read_event(r->rings[i]))) {
		ret = enqueue(r, i, ev);
		*any = true;
	}
	if (!ret)
		ret = ring_reader_fault(r->rings[i])->code;
	if (ret) {
		/* the first error is the one to tell */
		if (!r->error[0])
			snprintf(r->error, sizeof(r->error), "ring %u: %s", i,
				 ret == -ENOMEM ? "out of memory" :
				 ring_reader_fault(r->rings[i])->what);
		return ret;
	}
	ring_reader_consume(r->rings[i]);
	ring_reader_read_done(r->rings[i]);
	return 0;
}

static int by_time(const void *a, const void *b)
{
	const struct queued *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Deliver, in (time, read order), every queued record up to limit. */
static int deliver_upto(struct evlist_reader *r, uint64_t limit, void *ctx,
			ringcheck_evlist_record_fn deliver)
{
	size_t k, n = 0;
	int ret = 0;

	if (r->nq)	/* r->q may still be NULL */
		qsort(r->q, r->nq, sizeof(*r->q), by_time);
	while (n < r->nq && r->q[n].time <= limit) {
		const struct queued *e = &r->q[n++];

		ret = deliver(ctx, e->ring, e->rec);
		if (ret)
			break;
	}
	for (k = 0; k < n; k++)
		free(r->q[k].rec);
	memmove(r->q, r->q + n, (r->nq - n) * sizeof(*r->q));
	r->nq -= n;
	return ret;
}

int evlist_reader_round(struct evlist_reader *r, void *ctx,
			ringcheck_evlist_record_fn deliver)
{
	bool any = false;
	unsigned int i;
	int ret;

	for (i = 0; i < r->nrings; i++) {
		ret = read_ring(r, i, &any);
		if (ret)
			return ret;
	}
	/* perf writes no FINISHED_ROUND after a pass that read nothing */
	if (!any)
		return 0;
	ret = deliver_upto(r, r->next_flush, ctx, deliver);
	r->next_flush = r->max_time;
	return ret;
}

int evlist_reader_flush(struct evlist_reader *r, void *ctx,
			ringcheck_evlist_record_fn deliver)
{
	return deliver_upto(r, UINT64_MAX, ctx, deliver);
}
