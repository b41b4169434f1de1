// SPDX-License-Identifier: GPL-2.0-only
/*
 * The stress test's forward rounds: a writer that waits for space (or, in
 * lossy rounds, writes bursts without waiting, so records drop and LOST
 * records must account for each), and a reader consuming after every
 * record, once a cycle, or draining through its callback.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/capabilities.h"
#include "stress_common.h"
#include "stress_rounds.h"

/* Room for the record and a LOST record before it, so nothing drops. */
static bool wait_for_space(struct stress *s, unsigned int size)
{
	unsigned int spins = 0;

	for (;;) {
		uint64_t used = fake_ring_data_head(s->ring) -
				fake_ring_data_tail(s->ring);

		if (used + size + 2 * FAKE_RING_LOST_SIZE <= DATA_SIZE)
			return true;
		if (stopped(s))
			return false;
		relax(&spins);
	}
}

void *forward_writer(void *arg)
{
	struct stress *s = arg;
	uint8_t *rec = malloc(FAKE_RING_MAX_RECORD);
	uint64_t i;

	for (i = 0; rec && i < s->count && !stopped(s); i++) {
		uint64_t k = s->first + i;
		unsigned int size = record_size(s, k);
		/* lossy rounds: bursts of 512 written without waiting; the
		 * last record always waits, so every drop gets reported */
		bool wait = !s->lossy || i + 1 == s->count || (i & 4095) >= 512;

		make_record(rec, k, size);
		if (wait && !wait_for_space(s, size))
			break;
		if (fake_ring_write(s->ring, rec, size, NULL) < 0) {
			writer_error(s);
			break;
		}
	}
	free(rec);
	return NULL;
}

/* One forward record: the next expected one, or a LOST closing a gap. */
static int check_forward(struct stress *s, const struct perf_event_header *h,
			 uint64_t *next, uint8_t *want)
{
	uint64_t end = s->first + s->count, lost;

	if (h->type == PERF_RECORD_LOST) {
		if (h->size < FAKE_RING_LOST_SIZE)
			return fail(s, "LOST record of %u bytes", h->size);
		memcpy(&lost, (const uint8_t *)h + 16, sizeof(lost));
		if (!lost || lost > end - *next)
			return fail(s, "LOST(%llu) before record %llu: %llu "
				    "records are left to write",
				    (unsigned long long)lost,
				    (unsigned long long)*next,
				    (unsigned long long)(end - *next));
		*next += lost;
		count(&s->res->lost, lost);
		count(&s->res->records, lost);
		return 0;
	}
	if (*next == end)
		return fail(s, "a record (type %u, %u bytes) after the last "
			    "one written", h->type, h->size);
	if (check_sample(s, h, *next, want))
		return 1;
	(*next)++;
	count(&s->res->records, 1);
	return 0;
}

/* What a forward pass has checked so far, for either entry. */
struct forward_pass {
	struct stress	*s;
	uint64_t	 next;		/* the next record expected */
	uint8_t		*want;
	bool		 any;		/* a record in this cycle */
	int		 failed;
};

/* drain's callback: the same checks as read_event's records. */
static int drain_record(void *ctx, const struct perf_event_header *h,
			long long lost)
{
	struct forward_pass *f = ctx;
	uint64_t count;

	if (f->failed)
		return 1;	/* it went on after a stop: the first stands */
	if (!h)
		return f->failed = fail(f->s, "drain handed over a NULL "
					"record");
	f->any = true;
	if (lost >= 0) {
		memcpy(&count, (const uint8_t *)h + 16, sizeof(count));
		if (h->type != PERF_RECORD_LOST || (uint64_t)lost != count)
			return f->failed = fail(f->s, "drain decoded a LOST "
						"count of %lld from a record "
						"of type %u", lost, h->type);
	}
	return f->failed = check_forward(f->s, h, &f->next, f->want);
}

static int pull_cycle(struct forward_pass *f, void *r)
{
	struct stress *s = f->s;
	const struct perf_event_header *h;
	int rc = s->ops->read_init(r);

	if (rc == -EAGAIN)
		return 0;
	if (rc)
		return fail(s, "read_init returned %d before record %llu", rc,
			    (unsigned long long)f->next);
	while ((h = s->ops->read_event(r))) {
		f->any = true;
		if (check_forward(s, h, &f->next, f->want))
			return 1;
		if (s->pattern == STRESS_CONSUME_EACH)
			s->ops->consume(r);
	}
	if (s->pattern == STRESS_CONSUME_CYCLE)
		s->ops->consume(r);
	s->ops->read_done(r);
	return 0;
}

int read_forward(struct stress *s, void *r, uint8_t *want)
{
	struct forward_pass f = { .s = s, .next = s->first, .want = want };
	uint64_t end = s->first + s->count;
	unsigned int spins = 0;
	int rc;

	while (f.next < end && !stopped(s)) {
		f.any = false;
		if (s->pattern != STRESS_DRAIN) {
			if (pull_cycle(&f, r))
				return 1;
		} else {
			rc = reader_drain(s->ops)(r, &f, drain_record);
			if (f.failed)
				return 1;
			if (rc)
				return fail(s, "drain returned %d before "
					    "record %llu", rc,
					    (unsigned long long)f.next);
		}
		if (!f.any)
			relax(&spins);
	}
	return 0;
}

/* After the round: the ledger must agree, and everything be released. */
int close_forward(struct stress *s)
{
	uint64_t written = fake_ring_count(s->ring, FAKE_RING_WRITTEN);
	uint64_t dropped = fake_ring_count(s->ring, FAKE_RING_DROPPED);
	uint64_t head = fake_ring_data_head(s->ring);
	uint64_t tail = fake_ring_data_tail(s->ring);

	if (written + dropped != s->count)
		return fail(s, "the ledger holds %llu requests, %llu were "
			    "made", (unsigned long long)(written + dropped),
			    (unsigned long long)s->count);
	if (tail != head)
		return fail(s, "data_tail %llu, data_head %llu after the "
			    "last record was consumed",
			    (unsigned long long)tail,
			    (unsigned long long)head);
	return 0;
}
