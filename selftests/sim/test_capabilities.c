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
#include <linux/perf_event.h>
#include <CUnit/CUnit.h>

#include "capabilities.h"
#include "helpers.h"
#include "oracle.h"
#include "plugin.h"
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
	struct oracle_result res;
	char err[160];

	CU_ASSERT_EQUAL_FATAL(scenario_from_id("overwrite-4096.8.1.0", s, err,
					       sizeof(err)), 0);
	oracle_run(s, &ops, &res, NULL);
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
	struct oracle_result res;

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
	oracle_run(s, ops, &res, NULL);
	CU_ASSERT_EQUAL(res.verdict, VERDICT_PASS);
	if (res.verdict != VERDICT_PASS)
		fprintf(stderr, "drain-stop: %s\n", res.msg);
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
	ADD_TEST(s, test_drain_stops_where_the_usage_does);
}
