/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The reference reader of the perf_event ring buffer: the interface of
 * perf's perf_mmap__read_init/read_event/consume/read_done/push, with the
 * semantics of ringcheck's reader contract.
 *
 * Forward (read-write) rings:
 *	if (ring_reader_read_init(r) == 0) {
 *		while ((ev = ring_reader_read_event(r))) {
 *			use(ev);
 *			ring_reader_consume(r);	// or once after the loop
 *		}
 *		ring_reader_read_done(r);
 *	}
 * Overwrite (backward, read-only) rings: the same without consume, with
 * the event paused (PERF_EVENT_IOC_PAUSE_OUTPUT) around the cycle; records
 * come newest first. ring_reader_push() does a whole cycle into a sink.
 *
 * A record pointer stays valid until the next read_event, consume or
 * read_done. When a cycle stops on bad ring contents, read_init or
 * read_event report it (an error code, or NULL) and ring_reader_fault()
 * says what was wrong and where.
 */
#ifndef RING_READER_H
#define RING_READER_H

#include <stdbool.h>
#include <stdint.h>
#include <ringcheck/reader.h>

struct ring_reader;

struct ring_reader_fault {
	int		code;		/* -errno; 0: no fault */
	char		what[160];	/* what was wrong, in words */
	uint64_t	head;		/* data_head of the cycle */
	uint64_t	prev;		/* where the cycle started */
	uint64_t	pos;		/* counter of the bad record or range */
	uint32_t	size;		/* its size field, when one was read */
};

/* NULL on a description the ring contradicts; *err is -errno. */
struct ring_reader *ring_reader_open(const struct ringcheck_ring *ring,
				     int *err, char *msg, unsigned long msglen);
/* Maps a perf fd (or a file laid out like one) as perf does: read-only
 * for a backward ring, read-write for a forward one; close unmaps it. */
struct ring_reader *ring_reader_map(int fd, unsigned long page_size,
				    unsigned long data_size, bool backward,
				    int *err, char *msg, unsigned long msglen);
void ring_reader_close(struct ring_reader *r);
/* The count a PERF_RECORD_LOST reports; -1 for any other record. */
long long ring_reader_lost(const struct perf_event_header *ev);

/* 0: a range is ready; -EAGAIN: nothing new; -ERANGE, -EBADMSG: fault. */
int ring_reader_read_init(struct ring_reader *r);
/* The next whole record of the range, or NULL at its end or a fault. */
const struct perf_event_header *ring_reader_read_event(struct ring_reader *r);
/* Forward rings: release what was returned (data_tail, store-release). */
void ring_reader_consume(struct ring_reader *r);
/* End the cycle; the next one starts after the last record returned. */
void ring_reader_read_done(struct ring_reader *r);
/* A whole cycle to sink in at most two chunks: 0, 1 nothing new, -1. */
int ring_reader_push(struct ring_reader *r, void *ctx, ringcheck_sink_fn sink);
/* A whole cycle to fn, record by record (LOST counts decoded), until fn
 * returns non-zero; then what was delivered is released: 0, or -1 on a
 * fault at read_init. */
int ring_reader_drain(struct ring_reader *r, void *ctx,
		      ringcheck_record_fn fn);

const struct ring_reader_fault *ring_reader_fault(const struct ring_reader *r);

#endif /* RING_READER_H */
