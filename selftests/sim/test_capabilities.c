// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a case needs of a reader, hand-derived for a few ids; a reader
 * without a capability gets a skip naming it; and every backward case
 * starts from a head a kernel can have (at or below 0).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/perf_event.h>
#include <CUnit/CUnit.h>

#include "scenario/capabilities.h"
#include "helpers.h"
#include "player/player.h"
#include "runner/plugin.h"
#include "suites.h"

static unsigned int needs_of(const char *id)
{
	struct scenario *s = malloc(sizeof(*s));
	unsigned int needs = 0;
	char err[160];

	if (!scenario_from_id(id, s, err, sizeof(err)))
		needs = scenario_needs(s);
	else
		CU_FAIL(err);
	free(s);
	return needs;
}

static void test_case_needs(void)
{
	/* forward, consume per record, 64 bytes on 4 KiB pages; its start
	 * 16 is reached from 0 by records it reads */
	CU_ASSERT_EQUAL(needs_of("wrap-64.16.24.0"),
			RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_RELEASE_RECORD |
			RINGCHECK_CAP_PART_PAGE);
	/* backward, one whole page */
	CU_ASSERT_EQUAL(needs_of("overwrite-4096.8.1.0"),
			RINGCHECK_CAP_OVERWRITE);
	/* forward at 2^31 - 64: a ring another reader has read; rounds
	 * alternate both release patterns */
	CU_ASSERT_EQUAL(needs_of("counters-0.31.64.8.0"),
			RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_RING_IN_USE |
			RINGCHECK_CAP_PART_PAGE | RINGCHECK_CAP_RELEASE_RECORD |
			RINGCHECK_CAP_RELEASE_CYCLE);
	CU_ASSERT_EQUAL(needs_of("push-0.4096.0.8.0"),
			RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_PUSH);
}

static void *never_open(const struct ringcheck_ring *ring)
{
	CU_FAIL("a case outside the capabilities was run");
	return NULL;
}

static void no_close(void *r)
{
}

static void *never_open_fd(const struct ringcheck_fd_ring *ring)
{
	CU_FAIL("a case outside the capabilities was run");
	return NULL;
}

static int never_drain(void *r, void *ctx, ringcheck_record_fn fn)
{
	CU_FAIL("drain of a reader that was never opened");
	return -1;
}

static void test_unsupported_is_a_named_skip(void)
{
	struct ringcheck_reader_ops ops = {
		.abi_version = 2, .name = "forward-only", .open = never_open,
		.close = no_close, .caps = RINGCHECK_CAP_FORWARD |
		RINGCHECK_CAP_RELEASE_RECORD | RINGCHECK_CAP_RELEASE_CYCLE,
		.min_data_size = 128,
	};
	struct scenario *s = malloc(sizeof(*s));
	struct judge_result res;
	char err[160];

	CU_ASSERT_EQUAL_FATAL(scenario_from_id("overwrite-4096.8.1.0", s, err,
					       sizeof(err)), 0);
	play_scenario(s, &ops, &res, NULL);
	CU_ASSERT_EQUAL(res.verdict, VERDICT_SKIP);
	CU_ASSERT_STRING_EQUAL(res.msg, "unsupported: overwrite");
	CU_ASSERT_EQUAL_FATAL(scenario_from_id("wrap-64.16.24.0", s, err,
					       sizeof(err)), 0);
	CU_ASSERT_STRING_EQUAL(scenario_unsupported(s, &ops),
			       "smallest data area");
	/* version 1: everything, and no field past push is read */
	ops.abi_version = 1;
	ops.caps = 0;
	CU_ASSERT_PTR_NULL(scenario_unsupported(s, &ops));
	CU_ASSERT_PTR_NULL(reader_open_fd(&ops));
	free(s);
}

static void test_describe_and_completeness(void)
{
	struct ringcheck_reader_ops ops = {
		.abi_version = 1, .name = "v1", .open = never_open,
		.close = no_close,
	};
	char buf[256];

	/* version 1: every capability but push, which it lacks */
	reader_caps_describe(&ops, buf, sizeof(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "+forward +overwrite -push"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "entries: open"));
	CU_ASSERT_PTR_NULL(strstr(buf, "limit"));
	CU_ASSERT_STRING_EQUAL(reader_ops_incomplete(&ops),
			       "read_init, read_event, consume and read_done "
			       "are required (or, version 2, drain)");
	ops.close = NULL;
	CU_ASSERT_PTR_NOT_NULL(reader_ops_incomplete(&ops));
	/* version 2: the callback entry alone is complete */
	ops = (struct ringcheck_reader_ops){
		.abi_version = 2, .name = "cb", .close = no_close,
		.open_fd = never_open_fd, .drain = never_drain,
		.caps = RINGCHECK_CAP_OVERWRITE, .min_data_size = 4096,
	};
	CU_ASSERT_PTR_NULL(reader_ops_incomplete(&ops));
	reader_caps_describe(&ops, buf, sizeof(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "-forward +overwrite"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "smallest data area 4096; "
					   "entries: open_fd drain"));
	CU_ASSERT_STRING_EQUAL(cap_name(RINGCHECK_CAP_RING_IN_USE),
			       "ring-in-use");
	CU_ASSERT_STRING_EQUAL(cap_name(3), "?");
}

/* The runtime's declaration: read only from version 2, shown only when
 * set, needed by no case (a reader declaring it runs what it did). */
static void test_runtime_fault_handlers_declared(void)
{
	struct ringcheck_reader_ops ops = {
		.abi_version = 2, .name = "go", .close = no_close,
		.open_fd = never_open_fd, .drain = never_drain,
		.caps = RINGCHECK_CAP_FORWARD,
	};
	char buf[256];

	CU_ASSERT_FALSE(reader_runtime_fault_handlers(&ops));
	reader_caps_describe(&ops, buf, sizeof(buf));
	CU_ASSERT_PTR_NULL(strstr(buf, "declares:"));
	ops.caps |= RINGCHECK_CAP_RUNTIME_FAULT_HANDLERS;
	CU_ASSERT_TRUE(reader_runtime_fault_handlers(&ops));
	reader_caps_describe(&ops, buf, sizeof(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf,
				      "declares:runtime-fault-handlers"));
	CU_ASSERT_PTR_NULL(strstr(buf, "limit:"));
	CU_ASSERT_STRING_EQUAL(
		cap_name(RINGCHECK_CAP_RUNTIME_FAULT_HANDLERS),
		"runtime-fault-handlers");
	/* a version-1 plugin has no caps field to declare it in */
	ops.abi_version = 1;
	CU_ASSERT_FALSE(reader_runtime_fault_handlers(&ops));
}

/*
 * A cycle whose usage takes one record, through the callback entry: the
 * suite's callback stops the drain after it, the reader releases that one
 * record only, and the final drain delivers the rest.
 */
static void test_drain_stops_where_the_usage_does(void)
{
	char err[512];
	const struct ringcheck_reader_ops *ops =
		plugin_load(plugin_path("reference-callback.so"), err,
			    sizeof(err));
	struct scenario *s = malloc(sizeof(*s));
	struct judge_result res;

	CU_ASSERT_PTR_NOT_NULL_FATAL(ops);
	scenario_init(s, "fwd-rw", 256, 0);
	snprintf(s->id, sizeof(s->id), "drain-stop");
	scenario_write(s, 24, 3);
	scenario_add(s, RD_INIT, 0, 0);
	scenario_add(s, RD_EVENT, 0, 0);
	scenario_write(s, 16, 1);
	scenario_add(s, RD_DONE, 0, 0);
	CU_ASSERT_EQUAL(scenario_needs(s), RINGCHECK_CAP_FORWARD |
			RINGCHECK_CAP_PART_PAGE);
	play_scenario(s, ops, &res, NULL);
	CU_ASSERT_EQUAL(res.verdict, VERDICT_PASS);
	if (res.verdict != VERDICT_PASS)
		fprintf(stderr, "drain-stop: %s\n", res.msg);
	free(s);
}

/*
 * The limits: a reader declaring one is given only the cases inside it,
 * the others skipped with the limit named; a reader that does not
 * declare it (the reference) is still given them. The case ids are
 * hand-picked: lifetime-4096.32.2 writes 8-byte samples, wrap-64.16.24.0
 * 24-byte ones (raw samples), forward-16384.1.8.0.1 has 16 KiB pages.
 */
static void expect_skip(const struct scenario *s,
			const struct ringcheck_reader_ops *ops,
			const char *why)
{
	const char *got = scenario_unsupported(s, ops);

	CU_ASSERT_PTR_NOT_NULL(got);
	if (got)
		CU_ASSERT_STRING_EQUAL(got, why);
}

static void test_limits_are_named_skips(void)
{
	struct ringcheck_reader_ops ops = {
		.abi_version = 2, .name = "limited", .open = never_open,
		.close = no_close, .caps = READER_CAPS_ALL,
	};
	struct scenario *s = malloc(sizeof(*s));
	struct judge_result res;
	char err[160], desc[256];
	unsigned long host = (unsigned long)getpagesize();

	CU_ASSERT_EQUAL_FATAL(scenario_from_id("lifetime-4096.32.2", s, err,
					       sizeof(err)), 0);
	CU_ASSERT_FALSE(scenario_raw_samples_only(s));
	CU_ASSERT_PTR_NULL(scenario_unsupported(s, &ops));
	ops.caps |= RINGCHECK_CAP_RAW_SAMPLES_ONLY;
	expect_skip(s, &ops, "raw-samples-only (records other than raw "
		    "samples and LOST)");
	/* the run: a skip with the reason, the reader never opened */
	play_scenario(s, &ops, &res, NULL);
	CU_ASSERT_EQUAL(res.verdict, VERDICT_SKIP);
	CU_ASSERT_STRING_EQUAL(res.msg, "unsupported: raw-samples-only "
			       "(records other than raw samples and LOST)");
	CU_ASSERT_EQUAL_FATAL(scenario_from_id("wrap-64.16.24.0", s, err,
					       sizeof(err)), 0);
	CU_ASSERT_TRUE(scenario_raw_samples_only(s));
	CU_ASSERT_PTR_NULL(scenario_unsupported(s, &ops));

	ops.caps = READER_CAPS_ALL;
	CU_ASSERT_EQUAL_FATAL(scenario_from_id("forward-16384.1.8.0.1", s, err,
					       sizeof(err)), 0);
	CU_ASSERT_PTR_NULL(scenario_unsupported(s, &ops));
	ops.caps |= RINGCHECK_CAP_HOST_PAGE_SIZE_ONLY;
	if (host != 16384)
		expect_skip(s, &ops, "host-page-size-only (a page size "
			    "other than the machine's)");
	s->cfg.page_size = host;
	s->cfg.data_size = host;
	CU_ASSERT_PTR_NULL(scenario_unsupported(s, &ops));
	/* the report names a declared limit, and no other */
	reader_caps_describe(&ops, desc, sizeof(desc));
	CU_ASSERT_PTR_NOT_NULL(strstr(desc, "+ring-in-use "
					    "limit:host-page-size-only; "));

	/* hand-built: a COMM record, a 12-byte reservation; a LOST is fine */
	scenario_init(s, "fwd-rw", 256, 0);
	scenario_write(s, 24, 2);
	scenario_add(s, ST_WRITE, 24, (1ll << 32) | FAKE_RING_TYPE_LOST);
	CU_ASSERT_TRUE(scenario_raw_samples_only(s));
	scenario_add(s, ST_RESERVE, 8, 0);
	CU_ASSERT_FALSE(scenario_raw_samples_only(s));
	s->nsteps--;
	scenario_add(s, ST_WRITE, 32, (1ll << 32) | PERF_RECORD_COMM);
	CU_ASSERT_FALSE(scenario_raw_samples_only(s));
	free(s);
}

/* The reference reader's records, looked at as they are delivered. */
static const struct ringcheck_reader_ops *probed;
static ringcheck_record_fn probed_fn;
static bool probe_saw_other;

static int probe_record(void *ctx, const struct perf_event_header *rec,
			long long lost)
{
	uint32_t raw;

	if (rec->type == PERF_RECORD_SAMPLE && rec->size >= 16)
		memcpy(&raw, rec + 1, sizeof(raw));
	if (rec->type != PERF_RECORD_LOST &&
	    (rec->type != PERF_RECORD_SAMPLE || rec->size < 16 ||
	     raw != rec->size - 12u))
		probe_saw_other = true;
	return probed_fn(ctx, rec, lost);
}

static int probe_drain(void *r, void *ctx, ringcheck_record_fn fn)
{
	probed_fn = fn;
	return probed->drain(r, ctx, probe_record);
}

/*
 * The static filter against the ledger: the reference reader delivers
 * every record the writer committed (the oracle passes it), so what it
 * delivers is what the ring held. A case the filter gives a raw-only
 * reader holds nothing else; a case it takes away holds something else.
 * Every 5th case of the quick bounds of every family but the hostile
 * ones (whose records after the corruption are not judged).
 */
static void test_raw_filter_matches_the_ledger(void)
{
	char err[512];
	struct ringcheck_reader_ops ops;
	struct scenario *s = malloc(sizeof(*s));
	struct scenario *adapted = malloc(sizeof(*adapted));
	struct judge_result res;
	size_t n, i, given = 0, taken = 0;
	int f;

	probed = plugin_load(plugin_path("reference-callback.so"), err,
			     sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(probed);
	ops = *probed;
	ops.drain = probe_drain;
	for (f = 0; f < nfamilies; f++) {
		n = family_count(f, BOUNDS_QUICK);
		for (i = 0; i < n; i += 5) {
			/* a case played in the once-a-cycle usage drops
			 * records the written one keeps: the filter looks
			 * at what is written, so it is checked on the rest */
			if (scenario_build(f, BOUNDS_QUICK, i, s) ||
			    s->evlist || s->hostile ||
			    scenario_for_reader(s, &ops, adapted) != s)
				continue;
			probe_saw_other = false;
			play_scenario(s, &ops, &res, NULL);
			if (res.verdict != VERDICT_PASS)
				continue;
			if (scenario_raw_samples_only(s)) {
				given++;
				if (probe_saw_other) {
					CU_FAIL("a raw-only case holds "
						"another record");
					fprintf(stderr, "%s\n", s->id);
				}
			} else if (probe_saw_other) {
				taken++;
			} else {
				/* taken away, though its records were all
				 * raw samples and LOST */
				CU_FAIL("a raw-only case taken away");
				fprintf(stderr, "%s\n", s->id);
			}
		}
	}
	CU_ASSERT(given > 100 && taken > 100);
	free(adapted);
	free(s);
}

/* The head when the reader opens the ring: the start, less the history. */
static int64_t head_at_open(const struct scenario *s)
{
	uint64_t head = s->cfg.start;
	int i;

	for (i = 0; i < s->nhistory; i++)
		head -= (uint64_t)s->steps[i].arg *
			(uint64_t)(s->steps[i].arg2 >> 32);
	return (int64_t)head;
}

static void test_backward_heads_are_reachable(void)
{
	struct scenario *s = malloc(sizeof(*s));
	size_t n, i, checked = 0;
	int f;

	for (f = 0; f < nfamilies; f++) {
		n = family_count(f, BOUNDS_QUICK);
		for (i = 0; i < n; i++) {
			if (scenario_build(f, BOUNDS_QUICK, i, s) ||
			    !s->cfg.backward || s->hostile)
				continue;
			checked++;
			/* the writer starts at or below 0; a start below 0
			 * only with a whole ring of history after it */
			if ((int64_t)s->cfg.start > 0 || head_at_open(s) > 0 ||
			    (s->cfg.start && s->cfg.start - (uint64_t)
			     head_at_open(s) < s->cfg.data_size)) {
				CU_FAIL("a backward case starts from a head "
					"no kernel has");
				fprintf(stderr, "%s: start %lld, head %lld\n",
					s->id, (long long)s->cfg.start,
					(long long)head_at_open(s));
				break;
			}
		}
	}
	CU_ASSERT(checked > 1000);
	free(s);
}

void register_capability_tests(void)
{
	CU_pSuite s = ADD_SUITE("capabilities");

	ADD_TEST(s, test_case_needs);
	ADD_TEST(s, test_unsupported_is_a_named_skip);
	ADD_TEST(s, test_backward_heads_are_reachable);
	ADD_TEST(s, test_describe_and_completeness);
	ADD_TEST(s, test_runtime_fault_handlers_declared);
	ADD_TEST(s, test_drain_stops_where_the_usage_does);
	ADD_TEST(s, test_limits_are_named_skips);
	ADD_TEST(s, test_raw_filter_matches_the_ledger);
}
