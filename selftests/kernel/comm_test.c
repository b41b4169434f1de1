// SPDX-License-Identifier: GPL-2.0-only
/*
 * COMM records from prctl(PR_SET_NAME): exact streams of chosen sizes.
 * Each test checks what the reader delivers against what the test made the
 * kernel write, then replays the same writes, consumes and pauses into
 * fake_ring and compares data_head, data_tail and the data area.
 */
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "fake_ring.h"
#include "kring_harness.h"

#define MAX_GEN	4096

/* What the test made the kernel do, in order, for the replay. */
struct script {
	char		names[MAX_GEN][16];
	unsigned int	ngen;
	struct {
		char		op;	/* 'g' name, 't' tail, 'p'/'r' pause */
		unsigned int	gen;
		uint64_t	tail;
	} steps[2 * MAX_GEN];
	unsigned int	nsteps;
};

static void gen(struct script *s, const char *fmt, unsigned int i)
{
	snprintf(s->names[s->ngen], 16, fmt, i);
	prctl(PR_SET_NAME, s->names[s->ngen]);
	s->steps[s->nsteps].op = 'g';
	s->steps[s->nsteps++].gen = s->ngen++;
}

static void note(struct script *s, char op, uint64_t tail)
{
	s->steps[s->nsteps].op = op;
	s->steps[s->nsteps++].tail = tail;
}

/* The delivered COMM record carrying name, or NULL. */
static const struct perf_event_header *find(const struct krecs *r,
					    const char *name)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		const char *c = krec_comm(krecs_at(r, i));

		if (c && !strcmp(c, name))
			return krecs_at(r, i);
	}
	return NULL;
}

/*
 * Replays the script into fake_ring: delivered records with the kernel's
 * bytes, the others (dropped or overwritten) with their size. Returns the
 * first differing data byte, or -1; heads and tails must agree too.
 */
/*
 * Replays the script into fake_ring: delivered records with the kernel's
 * bytes, the others (dropped or overwritten) with their size.
 */
static struct fake_ring *replay_script(const struct kring *k,
				       const struct script *s,
				       const struct krecs *got, bool backward)
{
	struct fake_ring *f = kring_fake(k, backward);
	uint8_t rec[64];
	unsigned int i;

	for (i = 0; f && i < s->nsteps; i++) {
		const struct perf_event_header *h;
		const char *name;

		switch (s->steps[i].op) {
		case 'g':
			name = s->names[s->steps[i].gen];
			h = find(got, name);
			if (!h) {
				memset(rec, 0, sizeof(rec));
				fake_ring_make_record(rec, PERF_RECORD_COMM,
						      comm_size(strlen(name)), i);
				h = (const void *)rec;
			}
			if (fake_ring_write(f, h, h->size, NULL) < 0) {
				fake_ring_free(f);
				return NULL;
			}
			break;
		case 't':
			fake_ring_set_tail(f, s->steps[i].tail);
			break;
		case 'p':
		case 'r':
			fake_ring_pause(f, s->steps[i].op == 'p');
			break;
		}
	}
	return f;
}

/* The first data byte where kernel and replay differ, or -1; heads and
 * tails must agree too. */
static long replay(struct __test_metadata *_metadata, const struct kring *k,
		   const struct script *s, const struct krecs *got,
		   bool backward)
{
	struct fake_ring *f = replay_script(k, s, got, backward);
	long diff;

	ASSERT_NE(NULL, f);
	EXPECT_EQ(kring_head(k), fake_ring_data_head(f));
	if (!backward)
		EXPECT_EQ(kring_tail(k), fake_ring_data_tail(f));
	diff = kring_compare_data(k, f);
	if (diff >= 0) {
		TH_LOG("data differ at offset %ld: kernel ring vs fake_ring:",
		       diff);
		fake_ring_draw(f, stderr);
	}
	fake_ring_free(f);
	return diff;
}

#define OPEN_RING(k, attr, pages, ow)					\
	do {								\
		KRING_OPEN(k, attr, pages, ow);				\
		ASSERT_EQ(0, kring_enable(k));				\
	} while (0)

static struct script script;

TEST(names_of_every_length)
{
	static const char abc[] = "abcdefghijklmno";
	struct perf_event_attr attr;
	struct krecs got = { 0 };
	struct kring k;
	size_t len;

	kring_comm_attr(&attr, false);
	OPEN_RING(&k, &attr, 1, false);
	for (len = 0; len <= 15; len++) {
		char name[16];

		snprintf(name, sizeof(name), "%.*s", (int)len, abc);
		prctl(PR_SET_NAME, name);
	}
	ASSERT_EQ(16, kring_cycle(&k, KCYCLE_EACH, &got));
	for (len = 0; len <= 15; len++) {
		const struct perf_event_header *h = krecs_at(&got, len);
		const uint32_t *pid = (const void *)(h + 1);

		ASSERT_EQ(PERF_RECORD_COMM, h->type);
		EXPECT_EQ(comm_size(len), h->size);
		EXPECT_EQ(0, strncmp(krec_comm(h), abc, len));
		EXPECT_EQ(len, strlen(krec_comm(h)));
		EXPECT_EQ((uint32_t)getpid(), pid[0]);
		EXPECT_EQ((uint32_t)gettid(), pid[1]);
	}
	krecs_free(&got);
	kring_close(&k);
}

static void wraps(struct __test_metadata *_metadata, enum kcycle how)
{
	struct perf_event_attr attr;
	struct krecs got = { 0 };
	struct kring k;
	unsigned int i, batch;

	memset(&script, 0, sizeof(script));
	kring_comm_attr(&attr, false);
	OPEN_RING(&k, &attr, 1, false);
	/* 3000 records of 40 bytes: 29 laps of a 4 KiB ring */
	for (batch = 0; batch < 120; batch++) {
		for (i = 0; i < 25; i++)
			gen(&script, "w%u", batch * 25 + i);
		ASSERT_EQ(25, kring_cycle(&k, how, &got));
		note(&script, 't', kring_tail(&k));
	}
	/* nothing lost, nothing duplicated, in order */
	ASSERT_EQ(script.ngen, got.n);
	for (i = 0; i < got.n; i++)
		ASSERT_STREQ(script.names[i], krec_comm(krecs_at(&got, i)));
	EXPECT_EQ(-1, replay(_metadata, &k, &script, &got, false));
	krecs_free(&got);
	kring_close(&k);
}

TEST(wraps_consume_per_record)
{
	KRING_NEEDS(RINGCHECK_CAP_RELEASE_RECORD);
	wraps(_metadata, KCYCLE_EACH);
}

TEST(wraps_consume_per_cycle)
{
	KRING_NEEDS(RINGCHECK_CAP_RELEASE_CYCLE);
	wraps(_metadata, KCYCLE_ONCE);
}

/* The numbers of ring-abi.md 4: 300 writes of 40 bytes into 4096. */
TEST(fill_then_lost)
{
	struct perf_event_attr attr;
	struct krecs got = { 0 };
	const struct perf_event_header *lost, *next;
	struct kring k;
	uint64_t v[2];
	unsigned int i;

	memset(&script, 0, sizeof(script));
	kring_comm_attr(&attr, false);
	OPEN_RING(&k, &attr, 1, false);
	for (i = 0; i < 300; i++)
		gen(&script, "f%u", i);
	EXPECT_EQ(4080, kring_head(&k));
	ASSERT_EQ(102, kring_cycle(&k, KCYCLE_EACH, &got));
	note(&script, 't', kring_tail(&k));
	EXPECT_STREQ("f101", krec_comm(krecs_at(&got, 101)));
	gen(&script, "f%u", 300);
	ASSERT_EQ(2, kring_cycle(&k, KCYCLE_EACH, &got));
	note(&script, 't', kring_tail(&k));
	EXPECT_EQ(4160, kring_head(&k));
	lost = krecs_at(&got, 102);
	next = krecs_at(&got, 103);
	ASSERT_EQ(PERF_RECORD_LOST, lost->type);
	EXPECT_EQ(40, lost->size);
	memcpy(v, lost + 1, sizeof(v));
	EXPECT_EQ(k.id, v[0]);
	EXPECT_EQ(198, v[1]);
	/* the LOST trailer is the sample_id of the record it precedes */
	EXPECT_EQ(0, memcmp((const uint8_t *)lost + 24,
			    (const uint8_t *)next + next->size - 16, 16));
	EXPECT_STREQ("f300", krec_comm(next));
	EXPECT_EQ(-1, replay(_metadata, &k, &script, &got, false));
	krecs_free(&got);
	kring_close(&k);
}

/* Freeing one record's worth is not enough for LOST + record. */
TEST(one_record_freed_is_not_enough)
{
	const struct perf_event_header *h;
	struct perf_event_attr attr;
	struct krecs got = { 0 };
	struct kring k;
	uint64_t v[2];
	unsigned int i;

	/* the subject: what one record's release frees */
	KRING_NEEDS(RINGCHECK_CAP_RELEASE_RECORD);
	memset(&script, 0, sizeof(script));
	kring_comm_attr(&attr, false);
	OPEN_RING(&k, &attr, 1, false);
	for (i = 0; i < 300; i++)
		gen(&script, "o%u", i);
	ASSERT_EQ(0, k.ops->read_init(k.rd));
	h = k.ops->read_event(k.rd);
	ASSERT_NE(NULL, h);
	EXPECT_STREQ("o0", krec_comm(h));
	krecs_add(&got, h);
	k.ops->consume(k.rd);
	note(&script, 't', kring_tail(&k));
	EXPECT_EQ(40, kring_tail(&k));
	gen(&script, "o%u", 300);	/* dropped, with its LOST */
	EXPECT_EQ(4080, kring_head(&k));
	while ((h = k.ops->read_event(k.rd))) {
		krecs_add(&got, h);
		k.ops->consume(k.rd);
	}
	k.ops->read_done(k.rd);
	note(&script, 't', kring_tail(&k));
	gen(&script, "o%u", 301);
	ASSERT_EQ(2, kring_cycle(&k, KCYCLE_EACH, &got));
	note(&script, 't', kring_tail(&k));
	ASSERT_EQ(104, got.n);
	ASSERT_EQ(PERF_RECORD_LOST, krecs_at(&got, 102)->type);
	memcpy(v, krecs_at(&got, 102) + 1, sizeof(v));
	EXPECT_EQ(199, v[1]);
	EXPECT_STREQ("o301", krec_comm(krecs_at(&got, 103)));
	EXPECT_EQ(-1, replay(_metadata, &k, &script, &got, false));
	krecs_free(&got);
	kring_close(&k);
}

/* The flight recorder: backward, read-only, rounds larger than the ring. */
TEST(flight_recorder_rounds)
{
	struct perf_event_attr attr;
	struct krecs got = { 0 };
	struct kring k;
	unsigned int round, i;

	memset(&script, 0, sizeof(script));
	kring_comm_attr(&attr, true);
	OPEN_RING(&k, &attr, 1, true);
	for (round = 0; round < 4; round++) {
		unsigned int first = script.ngen, n = round == 2 ? 30 : 300;

		for (i = 0; i < n; i++)
			gen(&script, round == 3 ? "long-name-%04u" : "b%u",
			    round * 1000 + i);
		ASSERT_EQ(0, kring_pause(&k, true));
		note(&script, 'p', 0);
		krecs_free(&got);
		kring_cycle(&k, KCYCLE_OVERWRITE, &got);
		ASSERT_EQ(0, kring_pause(&k, false));
		note(&script, 'r', 0);
		/* the newest whole records, newest first, this round only:
		 * 102 of 40 bytes or 85 of 48 fit in 4096 */
		EXPECT_EQ(n < 102 ? n : round == 3 ? 85 : 102, got.n);
		for (i = 0; i < got.n; i++)
			ASSERT_STREQ(script.names[script.ngen - 1 - i],
				     krec_comm(krecs_at(&got, i)));
		ASSERT_GE(script.ngen - got.n, first);
	}
	/* whole records are where fake_ring puts them: compare those bytes */
	{
		struct fake_ring *f = replay_script(&k, &script, &got, true);
		size_t idx[128], n, j;

		ASSERT_NE(NULL, f);
		EXPECT_EQ(kring_head(&k), fake_ring_data_head(f));
		n = fake_ring_whole_entries(f, idx, 128);
		EXPECT_EQ(got.n, n);
		for (j = 0; j < n; j++) {
			const struct fake_ring_entry *e =
				fake_ring_ledger_entry(f, idx[j]);
			uint8_t kbytes[64];

			kring_peek(&k, e->start, kbytes, e->size);
			EXPECT_EQ(0, memcmp(kbytes, fake_ring_entry_bytes(f, e),
					    e->size));
		}
		fake_ring_free(f);
	}
	krecs_free(&got);
	kring_close(&k);
}

static void pause_resume(struct __test_metadata *_metadata, bool backward)
{
	struct perf_event_attr attr;
	struct krecs got = { 0 };
	struct kring k;
	uint64_t v[2];
	unsigned int i;

	memset(&script, 0, sizeof(script));
	kring_comm_attr(&attr, backward);
	OPEN_RING(&k, &attr, 1, backward);
	gen(&script, "p%u", 0);
	ASSERT_EQ(0, kring_pause(&k, true));
	note(&script, 'p', 0);
	for (i = 1; i <= 7; i++)
		gen(&script, "p%u", i);
	EXPECT_EQ(backward ? (uint64_t)-40 : 40, kring_head(&k));
	ASSERT_EQ(0, kring_pause(&k, false));
	note(&script, 'r', 0);
	gen(&script, "p%u", 8);
	if (backward)
		kring_pause(&k, true);
	ASSERT_EQ(3, kring_cycle(&k, backward ? KCYCLE_OVERWRITE : KCYCLE_EACH,
				 &got));
	if (!backward)
		note(&script, 't', kring_tail(&k));
	/* forward: oldest first; backward: newest first, and the LOST,
	 * at the lower address, just before its record */
	ASSERT_EQ(PERF_RECORD_LOST, krecs_at(&got, backward ? 0 : 1)->type);
	memcpy(v, krecs_at(&got, backward ? 0 : 1) + 1, sizeof(v));
	EXPECT_EQ(7, v[1]);
	EXPECT_STREQ("p8", krec_comm(krecs_at(&got, backward ? 1 : 2)));
	EXPECT_STREQ("p0", krec_comm(krecs_at(&got, backward ? 2 : 0)));
	EXPECT_EQ(-1, replay(_metadata, &k, &script, &got, backward));
	krecs_free(&got);
	kring_close(&k);
}

TEST(pause_forward)
{
	pause_resume(_metadata, false);
}

TEST(pause_backward)
{
	pause_resume(_metadata, true);
}

/* A record published between the last read_event and read_done (7). */
TEST(write_between_last_read_and_done)
{
	const struct perf_event_header *h;
	struct perf_event_attr attr;
	struct krecs got = { 0 };
	struct kring k;
	int n = 0;

	kring_comm_attr(&attr, false);
	OPEN_RING(&k, &attr, 1, false);
	prctl(PR_SET_NAME, "before");
	ASSERT_EQ(0, k.ops->read_init(k.rd));
	while ((h = k.ops->read_event(k.rd))) {
		kring_consume_record(&k);
		n++;
	}
	ASSERT_EQ(1, n);
	prctl(PR_SET_NAME, "between");
	kring_end_cycle(&k);
	ASSERT_EQ(1, kring_cycle(&k, KCYCLE_EACH, &got));
	EXPECT_STREQ("between", krec_comm(krecs_at(&got, 0)));
	krecs_free(&got);
	kring_close(&k);
}

/* A cycle ends at its read_init snapshot, however fast the writer (12). */
TEST(cycle_bounded_by_snapshot)
{
	const struct perf_event_header *h;
	struct perf_event_attr attr;
	struct krecs got = { 0 };
	struct kring k;
	int n = 0;

	kring_comm_attr(&attr, false);
	OPEN_RING(&k, &attr, 1, false);
	prctl(PR_SET_NAME, "s0");
	prctl(PR_SET_NAME, "s1");
	ASSERT_EQ(0, k.ops->read_init(k.rd));
	while ((h = k.ops->read_event(k.rd)) && n < 50) {
		kring_consume_record(&k);
		prctl(PR_SET_NAME, "faster");	/* one more per record */
		n++;
	}
	kring_end_cycle(&k);
	EXPECT_EQ(2, n);
	/* and the two written meanwhile come in the next cycle */
	ASSERT_EQ(2, kring_cycle(&k, KCYCLE_EACH, &got));
	krecs_free(&got);
	kring_close(&k);
}

TEST_HARNESS_MAIN
