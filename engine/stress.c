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
 *  - overwrite: a backward read-only ring (the real protections); the
 *    writer writes a burst, pauses, hands over; the reader reads newest
 *    first what is whole and newer than its last cycle.
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
#include <linux/perf_event.h>

#include "fake_ring.h"
#include "stress.h"

#define PAGE_SIZE	4096ul
#define DATA_SIZE	131072ul	/* holds two of the largest records */
#define ROUND_RECORDS	50000ull	/* bounds a round's ledger */
#define ROUND_MIN	1000ull		/* a short run: every shape */
#define ROUND_SHAPES	12		/* 3 patterns x 4, lossy or not */
#define MAX_BURST	400u		/* overwrite: records a read */

const char *const stress_pattern_names[3] = {
	"consume-each", "consume-cycle", "overwrite",
};

struct stress {
	const struct ringcheck_reader_ops *ops;
	const struct stress_opts *opts;
	struct stress_result	*res;
	struct fake_ring	*ring;
	enum stress_pattern	 pattern;
	uint64_t		 first, count;	/* the round's records */
	bool			 lossy;
	int			 stop;		/* atomic: give up */
	/* overwrite: whose turn (atomic, 1: the reader's), and the
	 * records of the last burst */
	int			 turn;
	uint64_t		 burst;
	char			 werr[STRESS_MSG_LEN];
};

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	return x ^ (x >> 33);
}

/* 90% up to 256 bytes, 9% up to 4096, 1% up to 65528: any size occurs. */
static unsigned int record_size(uint64_t seed, uint64_t k)
{
	uint64_t h = mix(seed ^ mix(k));
	unsigned int r = h % 1000;

	h >>= 10;
	if (r < 900)
		return 8 + 8 * (unsigned int)(h % 32);
	if (r < 990)
		return 8 * (1 + (unsigned int)(h % 512));
	return 8 * (1 + (unsigned int)(h % 8191));
}

static void make_record(uint8_t *buf, uint64_t k, unsigned int size)
{
	uint16_t misc = (uint16_t)k;

	fake_ring_make_record(buf, FAKE_RING_TYPE_SAMPLE, size, k);
	memcpy(buf + 4, &misc, sizeof(misc));
}

static void count(uint64_t *counter, uint64_t n)
{
	__atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
}

static int fail(struct stress *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct stress *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(s->res->msg, sizeof(s->res->msg), "%s round %llu: ",
		     stress_pattern_names[s->pattern],
		     (unsigned long long)s->res->rounds[s->pattern]);
	va_start(ap, fmt);
	vsnprintf(s->res->msg + n, sizeof(s->res->msg) - n, fmt, ap);
	va_end(ap);
	s->res->failed = 1;
	__atomic_store_n(&s->stop, 1, __ATOMIC_RELEASE);
	return 1;
}

/* Waiting for the other thread: spin briefly, then give the CPU away. */
static void relax(unsigned int *spins)
{
	if (++*spins < 256) {
#if defined(__x86_64__) || defined(__i386__)
		__builtin_ia32_pause();
#endif
		return;
	}
	*spins = 0;
	sched_yield();
}

static bool stopped(struct stress *s)
{
	return __atomic_load_n(&s->stop, __ATOMIC_ACQUIRE);
}

/* The writer's own error (a bad request): a defect of the test. */
static void *writer_error(struct stress *s)
{
	snprintf(s->werr, sizeof(s->werr), "fake_ring: %s",
		 fake_ring_error(s->ring));
	__atomic_store_n(&s->stop, 1, __ATOMIC_RELEASE);
	return NULL;
}

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

static void *forward_writer(void *arg)
{
	struct stress *s = arg;
	uint8_t *rec = malloc(FAKE_RING_MAX_RECORD);
	uint64_t i;

	for (i = 0; rec && i < s->count && !stopped(s); i++) {
		uint64_t k = s->first + i;
		unsigned int size = record_size(s->opts->seed, k);
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

static int check_sample(struct stress *s, const struct perf_event_header *h,
			uint64_t k, uint8_t *want)
{
	unsigned int size = record_size(s->opts->seed, k);

	if (h->size != size) {
		return fail(s, "record %llu: size %u, written %u (type %u, "
			    "misc %#x)", (unsigned long long)k, h->size,
			    size, h->type, h->misc);
	}
	make_record(want, k, size);
	if (memcmp(h, want, size)) {
		const uint8_t *got = (const void *)h;
		unsigned int i = 0;

		while (got[i] == want[i])
			i++;
		return fail(s, "record %llu (%u bytes) differs at byte %u: "
			    "%#04x, written %#04x", (unsigned long long)k,
			    size, i, got[i], want[i]);
	}
	count(&s->res->delivered, 1);
	count(&s->res->bytes, size);
	return 0;
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

static int read_forward(struct stress *s, void *r, uint8_t *want)
{
	uint64_t next = s->first, end = s->first + s->count;
	const struct perf_event_header *h;
	unsigned int spins = 0;
	int rc;

	while (next < end && !stopped(s)) {
		bool any = false;

		rc = s->ops->read_init(r);
		if (rc == -EAGAIN) {
			relax(&spins);
			continue;
		}
		if (rc)
			return fail(s, "read_init returned %d before record "
				    "%llu", rc, (unsigned long long)next);
		while ((h = s->ops->read_event(r))) {
			any = true;
			if (check_forward(s, h, &next, want))
				return 1;
			if (s->pattern == STRESS_CONSUME_EACH)
				s->ops->consume(r);
		}
		if (s->pattern == STRESS_CONSUME_CYCLE)
			s->ops->consume(r);
		s->ops->read_done(r);
		if (!any)
			relax(&spins);
	}
	return 0;
}

/* After the round: the ledger must agree, and everything be released. */
static int close_forward(struct stress *s)
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

static void *overwrite_writer(void *arg)
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
			unsigned int size = record_size(s->opts->seed, k);

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
		bytes += record_size(s->opts->seed, last - n);
		if (bytes > DATA_SIZE)
			break;
		n++;
	}
	return n;
}

static int read_overwrite_cycle(struct stress *s, void *r, uint64_t last,
				uint8_t *want)
{
	uint64_t expect = whole_in_burst(s, last, s->burst), n = 0;
	const struct perf_event_header *h;
	int rc = s->ops->read_init(r);

	if (rc)
		return fail(s, "read_init returned %d after a burst of %llu "
			    "records", rc, (unsigned long long)s->burst);
	while ((h = s->ops->read_event(r))) {
		if (n == expect)
			return fail(s, "a record (type %u, %u bytes) after "
				    "the %llu newest, which are all that are "
				    "whole and new", h->type, h->size,
				    (unsigned long long)expect);
		if (check_sample(s, h, last - n, want))
			return 1;
		n++;
	}
	s->ops->read_done(r);
	if (n < expect)
		return fail(s, "%llu records of a burst of %llu delivered "
			    "newest first, %llu are whole",
			    (unsigned long long)n,
			    (unsigned long long)s->burst,
			    (unsigned long long)expect);
	/* the rest were overwritten: accounted for, by design not read */
	count(&s->res->records, s->burst);
	return 0;
}

static int read_overwrite(struct stress *s, void *r, uint8_t *want)
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

/* Counters where the readers' arithmetic breaks if it is narrow (9, 18). */
static uint64_t round_start(uint64_t seed, uint64_t round)
{
	static const uint64_t starts[] = {
		0, (1ull << 32) - 40960, -(uint64_t)DATA_SIZE * 3,
		(1ull << 31) - 8,
	};

	return starts[mix(seed + round) % 4];
}

static int run_round(struct stress *s, struct fake_ring **rings,
		     uint8_t *want)
{
	bool ow = s->pattern == STRESS_OVERWRITE;
	struct fake_ring_config cfg = *fake_ring_config(rings[ow]);
	struct ringcheck_ring desc;
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
	desc = (struct ringcheck_ring){ fake_ring_base(s->ring), PAGE_SIZE,
					DATA_SIZE, ow };
	r = s->ops->open(&desc);
	if (!r)
		return fail(s, "open() refused a %s ring",
			    fake_ring_mode_name(&cfg));
	if (pthread_create(&w, NULL, ow ? overwrite_writer : forward_writer,
			   s)) {
		s->ops->close(r);
		snprintf(s->res->msg, sizeof(s->res->msg), "pthread_create");
		return -1;
	}
	ret = ow ? read_overwrite(s, r, want) : read_forward(s, r, want);
	__atomic_store_n(&s->stop, 1, __ATOMIC_RELEASE);
	pthread_join(w, NULL);
	s->stop = 0;
	s->ops->close(r);
	if (s->werr[0]) {
		snprintf(s->res->msg, sizeof(s->res->msg), "%s", s->werr);
		return -1;
	}
	if (!ret && !ow)
		ret = close_forward(s);
	return ret;
}

static struct fake_ring *new_ring(bool overwrite, char *err, size_t len)
{
	struct fake_ring_config cfg = {
		.page_size = PAGE_SIZE, .data_size = DATA_SIZE,
		.backward = overwrite, .overwrite = overwrite,
		/* forward: one mapping, so TSan sees both sides; overwrite:
		 * the real read-only view a backward reader must accept */
		.flags = overwrite ? 0 : FAKE_RING_SINGLE_VIEW,
	};

	return fake_ring_new(&cfg, err, len);
}

int stress_run(const struct ringcheck_reader_ops *ops,
	       const struct stress_opts *opts, struct stress_result *res)
{
	struct stress s = { .ops = ops, .opts = opts, .res = res };
	struct fake_ring *rings[2];
	uint8_t *want = malloc(FAKE_RING_MAX_RECORD);
	uint64_t round, per_round;
	int ret = 0;

	rings[0] = new_ring(false, res->msg, sizeof(res->msg));
	rings[1] = rings[0] ? new_ring(true, res->msg, sizeof(res->msg)) : NULL;
	if (!rings[1] || !want) {
		ret = -1;
		goto out;
	}
	/* a short run still goes through every round shape */
	per_round = opts->records / ROUND_SHAPES;
	per_round = per_round < ROUND_MIN ? ROUND_MIN :
		    per_round > ROUND_RECORDS ? ROUND_RECORDS : per_round;
	for (round = 0; s.first < opts->records && !ret; round++) {
		s.pattern = round % 3;
		s.lossy = round % ROUND_SHAPES < 3;
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
