// SPDX-License-Identifier: GPL-2.0-only
/*
 * The stress test's overwrite rounds: a backward read-only ring; the writer
 * writes a burst, pauses output (PERF_EVENT_IOC_PAUSE_OUTPUT) and hands
 * over; the reader reads newest first what is whole and newer than its
 * last cycle.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/capabilities.h"
#include "stress_common.h"
#include "stress_rounds.h"

void *overwrite_writer(void *arg)
{
	struct stress *s = arg;
	uint8_t *rec = malloc(FAKE_RING_MAX_RECORD);
	unsigned int spins = 0;
	uint64_t i = 0;

	while (rec && i < s->count && !stopped(s)) {
		uint64_t n = 1 + mix(s->opts->seed + s->first + i) % MAX_BURST;

		if (n > s->count - i)
			n = s->count - i;
		fake_ring_pause(s->ring, false);
		for (s->burst = 0; s->burst < n; s->burst++, i++) {
			uint64_t k = s->first + i;
			unsigned int size = record_size(s, k);

			make_record(rec, k, size);
			if (fake_ring_write(s->ring, rec, size, NULL)) {
				free(rec);
				return writer_error(s);
			}
		}
		/* PERF_EVENT_IOC_PAUSE_OUTPUT, then the reader's turn */
		fake_ring_pause(s->ring, true);
		__atomic_store_n(&s->turn, 1, __ATOMIC_RELEASE);
		while (__atomic_load_n(&s->turn, __ATOMIC_ACQUIRE) &&
		       !stopped(s))
			relax(&spins);
	}
	free(rec);
	return NULL;
}

/*
 * Records of the burst ending at last (newest) that are still whole: the
 * newest ones whose sizes add up to at most the data area.
 */
static uint64_t whole_in_burst(struct stress *s, uint64_t last,
			       uint64_t burst)
{
	uint64_t n = 0, bytes = 0;

	while (n < burst) {
		bytes += record_size(s, last - n);
		if (bytes > DATA_SIZE)
			break;
		n++;
	}
	return n;
}

/* One overwrite cycle so far: records are checked newest first. */
struct overwrite_pass {
	struct stress	*s;
	uint64_t	 last;		/* the newest record written */
	uint64_t	 expect, n;	/* whole and new; delivered */
	uint8_t		*want;
	int		 failed;
};

static int check_overwrite(struct overwrite_pass *o,
			   const struct perf_event_header *h)
{
	if (o->n == o->expect)
		return fail(o->s, "a record (type %u, %u bytes) after the %llu "
			    "newest, which are all that are whole and new",
			    h->type, h->size, (unsigned long long)o->expect);
	if (check_sample(o->s, h, o->last - o->n, o->want))
		return 1;
	o->n++;
	return 0;
}

static int drain_overwrite(void *ctx, const struct perf_event_header *h,
			   long long lost)
{
	struct overwrite_pass *o = ctx;

	if (o->failed)
		return 1;
	if (!h || lost >= 0)
		return o->failed = fail(o->s, "drain handed over %s in a "
					"backward ring, which has no LOST "
					"records", h ? "a LOST count" :
					"a NULL record");
	return o->failed = check_overwrite(o, h);
}

static int read_overwrite_cycle(struct stress *s, void *r, uint64_t last,
				uint8_t *want)
{
	struct overwrite_pass o = {
		.s = s, .last = last, .want = want,
		.expect = whole_in_burst(s, last, s->burst),
	};
	const struct perf_event_header *h;
	int rc;

	if (reader_drain(s->ops) && !s->ops->read_event) {
		rc = reader_drain(s->ops)(r, &o, drain_overwrite);
		if (o.failed)
			return 1;
		if (rc)
			return fail(s, "drain returned %d after a burst of "
				    "%llu records", rc,
				    (unsigned long long)s->burst);
	} else {
		rc = s->ops->read_init(r);
		if (rc)
			return fail(s, "read_init returned %d after a burst of "
				    "%llu records", rc,
				    (unsigned long long)s->burst);
		while ((h = s->ops->read_event(r)))
			if (check_overwrite(&o, h))
				return 1;
		s->ops->read_done(r);
	}
	if (o.n < o.expect)
		return fail(s, "%llu records of a burst of %llu delivered "
			    "newest first, %llu are whole",
			    (unsigned long long)o.n,
			    (unsigned long long)s->burst,
			    (unsigned long long)o.expect);
	/* the rest were overwritten: accounted for, by design not read */
	count(&s->res->records, s->burst);
	return 0;
}

int read_overwrite(struct stress *s, void *r, uint8_t *want)
{
	unsigned int spins = 0;
	uint64_t done = 0;

	while (done < s->count) {
		while (!__atomic_load_n(&s->turn, __ATOMIC_ACQUIRE))
			if (stopped(s))
				return 0;
			else
				relax(&spins);
		done += s->burst;
		if (read_overwrite_cycle(s, r, s->first + done - 1, want))
			return 1;
		__atomic_store_n(&s->turn, 0, __ATOMIC_RELEASE);
	}
	return 0;
}
