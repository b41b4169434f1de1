// SPDX-License-Identifier: GPL-2.0-only
/*
 * The engine's own tests: case ids are unique and rebuild their scenario,
 * the oracle fails readers that are wrong in known ways, and crashing,
 * hanging or mismatched plugins are failures of the reader, not of
 * ringcheck.
 */
#include <libgen.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/perf_event.h>
#include <CUnit/CUnit.h>

#include "helpers.h"
#include "player/player.h"
#include "runner/plugin.h"
#include "ring_reader.h"
#include "runner/runner.h"
#include "suites.h"

static int by_id(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_ids_are_unique_and_replayable(void)
{
	struct scenario *s = malloc(sizeof(*s)), *t = malloc(sizeof(*t));
	struct case_ref *cases;
	size_t n, i, dups = 0;
	char **ids, err[160];

	cases = runner_enumerate(BOUNDS_QUICK, ~0ul, &n);
	CU_ASSERT_FATAL(n > 1000);
	ids = calloc(n, sizeof(*ids));
	for (i = 0; i < n; i++) {
		CU_ASSERT_EQUAL_FATAL(scenario_build(cases[i].family,
					BOUNDS_QUICK, cases[i].raw, s), 0);
		ids[i] = strdup(s->id);
		/* the id alone rebuilds the same scenario */
		CU_ASSERT_EQUAL_FATAL(scenario_from_id(s->id, t, err,
						       sizeof(err)), 0);
		CU_ASSERT_FATAL(t->nsteps == s->nsteps &&
				!memcmp(t->steps, s->steps,
					sizeof(s->steps[0]) * s->nsteps) &&
				!memcmp(&t->cfg, &s->cfg, sizeof(s->cfg)));
	}
	qsort(ids, n, sizeof(*ids), by_id);
	for (i = 1; i < n; i++)
		dups += !strcmp(ids[i - 1], ids[i]);
	CU_ASSERT_EQUAL(dups, 0);
	CU_ASSERT_NOT_EQUAL(scenario_from_id("wrap-64.16", s, err, sizeof(err)), 0);
	CU_ASSERT_NOT_EQUAL(scenario_from_id("nosuch-1", s, err, sizeof(err)), 0);
	CU_ASSERT_NOT_EQUAL(scenario_from_id("wrap-64.x.8.0", s, err,
					     sizeof(err)), 0);
	CU_ASSERT_NOT_EQUAL(scenario_from_id("wrap-60.0.8.0", s, err,
					     sizeof(err)), 0);
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	free(cases);
	free(s);
	free(t);
}

/* Readers wrong on purpose: the reference behind a filter. */
static int skip_every, dup_every, calls;

static void *wrap_open(const struct ringcheck_ring *ring)
{
	int err;

	calls = 0;
	return ring_reader_open(ring, &err, NULL, 0);
}

static const struct perf_event_header *wrap_event(void *r)
{
	static const struct perf_event_header *last;
	const struct perf_event_header *ev;

	calls++;
	if (dup_every && last && calls % dup_every == 0)
		return last;	/* the same record again */
	ev = ring_reader_read_event(r);
	if (ev && skip_every && calls % skip_every == 0)
		ev = ring_reader_read_event(r);	/* one lost silently */
	last = ev;
	return ev;
}

static void wrap_close(void *r) { ring_reader_close(r); }
static int wrap_init(void *r) { return ring_reader_read_init(r); }
static void wrap_consume(void *r) { ring_reader_consume(r); }
static void wrap_done(void *r) { ring_reader_read_done(r); }

static const struct ringcheck_reader_ops wrapped = {
	.abi_version = 1, .name = "wrapped", .open = wrap_open,
	.close = wrap_close, .read_init = wrap_init, .read_event = wrap_event,
	.consume = wrap_consume, .read_done = wrap_done,
};

static void test_oracle_catches_skips_and_duplicates(void)
{
	struct scenario *s = malloc(sizeof(*s));
	struct judge_result res;
	char err[160];

	CU_ASSERT_EQUAL_FATAL(scenario_from_id("wrap-64.16.24.0", s, err,
					       sizeof(err)), 0);
	skip_every = dup_every = 0;
	play_scenario(s, &wrapped, &res, NULL);
	CU_ASSERT_EQUAL(res.verdict, VERDICT_PASS);

	skip_every = 2;
	play_scenario(s, &wrapped, &res, NULL);
	CU_ASSERT_EQUAL(res.verdict, VERDICT_FAIL);
	CU_ASSERT_PTR_NOT_NULL(strstr(res.msg, "ledger row"));

	skip_every = 0;
	dup_every = 4;
	play_scenario(s, &wrapped, &res, NULL);
	CU_ASSERT_EQUAL(res.verdict, VERDICT_FAIL);

	/* push cases of a reader without push: skipped, not failed */
	dup_every = 0;
	CU_ASSERT_EQUAL_FATAL(scenario_from_id("push-0.64.0.8.0", s, err,
					       sizeof(err)), 0);
	play_scenario(s, &wrapped, &res, NULL);
	CU_ASSERT_EQUAL(res.verdict, VERDICT_SKIP);
	free(s);
}

static void run_plugin(const char *name, const char *family, size_t ncases,
		       unsigned int timeout_ms, const char *word)
{
	struct runner_opts o = { .bounds = BOUNDS_QUICK, .jobs = 2,
				 .timeout_ms = timeout_ms,
				 .load_timeout_ms = 10000 };
	struct family_stats *stats = calloc((size_t)nfamilies, sizeof(*stats));
	struct case_result *results;
	struct case_ref *cases;
	size_t n;
	int f = family_find(family);

	cases = runner_enumerate(BOUNDS_QUICK, 1ul << f, &n);
	n = n < ncases ? n : ncases;
	results = calloc(n, sizeof(*results));
	CU_ASSERT_EQUAL(runner_run(plugin_path(name), name, cases, n, &o,
				   results), 0);
	runner_summarise(cases, n, results, stats);
	CU_ASSERT_EQUAL(stats[f].cases, n);
	CU_ASSERT_EQUAL(stats[f].failed, n);
	CU_ASSERT_FATAL(stats[f].first == 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(results[0].msg, word));
	free(results);
	free(cases);
	free(stats);
}

static void test_crashing_and_hanging_plugins(void)
{
	run_plugin("test-crash.so", "lifetime", 12, 2000, "crashed");
	run_plugin("test-hang.so", "wrap", 3, 200, "hung");
}

static void test_plugin_probe(void)
{
	char name[64], err[512];

	CU_ASSERT_EQUAL(plugin_probe(plugin_path("reference.so"), name,
				     sizeof(name), NULL, 0, err, sizeof(err)),
			0);
	CU_ASSERT_STRING_EQUAL(name, "reference");
	CU_ASSERT_EQUAL(plugin_probe(plugin_path("test-bad-abi.so"), name,
				     sizeof(name), NULL, 0, err, sizeof(err)),
			-1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "ABI version"));
	CU_ASSERT_EQUAL(plugin_probe("/nonexistent.so", name, sizeof(name), NULL, 0,
				     err, sizeof(err)), -1);
}

static int run_cli(const char *args, char *out, size_t outlen)
{
	char cmd[3 * PATH_MAX];

	snprintf(cmd, sizeof(cmd), "cd %s/.. && %s run %s", plugin_path(""),
		 ringcheck_binary(), args);
	return run_command(cmd, out, outlen);
}

static void test_run_command(void)
{
	static char out[1 << 16];

	CU_ASSERT_EQUAL(run_cli("--quick --sim-only --family lifetime", out, sizeof(out)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cases/s"));
	CU_ASSERT_EQUAL(run_cli("--case wrap-64.16.24.0", out, sizeof(out)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "passed"));
	CU_ASSERT_EQUAL(run_cli("--case nosuch-3", out, sizeof(out)), 2);
	CU_ASSERT_EQUAL(run_cli("--bogus", out, sizeof(out)), 2);
	CU_ASSERT_EQUAL(run_cli("--reader plugins/test-bad-abi.so", out,
				sizeof(out)), 2);
	/* a failing case replays with the ring, the steps and the fault */
	CU_ASSERT_EQUAL(run_cli("--case hostile-0.4096.8.0 --reader "
				"plugins/example.so", out, sizeof(out)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "data_head"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, ">>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "size 12"));
	CU_ASSERT_EQUAL(run_cli("--quick --sim-only --family hostile --reader "
				"plugins/example.so --tap", out, sizeof(out)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "TAP version 13"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "not ok 1 - example hostile"));
	/* pause: 4 data sizes x 3 record sizes x 4 drop counts, forward
	 * both ways (2) and backward outside a cycle (1) */
	CU_ASSERT_EQUAL(run_cli("--quick --sim-only --family pause --json "
				"report.json && python3 -c 'import json; "
				"f = json.load(open(\"report.json\"))"
				"[\"readers\"][0][\"families\"][0]; "
				"print(f[\"name\"], f[\"cases\"])'",
				out, sizeof(out)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\npause 144\n"));
	CU_ASSERT_EQUAL(run_cli("--case lifetime-64.8.1 --reader "
				"plugins/test-crash.so", out, sizeof(out)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "crashed"));
}

/* A fixtures directory with one image of `steps` and, if broken, a
 * second image cut short; NULL fixtures: a directory that is missing. */
static int run_images(const char *steps, bool broken, char *out, size_t len)
{
	char dir[] = "/tmp/ringcheck-fixtures-XXXXXX", path[PATH_MAX + 64];
	char cmd[3 * PATH_MAX];
	FILE *f;
	int rc;

	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/k", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/k/a.ring", dir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "ringcheck-ring-image 1\nmode fwd-rw\npage_size 4096\n"
		   "data_size 64\n%sdata 0 %0128d\n", steps, 0);
	fclose(f);
	if (broken) {
		snprintf(path, sizeof(path), "%s/k/b.ring", dir);
		f = fopen(path, "w");
		if (f) {
			fprintf(f, "ringcheck-ring-image 1\npage_size 4096\n");
			fclose(f);
		}
	}
	snprintf(cmd, sizeof(cmd), "RINGCHECK_FIXTURES=%s %s run --quick "
		 "--sim-only --family kernel-images", dir, ringcheck_binary());
	rc = run_command(cmd, out, len);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		return -1;
	return rc;
}

/* issue 10: inputs that shrank a family to nothing or aborted are exit 2 */
static void test_broken_fixtures(void)
{
	static char out[1 << 14], steps[sizeof("step t 0\n") * 700];
	char cmd[2 * PATH_MAX];
	int i;

	CU_ASSERT_EQUAL(run_images("step w 0900000000000800\nstep t 8\n",
				   false, out, sizeof(out)), 0);
	CU_ASSERT_EQUAL(run_images("", true, out, sizeof(out)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "b.ring: incomplete"));
	for (i = 0; i < 700; i++)
		strcat(steps, "step t 0\n");
	CU_ASSERT_EQUAL(run_images(steps, false, out, sizeof(out)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "more than 640 steps"));
	snprintf(cmd, sizeof(cmd), "RINGCHECK_FIXTURES=/nonexistent %s run "
		 "--quick --sim-only --family kernel-images",
		 ringcheck_binary());
	CU_ASSERT_EQUAL(run_command(cmd, out, sizeof(out)), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "has no cases"));
}

void register_engine_tests(void)
{
	CU_pSuite s = ADD_SUITE("engine");

	ADD_TEST(s, test_ids_are_unique_and_replayable);
	ADD_TEST(s, test_oracle_catches_skips_and_duplicates);
	ADD_TEST(s, test_crashing_and_hanging_plugins);
	ADD_TEST(s, test_plugin_probe);
	ADD_TEST(s, test_run_command);
	ADD_TEST(s, test_broken_fixtures);
}
