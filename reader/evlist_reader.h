/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The reference merged reader: the rings of an event list read in rounds
 * through ring_reader, merged by time with the semantics of perf's ordered
 * events (tools/perf/util/ordered-events.c): after a round that read
 * anything, the records with a timestamp at or below the highest one read
 * up to the previous such round are delivered, in (time, read order); the
 * rest wait for a later round or the final flush.
 *
 *	r = evlist_reader_open(&evlist, msg, sizeof(msg));
 *	while (running)
 *		evlist_reader_round(r, ctx, deliver);
 *	evlist_reader_round(r, ctx, deliver);
 *	evlist_reader_flush(r, ctx, deliver);
 *	evlist_reader_close(r);
 */
#ifndef EVLIST_READER_H
#define EVLIST_READER_H

#include <stddef.h>
#include <stdint.h>
#include <ringcheck/evlist.h>

struct evlist_reader;

/* NULL with a message: no TIME in sample_type, a ring refused. */
struct evlist_reader *evlist_reader_open(const struct ringcheck_evlist *ev,
					 char *msg, size_t msglen);
void evlist_reader_close(struct evlist_reader *r);
/* One round; 0, a callback's nonzero return, -errno (a ring's fault:
 * evlist_reader_error() says which ring and what). */
int evlist_reader_round(struct evlist_reader *r, void *ctx,
			ringcheck_evlist_record_fn deliver);
int evlist_reader_flush(struct evlist_reader *r, void *ctx,
			ringcheck_evlist_record_fn deliver);
const char *evlist_reader_error(const struct evlist_reader *r);

/*
 * The PERF_SAMPLE_TIME of a record with attr.sample_id_all: among the
 * sample fields of a PERF_RECORD_SAMPLE, in the sample_id trailer of any
 * other record. -1 when the record is too short to hold it.
 */
int evlist_record_time(uint64_t sample_type,
		       const struct perf_event_header *rec, uint64_t *time);

#endif /* EVLIST_READER_H */
