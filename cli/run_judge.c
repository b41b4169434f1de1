// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringcheck run --baseline / --expect: the run's verdict is the judges'
 * (cli/baseline.c, cli/expect.c) rather than "every case passed". Cases
 * left without a verdict (--fail-fast, --deadline) still fail the run:
 * what did not run cannot be known to be unchanged.
 */
#include <string.h>

#include "known_failures.h"
#include "run_judge.h"

/* The names of the baseline's readers, for a reader it does not have. */
static void names(const struct report_outcomes *base, char *buf, size_t len)
{
	size_t r, o = 0;

	buf[0] = '\0';
	for (r = 0; r < base->nr && o < len; r++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", r ? ", " : "",
				      base->r[r].name);
}

static int judge_baseline(FILE *out, const struct run_judge *j,
			  const struct reader_outcomes *now, size_t nreaders)
{
	const struct reader_outcomes *b;
	struct baseline_tally t;
	char title[512], list[256];

	b = outcomes_match(j->base, now->name, nreaders);
	if (!b) {
		names(j->base, list, sizeof(list));
		snprintf(title, sizeof(title), "baseline %s, reader %s: not "
			 "in the baseline (it has %s): every failure is new",
			 j->base_path, now->name, list);
	} else if (strcmp(b->name, now->name)) {
		snprintf(title, sizeof(title), "baseline %s, reader %s (%s "
			 "in the baseline: the only reader of each)",
			 j->base_path, now->name, b->name);
	} else {
		snprintf(title, sizeof(title), "baseline %s, reader %s",
			 j->base_path, now->name);
	}
	return baseline_judge(out, title, b, now, j->strict, &t);
}

int run_judge(FILE *out, const struct run_report *rep, struct run_judge *j)
{
	size_t r;
	int ret = 0;

	for (r = 0; r < rep->nr; r++) {
		struct reader_outcomes now;

		outcomes_from_run(rep, r, &now);
		fputc('\n', out);
		if (j->base && judge_baseline(out, j, &now, rep->nr))
			ret = 1;
		if (j->expect && expect_judge(out, j->expect, &now, j->strict))
			ret = 1;
		if (now.not_run) {
			fprintf(out, "  %zu case%s not run (--fail-fast, --deadline "
				"or the breaker): the run cannot be judged whole\n",
				now.not_run, now.not_run == 1 ? "" : "s");
			ret = 1;
		}
		outcomes_free(&now);
	}
	return ret;
}
