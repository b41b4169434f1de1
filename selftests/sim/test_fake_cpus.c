// SPDX-License-Identifier: GPL-2.0-only
/*
 * fake_cpus' records against layouts derived by hand from
 * kernel/events/core.c (perf_output_sample(), the sample_id trailer of
 * __perf_event__output_id_sample(), the LOST record of
 * perf_output_begin()), the reference merged reader's timestamp parser
 * against the same layouts, and its rounds against a sequence worked out
 * by hand from perf's process_finished_round().
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <linux/perf_event.h>
#include <CUnit/CUnit.h>

#include "evlist_reader.h"
#include "fake_cpus.h"
#include "player/player.h"
#include "runner/plugin.h"
#include "suites.h"

static uint64_t word(const uint8_t *rec, unsigned int off)
{
	uint64_t v;

	memcpy(&v, rec + off, 8);
	return v;
}

static const uint8_t *last_row(struct fake_cpus *fc, unsigned int cpu,
			       const struct fake_ring_entry **e)
{
	struct fake_ring *ring = fake_cpus_ring(fc, cpu);

	*e = fake_ring_ledger_entry(ring, fake_ring_ledger_count(ring) - 1);
	return fake_ring_entry_bytes(ring, *e);
}

/* perf record's layout: IDENTIFIER IP TID TIME CPU PERIOD, 56 bytes. */
static void test_sample_layout(void)
{
	struct fake_cpus_config cfg = {
		.ncpus = 2, .nevents = 2, .data_size = 4096,
		.sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP |
			       PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
			       PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD,
		.skew = { 0, 7 },
	};
	const struct fake_ring_entry *e;
	struct fake_cpus *fc = fake_cpus_new(&cfg, NULL, 0);
	const uint8_t *r;
	uint64_t t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(fc);
	CU_ASSERT_EQUAL(fake_cpus_min_size(&cfg, FAKE_CPUS_SAMPLE), 56);
	fake_cpus_advance(fc, 100);
	CU_ASSERT_EQUAL(fake_cpus_write(fc, 1, 1, FAKE_CPUS_SAMPLE, 64, -3),
			0);
	r = last_row(fc, 1, &e);
	CU_ASSERT_EQUAL(e->size, 64);
	CU_ASSERT_EQUAL(((const struct perf_event_header *)r)->type,
			PERF_RECORD_SAMPLE);
	CU_ASSERT_EQUAL(word(r, 8), 0x202);		/* IDENTIFIER */
	CU_ASSERT_EQUAL((uint32_t)word(r, 24), 1001);	/* pid */
	CU_ASSERT_EQUAL(word(r, 32), FAKE_CPUS_EPOCH + 100 + 7 - 3);
	CU_ASSERT_EQUAL(word(r, 40), 1);		/* cpu, res */
	CU_ASSERT_EQUAL(word(r, 48), 1);		/* period */
	CU_ASSERT_EQUAL(fake_cpus_row(fc, 1, 0)->time,
			FAKE_CPUS_EPOCH + 104);
	CU_ASSERT_EQUAL(fake_cpus_row(fc, 1, 0)->id, 0x202);
	CU_ASSERT_EQUAL(fake_cpus_row(fc, 1, 0)->round, 1);
	CU_ASSERT_EQUAL(evlist_record_time(cfg.sample_type, (const void *)r,
					   &t), 0);
	CU_ASSERT_EQUAL(t, FAKE_CPUS_EPOCH + 104);
	fake_cpus_free(fc);
}

/* A SWITCH record: header, then the trailer TID TIME ID CPU at its end. */
static void test_trailer_layout(void)
{
	struct fake_cpus_config cfg = {
		.ncpus = 1, .nevents = 1, .data_size = 4096,
		.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
			       PERF_SAMPLE_ID | PERF_SAMPLE_CPU,
	};
	const struct fake_ring_entry *e;
	struct fake_cpus *fc = fake_cpus_new(&cfg, NULL, 0);
	const uint8_t *r;
	uint64_t t;

	CU_ASSERT_PTR_NOT_NULL_FATAL(fc);
	CU_ASSERT_EQUAL(fake_cpus_min_size(&cfg, FAKE_CPUS_SWITCH), 40);
	fake_cpus_advance(fc, 5);
	CU_ASSERT_EQUAL(fake_cpus_write(fc, 0, 0, FAKE_CPUS_SWITCH, 56, 0),
			0);
	r = last_row(fc, 0, &e);
	CU_ASSERT_EQUAL(((const struct perf_event_header *)r)->type,
			FAKE_CPUS_TYPE_SWITCH);
	CU_ASSERT_EQUAL((uint32_t)word(r, 56 - 32), 1000);	/* pid */
	CU_ASSERT_EQUAL(word(r, 56 - 24), FAKE_CPUS_EPOCH + 5);	/* time */
	CU_ASSERT_EQUAL(word(r, 56 - 16), 0x101);		/* id */
	CU_ASSERT_EQUAL(word(r, 56 - 8), 0);			/* cpu */
	CU_ASSERT_EQUAL(evlist_record_time(cfg.sample_type, (const void *)r,
					   &t), 0);
	CU_ASSERT_EQUAL(t, FAKE_CPUS_EPOCH + 5);
	fake_cpus_free(fc);
}

/* A full ring drops; after the reader frees it, the next write is
 * preceded by LOST {id, lost, trailer stamped now, not the record's}. */
static void test_lost_layout(void)
{
	struct fake_cpus_config cfg = {
		.ncpus = 1, .nevents = 1, .data_size = 256,
		.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
			       PERF_SAMPLE_ID | PERF_SAMPLE_CPU,
	};
	struct fake_cpus *fc = fake_cpus_new(&cfg, NULL, 0);
	struct fake_ring *ring;
	const struct fake_ring_entry *e;
	const uint8_t *r;
	size_t n;
	int k;

	CU_ASSERT_PTR_NOT_NULL_FATAL(fc);
	ring = fake_cpus_ring(fc, 0);
	for (k = 0; k < 6; k++)		/* 5 x 48 fit in 256, then drops */
		fake_cpus_write(fc, 0, 0, FAKE_CPUS_SAMPLE, 48, 0);
	CU_ASSERT_EQUAL(fake_ring_lost_pending(ring), 1);
	fake_ring_consume(ring);
	fake_cpus_advance(fc, 9);
	CU_ASSERT_EQUAL(fake_cpus_write(fc, 0, 0, FAKE_CPUS_SAMPLE, 48, -4),
			0);
	n = fake_ring_ledger_count(ring);
	e = fake_ring_ledger_entry(ring, n - 2);
	CU_ASSERT_TRUE_FATAL(e->is_lost);
	CU_ASSERT_EQUAL(e->size, 24 + 32);
	r = fake_ring_entry_bytes(ring, e);
	CU_ASSERT_EQUAL(word(r, 8), 0x101);			/* id */
	CU_ASSERT_EQUAL(word(r, 16), 1);			/* lost */
	CU_ASSERT_EQUAL(word(r, 24 + 8), FAKE_CPUS_EPOCH + 9);	/* now */
	CU_ASSERT_EQUAL(fake_cpus_row(fc, 0, n - 2)->time, FAKE_CPUS_EPOCH + 9);
	CU_ASSERT_EQUAL(fake_cpus_row(fc, 0, n - 1)->time, FAKE_CPUS_EPOCH + 5);
	fake_cpus_free(fc);
}

struct seen {
	uint64_t	time[16];
	unsigned int	ring[16];
	int		n;
};

static int note(void *ctx, unsigned int ring,
		const struct perf_event_header *h)
{
	struct seen *s = ctx;
	uint64_t t;

	if (s->n == 16 || evlist_record_time(PERF_SAMPLE_TID |
					     PERF_SAMPLE_TIME |
					     PERF_SAMPLE_ID |
					     PERF_SAMPLE_CPU, h, &t))
		return 1;
	s->ring[s->n] = ring;
	s->time[s->n++] = t;
	return 0;
}

/*
 * Worked by hand from process_finished_round(): round 1 reads 10 (ring 0)
 * and 20 (ring 1): nothing delivered, next flush at 20. Round 2 reads 15
 * (ring 0, written behind the pass) and 30: 10, 15, 20 delivered, next
 * flush at 30. Round 3 reads nothing: no finished round, nothing. The
 * flush: 30.
 */
static void test_rounds_by_hand(void)
{
	struct fake_cpus_config cfg = {
		.ncpus = 2, .nevents = 1, .data_size = 4096,
		.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
			       PERF_SAMPLE_ID | PERF_SAMPLE_CPU,
	};
	struct ringcheck_evlist_ring rings[2];
	struct ringcheck_evlist ev = { 2, rings, cfg.sample_type };
	struct fake_cpus *fc = fake_cpus_new(&cfg, NULL, 0);
	struct evlist_reader *r;
	struct seen s = { .n = 0 };
	unsigned int c;
	char msg[160];

	CU_ASSERT_PTR_NOT_NULL_FATAL(fc);
	for (c = 0; c < 2; c++) {
		struct fake_ring *ring = fake_cpus_ring(fc, c);

		rings[c] = (struct ringcheck_evlist_ring){
			{ fake_ring_base(ring), 4096, 4096, 0 }, (int)c };
	}
	r = evlist_reader_open(&ev, msg, sizeof(msg));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	fake_cpus_advance(fc, 10);
	fake_cpus_write(fc, 0, 0, FAKE_CPUS_SAMPLE, 40, 0);
	fake_cpus_advance(fc, 10);
	fake_cpus_write(fc, 1, 0, FAKE_CPUS_SAMPLE, 40, 0);
	CU_ASSERT_EQUAL(evlist_reader_round(r, &s, note), 0);
	CU_ASSERT_EQUAL(s.n, 0);
	fake_cpus_write(fc, 0, 0, FAKE_CPUS_SAMPLE, 40, -5);
	fake_cpus_advance(fc, 10);
	fake_cpus_write(fc, 1, 0, FAKE_CPUS_SAMPLE, 40, 0);
	CU_ASSERT_EQUAL(evlist_reader_round(r, &s, note), 0);
	CU_ASSERT_EQUAL_FATAL(s.n, 3);
	CU_ASSERT_EQUAL(s.time[0] - FAKE_CPUS_EPOCH, 10);
	CU_ASSERT_EQUAL(s.ring[0], 0);
	CU_ASSERT_EQUAL(s.time[1] - FAKE_CPUS_EPOCH, 15);
	CU_ASSERT_EQUAL(s.ring[1], 0);
	CU_ASSERT_EQUAL(s.time[2] - FAKE_CPUS_EPOCH, 20);
	CU_ASSERT_EQUAL(s.ring[2], 1);
	CU_ASSERT_EQUAL(evlist_reader_round(r, &s, note), 0);
	CU_ASSERT_EQUAL(s.n, 3);
	CU_ASSERT_EQUAL(evlist_reader_flush(r, &s, note), 0);
	CU_ASSERT_EQUAL_FATAL(s.n, 4);
	CU_ASSERT_EQUAL(s.time[3] - FAKE_CPUS_EPOCH, 30);
	CU_ASSERT_EQUAL(s.ring[3], 1);
	evlist_reader_close(r);
	fake_cpus_free(fc);
}

/* Configurations and requests fake_cpus refuses, saying why. */
static void test_fake_cpus_refuses(void)
{
	struct fake_cpus_config cfg = {
		.ncpus = 0, .nevents = 1, .data_size = 4096,
		.sample_type = PERF_SAMPLE_TIME,
	};
	struct fake_cpus *fc;
	char err[160];

	CU_ASSERT_PTR_NULL(fake_cpus_new(&cfg, err, sizeof(err)));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "CPUs"));
	cfg.ncpus = FAKE_CPUS_MAX + 1;
	CU_ASSERT_PTR_NULL(fake_cpus_new(&cfg, err, sizeof(err)));
	cfg.ncpus = 1;
	cfg.nevents = 0;
	CU_ASSERT_PTR_NULL(fake_cpus_new(&cfg, err, sizeof(err)));
	cfg.nevents = FAKE_CPUS_MAX_EVENTS + 1;
	CU_ASSERT_PTR_NULL(fake_cpus_new(&cfg, err, sizeof(err)));
	cfg.nevents = 1;
	cfg.sample_type = PERF_SAMPLE_TID;
	CU_ASSERT_PTR_NULL(fake_cpus_new(&cfg, err, sizeof(err)));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "TIME required"));
	cfg.sample_type = PERF_SAMPLE_TIME | PERF_SAMPLE_RAW;
	CU_ASSERT_PTR_NULL(fake_cpus_new(&cfg, err, sizeof(err)));
	cfg.sample_type = PERF_SAMPLE_TIME;
	cfg.data_size = 100;		/* not a power of two */
	CU_ASSERT_PTR_NULL(fake_cpus_new(&cfg, err, sizeof(err)));
	fake_cpus_free(NULL);
	cfg.data_size = 4096;
	fc = fake_cpus_new(&cfg, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(fc);
	CU_ASSERT_EQUAL(fake_cpus_write(fc, 1, 0, FAKE_CPUS_SAMPLE, 16, 0),
			-EINVAL);
	CU_ASSERT_EQUAL(fake_cpus_write(fc, 0, 0, FAKE_CPUS_SAMPLE, 16, 1),
			-EINVAL);
	CU_ASSERT_EQUAL(fake_cpus_write(fc, 0, 0, FAKE_CPUS_SAMPLE, 8, 0),
			-EINVAL);
	CU_ASSERT_EQUAL(fake_cpus_write(fc, 0, 1, FAKE_CPUS_SAMPLE, 16, 0),
			-EINVAL);	/* no event 1 */
	CU_ASSERT_EQUAL(fake_cpus_write(fc, 0, 0, FAKE_CPUS_SAMPLE, 20, 0),
			-EINVAL);	/* not 8-aligned */
	CU_ASSERT_EQUAL(fake_cpus_write(fc, 0, 0, FAKE_CPUS_SAMPLE, 65536,
					0), -EINVAL);
	CU_ASSERT_EQUAL(fake_cpus_write(fc, 0, 0, FAKE_CPUS_SAMPLE, 16,
					-(int64_t)FAKE_CPUS_EPOCH - 1),
			-EINVAL);	/* before the clock's start */
	fake_cpus_set_online(fc, 0, false);
	fake_cpus_set_online(fc, 5, false);	/* no such CPU: nothing */
	CU_ASSERT_EQUAL(fake_cpus_write(fc, 0, 0, FAKE_CPUS_SAMPLE, 16, 0),
			-EINVAL);
	fake_cpus_set_online(fc, 0, true);
	CU_ASSERT_EQUAL(fake_cpus_write(fc, 0, 0, FAKE_CPUS_SAMPLE, 16, 0),
			0);
	CU_ASSERT_PTR_NULL(fake_cpus_row(fc, 0, 1));
	CU_ASSERT_PTR_NULL(fake_cpus_row(fc, 1, 0));
	CU_ASSERT_PTR_NULL(fake_cpus_ring(fc, 1));
	fake_cpus_free(fc);
}

static const uint64_t plain = PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
			      PERF_SAMPLE_ID | PERF_SAMPLE_CPU;

/* Records too short for their timestamp; no TIME at all. */
static void test_record_time_refuses(void)
{
	struct perf_event_header h[4] = { { PERF_RECORD_SAMPLE, 0, 16 } };
	uint64_t t;

	CU_ASSERT_EQUAL(evlist_record_time(PERF_SAMPLE_TID, h, &t), -1);
	CU_ASSERT_EQUAL(evlist_record_time(plain, h, &t), -1);
	h[0] = (struct perf_event_header){ FAKE_CPUS_TYPE_SWITCH, 0, 24 };
	CU_ASSERT_EQUAL(evlist_record_time(plain, h, &t), -1);
}

static int stop_at_first(void *ctx, unsigned int ring,
			 const struct perf_event_header *h)
{
	++*(int *)ctx;
	return 7;
}

/* Opens that must fail, a ring fault and a short record mid-round, a
 * callback that stops the delivery, a close with records still held. */
static void test_evlist_reader_refuses(void)
{
	struct fake_cpus_config cfg = {
		.ncpus = 2, .nevents = 1, .data_size = 4096,
		.sample_type = plain,
	};
	struct fake_cpus *fc = fake_cpus_new(&cfg, NULL, 0);
	struct ringcheck_evlist_ring rings[2];
	struct ringcheck_evlist ev = { 2, rings, PERF_SAMPLE_TID };
	struct evlist_reader *r;
	uint8_t rec[16];
	char msg[160];
	int calls = 0;
	unsigned int c;

	CU_ASSERT_PTR_NOT_NULL_FATAL(fc);
	for (c = 0; c < 2; c++)
		rings[c] = (struct ringcheck_evlist_ring){
			{ fake_ring_base(fake_cpus_ring(fc, c)), 4096, 4096, 0 },
			(int)c };
	CU_ASSERT_PTR_NULL(evlist_reader_open(&ev, msg, sizeof(msg)));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "TIME"));
	ev.sample_type = plain;
	ev.nrings = 0;
	CU_ASSERT_PTR_NULL(evlist_reader_open(&ev, msg, sizeof(msg)));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "no rings"));
	ev.nrings = 2;
	rings[1].ring.overwrite = 1;
	CU_ASSERT_PTR_NULL(evlist_reader_open(&ev, msg, sizeof(msg)));
	rings[1].ring.overwrite = 0;
	rings[1].ring.data_size = 3;
	CU_ASSERT_PTR_NULL(evlist_reader_open(&ev, msg, sizeof(msg)));
	rings[1].ring.data_size = 4096;
	evlist_reader_close(NULL);

	/* the callback's stop is returned; the rest stays held to close */
	r = evlist_reader_open(&ev, msg, sizeof(msg));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	fake_cpus_write(fc, 0, 0, FAKE_CPUS_SAMPLE, 40, 0);
	fake_cpus_write(fc, 1, 0, FAKE_CPUS_SAMPLE, 40, 0);
	CU_ASSERT_EQUAL(evlist_reader_round(r, &calls, stop_at_first), 0);
	CU_ASSERT_EQUAL(evlist_reader_flush(r, &calls, stop_at_first), 7);
	CU_ASSERT_EQUAL(calls, 1);
	evlist_reader_close(r);

	/* a sample too short for its time: the round fails, saying so */
	r = evlist_reader_open(&ev, msg, sizeof(msg));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	fake_ring_make_record(rec, PERF_RECORD_SAMPLE, 16, 1);
	fake_ring_write(fake_cpus_ring(fc, 1), rec, 16, NULL);
	CU_ASSERT_EQUAL(evlist_reader_round(r, &calls, stop_at_first),
			-EBADMSG);
	CU_ASSERT_PTR_NOT_NULL(strstr(evlist_reader_error(r), "ring 1"));
	evlist_reader_close(r);

	/* a header of size 12 on ring 0: the ring reader's fault */
	r = evlist_reader_open(&ev, msg, sizeof(msg));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	fake_ring_make_record(rec, PERF_RECORD_SAMPLE, 16, 2);
	((struct perf_event_header *)rec)->size = 12;
	fake_ring_poke(fake_cpus_ring(fc, 0),
		       fake_ring_data_head(fake_cpus_ring(fc, 0)), rec, 16);
	fake_ring_publish_raw_head(fake_cpus_ring(fc, 0),
		fake_ring_data_head(fake_cpus_ring(fc, 0)) + 16);
	CU_ASSERT_TRUE(evlist_reader_round(r, &calls, stop_at_first) < 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(evlist_reader_error(r), "ring 0"));
	evlist_reader_close(r);
	fake_cpus_free(fc);
}

/* build/plugins/NAME.so, beside build/ringcheck. */
static const struct ringcheck_reader_ops *load(const char *name)
{
	char dir[PATH_MAX], path[PATH_MAX + 64], err[256];

	snprintf(dir, sizeof(dir), "%s", ringcheck_binary());
	snprintf(path, sizeof(path), "%s/plugins/%s.so", dirname(dir), name);
	return plugin_load(path, err, sizeof(err));
}

/* An evlist case goes to the plugin's merged-reader entry: the reference
 * passes it, a plugin without the entry is skipped, saying why. */
static void test_evlist_entry_dispatch(void)
{
	const struct ringcheck_reader_ops *ops;
	struct judge_result res;
	struct scenario s;
	char err[160], line[200];
	int rounds = 0;
	FILE *report;

	CU_ASSERT_EQUAL_FATAL(scenario_from_id("evlist-during-2.0.5.0", &s,
					       err, sizeof(err)), 0);
	ops = load("reference");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ops);
	report = tmpfile();
	CU_ASSERT_PTR_NOT_NULL_FATAL(report);
	play_scenario(&s, ops, &res, report);
	CU_ASSERT_EQUAL(res.verdict, VERDICT_PASS);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.msg, "records merged"));
	/* the replay's report: the configuration and the steps */
	rewind(report);
	CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof(line), report));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "2 rings of 4096 bytes"));
	while (fgets(line, sizeof(line), report))
		rounds += strstr(line, "read_round") != NULL;
	CU_ASSERT_EQUAL(rounds, 8);
	fclose(report);
	ops = load("example");
	CU_ASSERT_PTR_NOT_NULL_FATAL(ops);
	play_scenario(&s, ops, &res, NULL);
	CU_ASSERT_EQUAL(res.verdict, VERDICT_SKIP);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.msg, "ringcheck_evlist_reader"));
}

/* Each lie caught by the check meant for it, the step marked in the
 * report. */
static void test_evlist_oracle_catches_liars(void)
{
	static const struct { const char *plugin, *says; } liars[] = {
		{ "test-evlist-dup", "delivered twice" },
		{ "test-evlist-ring", "delivered as ring 1's" },
		{ "test-evlist-hold", "is not delivered" },
	};
	const struct ringcheck_reader_ops *ops;
	struct judge_result res;
	struct scenario s;
	char err[160], line[200];
	unsigned int k;
	int marked;
	FILE *report;

	CU_ASSERT_EQUAL_FATAL(scenario_from_id("evlist-rings-2.512.1.0", &s,
					       err, sizeof(err)), 0);
	for (k = 0; k < sizeof(liars) / sizeof(liars[0]); k++) {
		ops = load(liars[k].plugin);
		CU_ASSERT_PTR_NOT_NULL_FATAL(ops);
		report = tmpfile();
		CU_ASSERT_PTR_NOT_NULL_FATAL(report);
		play_scenario(&s, ops, &res, report);
		CU_ASSERT_EQUAL(res.verdict, VERDICT_FAIL);
		CU_ASSERT_PTR_NOT_NULL(strstr(res.msg, liars[k].says));
		rewind(report);
		marked = 0;
		while (fgets(line, sizeof(line), report))
			marked += !strncmp(line, "=>", 2);
		CU_ASSERT_EQUAL(marked, 1);
		fclose(report);
	}
}

/* A reader that walks the rings, as libperf does, is judged on what it
 * promises: each ring in its order, a round delivering what it read; the
 * same walk declared as merging fails the time order. */
static void test_evlist_walkers_judged_as_walkers(void)
{
	static const struct { const char *plugin, *says; } walkers[] = {
		{ "test-walk-ok", NULL },
		{ "test-walk-merges", "out of time order" },
		{ "test-walk-swap", "each ring comes in its own order" },
		{ "test-walk-hold", "a walk delivers what it read" },
	};
	const struct ringcheck_reader_ops *ops;
	struct judge_result res;
	struct scenario s;
	char err[160];
	unsigned int k;

	CU_ASSERT_EQUAL_FATAL(scenario_from_id("evlist-during-2.0.5.0", &s,
					       err, sizeof(err)), 0);
	for (k = 0; k < sizeof(walkers) / sizeof(walkers[0]); k++) {
		ops = load(walkers[k].plugin);
		CU_ASSERT_PTR_NOT_NULL_FATAL(ops);
		play_scenario(&s, ops, &res, NULL);
		if (!walkers[k].says) {
			CU_ASSERT_EQUAL(res.verdict, VERDICT_PASS);
			continue;
		}
		CU_ASSERT_EQUAL(res.verdict, VERDICT_FAIL);
		CU_ASSERT_PTR_NOT_NULL(strstr(res.msg, walkers[k].says));
	}
}

void register_fake_cpus_tests(void)
{
	CU_pSuite s = ADD_SUITE("fake_cpus");

	ADD_TEST(s, test_sample_layout);
	ADD_TEST(s, test_trailer_layout);
	ADD_TEST(s, test_lost_layout);
	ADD_TEST(s, test_rounds_by_hand);
	ADD_TEST(s, test_fake_cpus_refuses);
	ADD_TEST(s, test_record_time_refuses);
	ADD_TEST(s, test_evlist_reader_refuses);
	ADD_TEST(s, test_evlist_entry_dispatch);
	ADD_TEST(s, test_evlist_oracle_catches_liars);
	ADD_TEST(s, test_evlist_walkers_judged_as_walkers);
}
