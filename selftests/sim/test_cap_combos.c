// SPDX-License-Identifier: GPL-2.0-only
/*
 * Capabilities mean the same everywhere: a reader that declares less is
 * still tested by every family that can test it. For each sensible
 * combination of capabilities, every family that can test it must give it
 * cases (a count per family and combination, against the table below); and
 * a correct reader declaring the combination passes them all while one
 * wrong in that usage fails them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/CUnit.h>

#include "ring_reader.h"
#include "families/families.h"
#include "player/player.h"
#include "scenario/capabilities.h"
#include "suites.h"

static void *ref_open(const struct ringcheck_ring *ring)
{
	int err;

	return ring_reader_open(ring, &err, NULL, 0);
}

static void ref_close(void *r) { ring_reader_close(r); }
static int ref_init(void *r) { return ring_reader_read_init(r); }
static void ref_consume(void *r) { ring_reader_consume(r); }
static void ref_done(void *r) { ring_reader_read_done(r); }

static const struct perf_event_header *ref_event(void *r)
{
	return ring_reader_read_event(r);
}

/* Wrong in a once-a-cycle usage: it releases each record as it returns
 * it, so the writer may reuse what the caller still holds. */
static const struct perf_event_header *early_event(void *r)
{
	const struct perf_event_header *ev = ring_reader_read_event(r);

	if (ev)
		ring_reader_consume(r);
	return ev;
}

static int ref_push(void *r, void *ctx, ringcheck_sink_fn sink)
{
	return ring_reader_push(r, ctx, sink);
}

struct combo {
	const char	*name;
	unsigned int	caps;
	bool		push;
	/* the families that cannot test it, and why */
	const char	*none[8];
};

/* what a reader of a ring opened mid-stream, in part pages, takes */
#define FWD	(RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_RING_IN_USE | \
		 RINGCHECK_CAP_PART_PAGE)
#define OW	(RINGCHECK_CAP_OVERWRITE | RINGCHECK_CAP_PART_PAGE)

/*
 * Forward families are forward rings by what they test (a wrap, a loss, a
 * record's lifetime after release, writer steps between forward calls);
 * an overwrite reader gets the backward modes of the rest. Backward
 * families (backward-window, backward-oversize: a record larger than a
 * ring, which only an overwrite ring holds) give a forward reader none.
 */
static const struct combo combos[] = {
	{ "forward, release per cycle", FWD | RINGCHECK_CAP_RELEASE_CYCLE,
	  false, { "overwrite", "backward-window", "push", "hostile-push",
		   "backward-oversize" } },
	{ "forward, release either way", FWD | RINGCHECK_CAP_RELEASE_CYCLE |
	  RINGCHECK_CAP_RELEASE_RECORD, false,
	  { "overwrite", "backward-window", "push", "hostile-push",
	    "backward-oversize" } },
	{ "overwrite only", OW, false,
	  { "wrap", "forward", "lost", "interleave", "lifetime", "push",
	    "hostile-push" } },
	{ "push, forward and overwrite", FWD | OW | RINGCHECK_CAP_PUSH |
	  RINGCHECK_CAP_RELEASE_CYCLE, true, { NULL } },
};

static bool excused(const struct combo *c, const char *family)
{
	int i;

	for (i = 0; i < 8 && c->none[i]; i++)
		if (!strcmp(c->none[i], family))
			return true;
	return false;
}

static void ops_of(const struct combo *c, struct ringcheck_reader_ops *ops)
{
	*ops = (struct ringcheck_reader_ops){
		.abi_version = RINGCHECK_READER_ABI_VERSION, .name = c->name,
		.open = ref_open, .close = ref_close, .read_init = ref_init,
		.read_event = ref_event, .consume = ref_consume,
		.read_done = ref_done, .caps = c->caps,
		.push = c->push ? ref_push : NULL,
	};
}

/* Cases of family f (quick bounds) the combination runs. */
static size_t runnable(int f, const struct ringcheck_reader_ops *ops,
		       struct scenario *s)
{
	size_t i, n = family_count(f, BOUNDS_QUICK), k = 0;

	for (i = 0; i < n; i++)
		if (!scenario_build(f, BOUNDS_QUICK, i, s) &&
		    !scenario_unsupported(s, ops))
			k++;
	return k;
}

static void test_every_family_tests_every_combination(void)
{
	struct scenario *s = malloc(sizeof(*s));
	struct ringcheck_reader_ops ops;
	size_t c, k;
	int f;

	for (c = 0; c < sizeof(combos) / sizeof(combos[0]); c++) {
		ops_of(&combos[c], &ops);
		for (f = 0; f < nfamilies; f++) {
			if (!strncmp(families[f].name, "evlist-", 7))
				continue;	/* the evlist ABI's own */
			k = runnable(f, &ops, s);
			printf("  %-28s %-16s %6zu cases\n", combos[c].name,
			       families[f].name, k);
			if (!excused(&combos[c], families[f].name) && !k)
				CU_FAIL("a family gives a combination no case");
		}
	}
	free(s);
}

/* Plays every quick case of the families whose forward cycles release
 * record by record, as a reader releasing once a cycle would. */
static void play_as_once_a_cycle(bool early, size_t *passed, size_t *failed)
{
	static const char *const fams[] = { "large-records", "lost", "pause",
		"counters", "lifetime", "hostile", "random", "interleave" };
	struct ringcheck_reader_ops ops;
	struct scenario *s = malloc(sizeof(*s));
	struct judge_result res;
	size_t i, n, j;
	int f;

	ops_of(&combos[0], &ops);
	if (early)
		ops.read_event = early_event;
	*passed = *failed = 0;
	for (j = 0; j < sizeof(fams) / sizeof(fams[0]); j++) {
		f = family_find(fams[j]);
		n = family_count(f, BOUNDS_QUICK);
		for (i = 0; i < n; i++) {
			if (scenario_build(f, BOUNDS_QUICK, i, s))
				continue;
			play_scenario(s, &ops, &res, NULL);
			*passed += res.verdict == VERDICT_PASS;
			*failed += res.verdict == VERDICT_FAIL;
		}
	}
	free(s);
}

static void test_once_a_cycle_usage_is_judged(void)
{
	size_t passed, failed;

	play_as_once_a_cycle(false, &passed, &failed);
	printf("  correct reader, release per cycle: %zu passed, %zu failed\n",
	       passed, failed);
	CU_ASSERT(passed > 1000);
	CU_ASSERT_EQUAL(failed, 0);
	play_as_once_a_cycle(true, &passed, &failed);
	printf("  releasing on read_event: %zu passed, %zu failed\n", passed,
	       failed);
	CU_ASSERT(failed > 0);
}

void register_cap_combo_tests(void)
{
	CU_pSuite s = ADD_SUITE("capability combinations");

	ADD_TEST(s, test_every_family_tests_every_combination);
	ADD_TEST(s, test_once_a_cycle_usage_is_judged);
}
