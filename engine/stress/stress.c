// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringcheck stress: fake_ring's writer (release store of data_head,
 * acquire load of data_tail, as kernel/events/ring_buffer.c) in a thread of
 * its own and a reader plugin in the calling thread, concurrently on one
 * mapping. The run is cut into rounds of a fresh ring each (the ledger of
 * a round is bounded), cycling through the patterns:
 *
 *  - forward, consume after every record / once a cycle: a read-write ring
 *    mapped once (FAKE_RING_SINGLE_VIEW) so that a thread sanitizer sees
 *    the reader's and the writer's accesses at the same addresses. Every
 *    fourth forward round the writer does not wait for space in bursts, so
 *    records are dropped and LOST records must account for each of them;
 *  - drain, for a callback reader (no read_event): forward, the reader
 *    releases as it does, lossy rounds as above;
 *  - overwrite: a backward read-only ring (the real protections); the
 *    writer writes a burst, pauses, hands over; the reader reads newest
 *    first what is whole and newer than its last cycle.
 *
 * A reader with only the fd entry maps the ring's memfd itself; the writer
 * then publishes through the reader's own mapping (found in
 * /proc/self/maps), so that both sides' accesses have the same addresses
 * and a thread sanitizer can pair them. Such a reader gets no overwrite
 * rounds: a backward ring it maps writable would honour data_tail, which
 * these rounds do not model.
 *
 * The truth the reader's output is held against does not come from the
 * ring: record k has a size and bytes computed from k alone (its header's
 * misc carries k's low 16 bits), LOST counts must close every gap exactly,
 * and at the end of a round the ledger's written and dropped counts must
 * equal what was delivered and reported.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario/capabilities.h"
#include "player/fd_mapping.h"
#include "stress_common.h"
#include "stress_rounds.h"

#define ROUND_RECORDS	50000ull	/* bounds a round's ledger */
#define ROUND_MIN	1000ull		/* a short run: every shape */
#define LOSSY_EVERY	4		/* a pattern's rounds: 1 in 4 lossy */

const char *const stress_pattern_names[STRESS_PATTERNS] = {
	"consume-each", "consume-cycle", "overwrite", "drain",
};

static uint64_t round_start(uint64_t seed, uint64_t round)
{
	static const uint64_t starts[] = {
		0, (1ull << 32) - 40960, -(uint64_t)DATA_SIZE * 3,
		(1ull << 31) - 8,
	};

	return starts[mix(seed + round) % 4];
}

/* The fd entry: the reader maps the memfd; the writer then writes through
 * the reader's mapping. NULL, with the failure recorded, if it cannot. */
static void *open_by_fd(struct stress *s, bool backward)
{
	struct ringcheck_fd_ring ring = { fake_ring_fd(s->ring), PAGE_SIZE,
					  DATA_SIZE, backward };
	uintptr_t lo, hi;
	void *r = reader_open_fd(s->ops)(&ring);
	int writable;

	if (!r) {
		fail(s, "open_fd() refused a forward ring");
		return NULL;
	}
	writable = fd_reader_mapping(ring.fd, fake_ring_base(s->ring),
				     fake_ring_control_page(s->ring), 0, &lo,
				     &hi);
	if (writable == 1 && hi - lo >= PAGE_SIZE + DATA_SIZE) {
		fake_ring_write_through(s->ring, (void *)lo);
		return r;
	}
	if (writable == -2)
		snprintf(s->res->msg, sizeof(s->res->msg),
			 "cannot read /proc/self/maps");
	else
		fail(s, "open_fd() %s", writable < 0 ?
		     "did not map the ring from the fd it was given" :
		     writable ? "mapped less than the control page and the "
				"data area" :
		     "mapped a forward ring read-only: it cannot release");
	s->ops->close(r);
	return NULL;
}

static void *open_reader(struct stress *s, bool ow)
{
	struct ringcheck_ring desc = { fake_ring_base(s->ring), PAGE_SIZE,
				       DATA_SIZE, ow };
	void *r;

	if (s->by_fd)
		return open_by_fd(s, ow);
	r = s->ops->open(&desc);
	if (!r)
		fail(s, "open() refused a %s ring",
		     fake_ring_mode_name(fake_ring_config(s->ring)));
	return r;
}

static int run_round(struct stress *s, struct fake_ring **rings,
		     uint8_t *want)
{
	bool ow = s->pattern == STRESS_OVERWRITE;
	struct fake_ring_config cfg = *fake_ring_config(rings[ow]);
	pthread_t w;
	void *r;
	int ret;

	cfg.start = round_start(s->opts->seed, s->first);
	if (fake_ring_reconfigure(rings[ow], &cfg)) {
		snprintf(s->res->msg, sizeof(s->res->msg), "fake_ring: %s",
			 fake_ring_error(rings[ow]));
		return -1;
	}
	s->ring = rings[ow];
	s->turn = 0;
	r = open_reader(s, ow);
	if (!r)
		return s->res->failed ? 1 : -1;
	if (pthread_create(&w, NULL, ow ? overwrite_writer : forward_writer,
			   s)) {
		fake_ring_write_through(s->ring, NULL);
		s->ops->close(r);
		snprintf(s->res->msg, sizeof(s->res->msg), "pthread_create");
		return -1;
	}
	ret = ow ? read_overwrite(s, r, want) : read_forward(s, r, want);
	__atomic_store_n(&s->stop, 1, __ATOMIC_RELEASE);
	pthread_join(w, NULL);
	s->stop = 0;
	/* before the reader unmaps what the writer may write through */
	fake_ring_write_through(s->ring, NULL);
	s->ops->close(r);
	if (s->werr[0]) {
		snprintf(s->res->msg, sizeof(s->res->msg), "%s", s->werr);
		return -1;
	}
	if (!ret && !ow)
		ret = close_forward(s);
	return ret;
}

static struct fake_ring *new_ring(bool overwrite, bool by_fd, char *err,
				  size_t len)
{
	struct fake_ring_config cfg = {
		.page_size = PAGE_SIZE, .data_size = DATA_SIZE,
		.backward = overwrite, .overwrite = overwrite,
		/* forward: one mapping, so TSan sees both sides (the
		 * reader's own, for an fd reader); overwrite: the real
		 * read-only view a backward reader must accept */
		.flags = overwrite ? 0 : by_fd ? FAKE_RING_READER_MAPS :
		FAKE_RING_SINGLE_VIEW,
	};

	return fake_ring_new(&cfg, err, len);
}

/* The round patterns the reader declares, in the order they rotate. */
static int round_patterns(const struct ringcheck_reader_ops *ops, bool by_fd,
			  enum stress_pattern *p)
{
	unsigned int caps = reader_caps(ops);
	int n = 0;

	if (caps & RINGCHECK_CAP_FORWARD) {
		if (!ops->read_event) {
			p[n++] = STRESS_DRAIN;
		} else {
			if (caps & RINGCHECK_CAP_RELEASE_RECORD)
				p[n++] = STRESS_CONSUME_EACH;
			if (caps & RINGCHECK_CAP_RELEASE_CYCLE)
				p[n++] = STRESS_CONSUME_CYCLE;
		}
	}
	if ((caps & RINGCHECK_CAP_OVERWRITE) && !by_fd)
		p[n++] = STRESS_OVERWRITE;
	return n;
}

int stress_run(const struct ringcheck_reader_ops *ops,
	       const struct stress_opts *opts, struct stress_result *res)
{
	struct stress s = { .ops = ops, .opts = opts, .res = res };
	enum stress_pattern patterns[STRESS_PATTERNS];
	struct fake_ring *rings[2] = { NULL, NULL };
	uint8_t *want = NULL;
	uint64_t round, per_round;
	const char *missing = reader_ops_incomplete(ops);
	int ret = 0, n;

	if (missing) {
		snprintf(res->msg, sizeof(res->msg), "%s", missing);
		return -1;
	}
	s.by_fd = !ops->open;
	/* fake_ring lays out a sample of 16 bytes or more as a raw one */
	s.min_size = reader_caps(ops) & RINGCHECK_CAP_RAW_SAMPLES_ONLY ? 16 : 8;
	n = round_patterns(ops, s.by_fd, patterns);
	if (!n || reader_min_data_size(ops) > DATA_SIZE ||
	    ((reader_caps(ops) & RINGCHECK_CAP_HOST_PAGE_SIZE_ONLY) &&
	     sysconf(_SC_PAGESIZE) != (long)PAGE_SIZE)) {
		snprintf(res->msg, sizeof(res->msg), "the reader declares %s",
			 !n ? "none of this test's patterns (forward with a "
			      "release pattern or drain, overwrite)" :
			 reader_min_data_size(ops) > DATA_SIZE ?
			 "a smallest data area above this test's" :
			 "only the machine's page size, not this test's");
		return 2;
	}
	want = malloc(FAKE_RING_MAX_RECORD);
	rings[0] = new_ring(false, s.by_fd, res->msg, sizeof(res->msg));
	rings[1] = rings[0] ? new_ring(true, false, res->msg,
				       sizeof(res->msg)) : NULL;
	if (!rings[1] || !want) {
		ret = -1;
		goto out;
	}
	/* a short run still goes through every round shape */
	per_round = opts->records / ((uint64_t)n * LOSSY_EVERY);
	per_round = per_round < ROUND_MIN ? ROUND_MIN :
		    per_round > ROUND_RECORDS ? ROUND_RECORDS : per_round;
	for (round = 0; s.first < opts->records && !ret; round++) {
		s.pattern = patterns[round % n];
		s.lossy = s.pattern != STRESS_OVERWRITE &&
			  round / n % LOSSY_EVERY == 0;
		s.count = opts->records - s.first;
		if (s.count > per_round)
			s.count = per_round;
		ret = run_round(&s, rings, want);
		res->rounds[s.pattern]++;
		s.first += s.count;
	}
out:
	fake_ring_free(rings[0]);
	fake_ring_free(rings[1]);
	free(want);
	return ret;
}
