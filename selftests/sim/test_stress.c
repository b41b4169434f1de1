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

#include "stress/stress.h"
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

/* A callback reader over the reference's calls, opened by fd only. */
static unsigned long drain_skip_at;	/* 0: none */

static int drain(void *r, void *ctx, ringcheck_record_fn fn)
{
	const struct ringcheck_reader_ops *ref = ringcheck_reader();
	const struct perf_event_header *h;
	int rc = ref->read_init(r);

	if (rc == -EAGAIN)
		return 0;
	if (rc)
		return -1;
	while ((h = ref->read_event(r)))
		if ((!drain_skip_at || ++calls != drain_skip_at) &&
		    fn(ctx, h, -1))
			break;
	ref->consume(r);
	ref->read_done(r);
	return 0;
}

static void *map_read_only(const struct ringcheck_fd_ring *ring)
{
	struct ringcheck_fd_ring ro = *ring;

	/* the reference maps a backward ring read-only */
	ro.backward = 1;
	return ringcheck_reader()->open_fd(&ro);
}

static struct ringcheck_reader_ops fd_callback(void)
{
	struct ringcheck_reader_ops ops = {
		.abi_version = 2, .name = "fd-callback",
		.close = ringcheck_reader()->close,
		.open_fd = ringcheck_reader()->open_fd, .drain = drain,
		.caps = RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_OVERWRITE |
			RINGCHECK_CAP_RELEASE_CYCLE,
	};

	return ops;
}

/*
 * The fd and callback entries: drain rounds only (no overwrite rounds for
 * a reader that maps the ring itself), checked as strictly.
 */
static void test_stress_fd_callback(void)
{
	struct stress_result res;

	broken = fd_callback();
	drain_skip_at = 0;
	CU_ASSERT_EQUAL(run_with(&broken, &res), 0);
	CU_ASSERT_EQUAL(res.records, RECORDS);
	CU_ASSERT_EQUAL(res.rounds[STRESS_DRAIN], 4);
	CU_ASSERT_EQUAL(res.rounds[STRESS_OVERWRITE] +
			res.rounds[STRESS_CONSUME_EACH] +
			res.rounds[STRESS_CONSUME_CYCLE], 0);
	/* whether a lossy round drops anything is up to the threads' timing */
	CU_ASSERT(res.delivered > 0);

	drain_skip_at = 2500;
	CU_ASSERT_EQUAL(run_with(&broken, &res), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.msg, "drain round"));
	drain_skip_at = 0;

	broken.open_fd = map_read_only;
	CU_ASSERT_EQUAL(run_with(&broken, &res), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.msg, "read-only"));

	/* nothing it declares is run here: a skip, with the reason */
	broken = fd_callback();
	broken.caps = RINGCHECK_CAP_OVERWRITE;
	CU_ASSERT_EQUAL(run_with(&broken, &res), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.msg, "none of this test's"));
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
	ADD_TEST(s, test_stress_fd_callback);
	ADD_TEST(s, test_stress_isolated);
}
