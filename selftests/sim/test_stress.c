// SPDX-License-Identifier: GPL-2.0-only
/*
 * The stress test judged on readers whose faults are known: the reference
 * passes; a reader that skips a record, refuses the ring, fails read_init,
 * crashes, hangs or exits is failed with the reason.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stress.h"
#include "suites.h"

#define RECORDS	12000

const struct ringcheck_reader_ops *ringcheck_reader(void);

static struct ringcheck_reader_ops broken;
static unsigned long calls;

static const struct perf_event_header *skip_one(void *r)
{
	const struct perf_event_header *h = ringcheck_reader()->read_event(r);

	/* the 3000th record read is never handed out */
	if (h && ++calls == 3000)
		h = ringcheck_reader()->read_event(r);
	return h;
}

static void *refuse(const struct ringcheck_ring *ring)
{
	return NULL;
}

static int init_fails(void *r)
{
	return -EIO;
}

static int run_with(const struct ringcheck_reader_ops *ops,
		    struct stress_result *res)
{
	struct stress_opts opts = { .records = RECORDS, .seed = 3 };

	memset(res, 0, sizeof(*res));
	calls = 0;
	return stress_run(ops, &opts, res);
}

static void test_stress_reference_passes(void)
{
	struct stress_result res;

	CU_ASSERT_EQUAL(run_with(ringcheck_reader(), &res), 0);
	CU_ASSERT_EQUAL(res.records, RECORDS);
	CU_ASSERT_EQUAL(res.rounds[0] + res.rounds[1] + res.rounds[2], 12);
	CU_ASSERT(res.delivered > 0 && res.delivered <= RECORDS);
}

static void test_stress_fails_broken_readers(void)
{
	struct stress_result res;

	broken = *ringcheck_reader();
	broken.read_event = skip_one;
	CU_ASSERT_EQUAL(run_with(&broken, &res), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.msg, "record"));

	broken = *ringcheck_reader();
	broken.open = refuse;
	CU_ASSERT_EQUAL(run_with(&broken, &res), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.msg, "refused"));

	broken = *ringcheck_reader();
	broken.read_init = init_fails;
	CU_ASSERT_EQUAL(run_with(&broken, &res), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.msg, "read_init returned -5"));
}

static const char *plugin(const char *name)
{
	static char path[2 * PATH_MAX];
	char bin[PATH_MAX];

	snprintf(bin, sizeof(bin), "%s", ringcheck_binary());
	snprintf(path, sizeof(path), "%s/plugins/%s", dirname(bin), name);
	return path;
}

static int cannot_run(const struct ringcheck_reader_ops *ops,
		      const struct stress_opts *opts, struct stress_result *res)
{
	snprintf(res->msg, sizeof(res->msg), "not here");
	return 2;
}

static int exits(const struct ringcheck_reader_ops *ops,
		 const struct stress_opts *opts, struct stress_result *res)
{
	exit(0);
}

static void test_stress_isolated(void)
{
	struct stress_opts opts = { .records = RECORDS, .seed = 1 };
	struct stress_result res;

	CU_ASSERT_EQUAL(stress_run_isolated(plugin("reference.so"), stress_run,
					    &opts, 10000, &res), 0);
	CU_ASSERT_EQUAL(stress_run_isolated(plugin("test-crash.so"), stress_run,
					    &opts, 10000, &res), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.msg, "crashed"));
	CU_ASSERT_EQUAL(stress_run_isolated(plugin("test-hang.so"), stress_run,
					    &opts, 300, &res), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.msg, "a hang"));
	CU_ASSERT_EQUAL(stress_run_isolated("/nonexistent.so", stress_run,
					    &opts, 10000, &res), -1);
	CU_ASSERT_EQUAL(stress_run_isolated(plugin("reference.so"), cannot_run,
					    &opts, 10000, &res), 2);
	CU_ASSERT_STRING_EQUAL(res.msg, "not here");
	CU_ASSERT_EQUAL(stress_run_isolated(plugin("reference.so"), exits,
					    &opts, 10000, &res), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.msg, "exited"));
}

void register_stress_tests(void)
{
	CU_pSuite s = ADD_SUITE("stress");

	ADD_TEST(s, test_stress_reference_passes);
	ADD_TEST(s, test_stress_fails_broken_readers);
	ADD_TEST(s, test_stress_isolated);
}
