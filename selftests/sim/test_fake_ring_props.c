// SPDX-License-Identifier: GPL-2.0-only
/*
 * Property tests of fake_ring: seeded random sequences of writes, nested
 * reservations, consumes and pauses in every mode; after every step the
 * ledger, the data area and the counters must agree. The checks recompute
 * what they need from the ledger rows (sizes in order), not from fake_ring's
 * own counter arithmetic.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>

#include "helpers.h"
#include "suites.h"

#define SEEDS		400
#define STEPS		300

static uint64_t rnd(uint64_t *s)
{
	/* splitmix64: reproducible from the seed printed on failure */
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

struct prop_state {
	struct fake_ring	*ring;
	const struct fake_ring_config *cfg;
	uint64_t		seed;
	int			step;
	long			tokens[4];
	int			ntokens;
	bool			nested;	/* a commit came before an outer one */
};

#define PROP_CHECK(st, cond)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "property '%s' broken: seed %" PRIu64 \
				" step %d\n", #cond, (st)->seed, (st)->step); \
			fake_ring_draw((st)->ring, stderr);		\
			CU_FAIL_FATAL(#cond);				\
		}							\
	} while (0)

/* Brute force: does any byte of [a, a + len) share a position of the
 * data area with [c, c + clen)? */
static bool covered(uint64_t ds, uint64_t a, uint64_t len, uint64_t c,
		    uint64_t clen)
{
	uint64_t j;

	if (clen >= ds)
		return clen > 0;
	for (j = 0; j < len; j++)
		if (((a + j - c) & (ds - 1)) < clen)
			return true;
	return false;
}

static void check_invariants(struct prop_state *st)
{
	struct fake_ring *ring = st->ring;
	const struct fake_ring_config *cfg = st->cfg;
	size_t i, n = fake_ring_ledger_count(ring);
	uint64_t pos = cfg->start, pending = 0, tail, span = 0;
	uint64_t head = fake_ring_data_head(ring);
	uint64_t *reported = calloc(n + 1, sizeof(*reported));

	/* Rows that took space tile the counter space in ledger order. */
	for (i = 0; i < n; i++) {
		const struct fake_ring_entry *e = fake_ring_ledger_entry(ring, i);

		if (e->outcome == FAKE_RING_DROPPED) {
			if (e->reported_by < 0)
				pending++;
			else
				reported[e->reported_by]++;
			continue;
		}
		if (!cfg->backward) {
			PROP_CHECK(st, e->start == pos);
			pos += e->size;
		} else if (e->is_lost) {
			/* one reservation: LOST below its record */
			const struct fake_ring_entry *rec =
				fake_ring_ledger_entry(ring, i + 1);

			PROP_CHECK(st, rec && !rec->is_lost);
			pos -= e->size + rec->size;
			PROP_CHECK(st, e->start == pos);
			PROP_CHECK(st, rec->start == pos + e->size);
			i++;
		} else {
			pos -= e->size;
			PROP_CHECK(st, e->start == pos);
		}
	}
	if (!fake_ring_nesting(ring))
		PROP_CHECK(st, head == pos);
	if (cfg->data_size)
		PROP_CHECK(st, fake_ring_lost_pending(ring) == pending);
	for (i = 0; i < n; i++) {
		const struct fake_ring_entry *e = fake_ring_ledger_entry(ring, i);

		if (e->is_lost)
			PROP_CHECK(st, test_lost_value(ring, i) == reported[i]);
	}
	free(reported);

	/* Whole rows hold their bytes in the data area. */
	for (i = 0; i < n; i++) {
		const struct fake_ring_entry *e = fake_ring_ledger_entry(ring, i);
		uint8_t buf[65536];

		if (!fake_ring_entry_whole(ring, e))
			continue;
		test_ring_bytes(ring, e->start, buf, e->size);
		PROP_CHECK(st, !memcmp(buf, fake_ring_entry_bytes(ring, e),
				       e->size));
	}

	tail = fake_ring_data_tail(ring);
	if (!cfg->overwrite && cfg->data_size) {
		/* Space test: never more than data_size - 1 outstanding, and
		 * nothing unconsumed is ever overwritten. */
		uint64_t out = cfg->backward ? tail - head : head - tail;

		PROP_CHECK(st, out < cfg->data_size);
		for (i = 0; i < n; i++) {
			const struct fake_ring_entry *e =
				fake_ring_ledger_entry(ring, i);
			/* unconsumed: [tail, head) forward,
			 * [head, tail) backward */
			uint64_t d = cfg->backward ? e->start - head
						   : e->start - tail;

			if (e->outcome == FAKE_RING_WRITTEN && d < out)
				PROP_CHECK(st, fake_ring_entry_whole(ring, e));
		}
	}
	if (cfg->overwrite && !st->nested) {
		/* Whole = the newest rows whose sizes add up to data_size;
		 * a reservation counts as written over (its copy may be
		 * under way). */
		size_t k;

		for (i = n; i-- > 0;) {
			/* newest first by address: in a backward ring the
			 * LOST of a reservation lies below its record, and
			 * is copied before it */
			bool pair = cfg->backward && i > 0 &&
				    fake_ring_ledger_entry(ring, i - 1)->is_lost;
			uint64_t before = span;

			for (k = pair ? i - 1 : i;; k++) {
				const struct fake_ring_entry *e =
					fake_ring_ledger_entry(ring, k);
				uint64_t reach = before + e->size;
				bool whole;

				/* the LOST: cut if its record wraps over it;
				 * the record: its own LOST does not count,
				 * the later writes below the LOST may still
				 * wrap onto it (checked byte by byte) */
				if (pair && k < i)
					whole = reach <= cfg->data_size &&
						e->size + e[1].size <=
							cfg->data_size;
				else if (pair)
					whole = e->size <= cfg->data_size &&
						!covered(cfg->data_size,
							 e->start, e->size,
							 e[-1].start - before,
							 before);
				else
					whole = reach <= cfg->data_size;
				if (e->outcome != FAKE_RING_DROPPED) {
					PROP_CHECK(st,
						   fake_ring_entry_whole(ring, e) ==
						   (whole && e->outcome ==
						    FAKE_RING_WRITTEN));
					span += e->size;
				}
				if (k == i)
					break;
			}
			i -= pair;
		}
	}
}

static unsigned int pick_size(struct prop_state *st, uint64_t *s)
{
	unsigned long ds = st->cfg->data_size ? st->cfg->data_size : 64;
	unsigned long max = 2 * ds < FAKE_RING_MAX_RECORD ? 2 * ds
							  : FAKE_RING_MAX_RECORD;

	/* mostly small records, sometimes up to twice the ring */
	if (rnd(s) % 4)
		max = max < 64 ? max : 64;
	return (unsigned int)(8 + 8 * (rnd(s) % (max / 8)));
}

static void random_step(struct prop_state *st, uint64_t *s)
{
	static uint8_t rec[65536];
	struct fake_ring *ring = st->ring;
	unsigned int size;
	uint64_t r = rnd(s) % 100;
	long token;

	/* any commit under an outer reservation fills out of order */
	st->nested |= st->ntokens > 0;

	if (r < 55 || (r < 70 && st->ntokens == 4)) {
		size = pick_size(st, s);
		fake_ring_make_record(rec, 9, size, rnd(s));
		CU_ASSERT(fake_ring_write(ring, rec, size, NULL) >= 0);
	} else if (r < 70) {
		size = pick_size(st, s);
		fake_ring_make_record(rec, 9, size, rnd(s));
		if (fake_ring_reserve(ring, rec, size, NULL, &token) == 0)
			st->tokens[st->ntokens++] = token;
	} else if (r < 80 && st->ntokens) {
		/* innermost first, as interrupts unwind */
		CU_ASSERT(fake_ring_commit(ring, st->tokens[--st->ntokens]) == 0);
	} else if (r < 90) {
		fake_ring_consume(ring);
	} else if (r < 95) {
		fake_ring_pause(ring, !fake_ring_paused(ring));
	} else {
		/* release only part of what is published: a whole record */
		size_t i, n = fake_ring_ledger_count(ring);

		for (i = 0; i < n && !st->cfg->backward; i++) {
			const struct fake_ring_entry *e =
				fake_ring_ledger_entry(ring, i);
			uint64_t tail = fake_ring_data_tail(ring);
			uint64_t end = e->start + e->size;

			if (e->outcome == FAKE_RING_WRITTEN &&
			    end - tail <= fake_ring_data_head(ring) - tail &&
			    end != tail && rnd(s) % 2) {
				fake_ring_set_tail(ring, end);
				break;
			}
		}
	}
}

static void run_seed(uint64_t seed)
{
	static const char *const modes[] = { "fwd-rw", "fwd-ro", "bwd-ro",
					     "bwd-rw" };
	uint64_t s = seed, starts[4];
	struct prop_state st = { .seed = seed };
	unsigned long ds = 8ul << (rnd(&s) % 10);	/* 8 .. 4096 */
	unsigned int flags = rnd(&s) % 3 ? 0 : FAKE_RING_POISON_RELEASED;
	struct fake_ring_config cfg = {
		.page_size = 4096,
		.data_size = ds,
		.lost_trailer = rnd(&s) % 2 ? 16 : 0,
		.event_id = 7,
		.flags = flags,
	};
	char err[128];

	starts[0] = 0;
	starts[1] = (1ull << 32) - ds / 2;
	starts[2] = 0ull - ds / 2;
	starts[3] = rnd(&s) & ~7ull;
	cfg.start = starts[rnd(&s) % 4];
	fake_ring_parse_mode(modes[rnd(&s) % 4], &cfg);
	st.ring = fake_ring_new(&cfg, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(st.ring);
	st.cfg = fake_ring_config(st.ring);
	for (st.step = 0; st.step < STEPS; st.step++) {
		random_step(&st, &s);
		check_invariants(&st);
	}
	while (st.ntokens) {
		fake_ring_commit(st.ring, st.tokens[--st.ntokens]);
		check_invariants(&st);
	}
	fake_ring_free(st.ring);
}

static void test_random_sequences(void)
{
	uint64_t seed;

	for (seed = 1; seed <= SEEDS; seed++)
		run_seed(seed);
}

static void test_reset_is_a_new_ring(void)
{
	struct fake_ring *ring = test_ring("fwd-rw", 64, 0, 16);
	uint8_t zero[64] = { 0 };

	test_write(ring, 24, 9, 10);
	fake_ring_reset(ring);
	CU_ASSERT_EQUAL(fake_ring_ledger_count(ring), 0);
	CU_ASSERT_EQUAL(fake_ring_data_head(ring), 0);
	CU_ASSERT_EQUAL(fake_ring_lost_pending(ring), 0);
	CU_ASSERT_EQUAL(memcmp(fake_ring_data(ring), zero, 64), 0);
	fake_ring_free(ring);
}

void register_fake_ring_property_tests(void)
{
	CU_pSuite s = ADD_SUITE("fake_ring_properties");

	ADD_TEST(s, test_random_sequences);
	ADD_TEST(s, test_reset_is_a_new_ring);
}
