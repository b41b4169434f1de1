// SPDX-License-Identifier: GPL-2.0-only
/*
 * A run judged against a baseline report: a case that passed there and
 * fails now is a new failure, and so is a failing case the baseline does
 * not know (a new family, other bounds); a case failing in both is known.
 * New failures come first, grouped by root cause, then the cases fixed.
 */
#include <stdlib.h>
#include <string.h>

#include "known_failures.h"

static const char *was(const struct case_outcome *b)
{
	return !b ? "not in the baseline" :
	       b->status == CASE_SKIPPED ? "skipped in the baseline"
					 : "passed in the baseline";
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

/* The cases failing in the baseline that pass now, listed. */
static void print_fixed(FILE *out, const struct reader_outcomes *base,
			const struct reader_outcomes *now, size_t fixed)
{
	size_t i, shown = 0;

	fprintf(out, "  fixed since the baseline: %zu case%s\n", fixed,
		plural(fixed));
	for (i = 0; base && i < base->n; i++) {
		const struct case_outcome *b = &base->c[i];
		const struct case_outcome *c;

		if (b->status != CASE_FAILED)
			continue;
		c = outcomes_find(now, b->id);
		if (!c || c->status != CASE_PASSED)
			continue;
		if (shown++ == JUDGE_LIST_CAP) {
			fprintf(out, "      ... and %zu more\n",
				fixed - JUDGE_LIST_CAP);
			break;
		}
		fprintf(out, "      %s (was %s)\n", b->id, b->cause);
	}
}

int baseline_judge(FILE *out, const char *title,
		   const struct reader_outcomes *base,
		   const struct reader_outcomes *now, bool strict,
		   struct baseline_tally *t)
{
	struct judged_case *nf = calloc(now->n ? now->n : 1, sizeof(*nf));
	size_t i, n = 0;
	int ret;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < now->n; i++) {
		const struct case_outcome *c = &now->c[i];
		const struct case_outcome *b = outcomes_find(base, c->id);

		if (c->status == CASE_FAILED && b && b->status == CASE_FAILED) {
			t->still_failing++;
		} else if (c->status == CASE_FAILED) {
			nf[n].c = c;
			nf[n++].note = was(b);
			if (b)
				t->new_failed++;
			else
				t->new_unknown++;
		} else if (b && b->status == CASE_FAILED) {
			t->fixed += c->status == CASE_PASSED;
		} else if (b && b->status == CASE_PASSED) {
			t->passing += c->status == CASE_PASSED;
			t->newly_skipped += c->status == CASE_SKIPPED;
		}
	}
	for (i = 0; base && i < base->n; i++)
		t->gone += base->c[i].status == CASE_FAILED &&
			   !outcomes_find(now, base->c[i].id);

	fprintf(out, "%s\n", title);
	if (n) {
		fprintf(out, "  NEW FAILURES: %zu case%s (%zu passed or were "
			"skipped in the baseline, %zu not in it), by root "
			"cause:\n", n, plural(n), t->new_failed,
			t->new_unknown);
		judge_list_by_cause(out, nf, n);
	} else {
		fprintf(out, "  no new failure\n");
	}
	print_fixed(out, base, now, t->fixed);
	fprintf(out, "  unchanged: %zu failing, %zu passing; skipped now, "
		"passed in the baseline: %zu; failing in the baseline, not in "
		"this run: %zu\n", t->still_failing, t->passing,
		t->newly_skipped, t->gone);
	free(nf);
	ret = n || (strict && t->fixed);
	if (n)
		fprintf(out, "  verdict: %zu new failure%s\n", n, plural(n));
	else if (strict && t->fixed)
		fprintf(out, "  verdict: %zu case%s fixed and --strict: "
			"update the baseline\n", t->fixed, plural(t->fixed));
	else
		fprintf(out, "  verdict: nothing new fails\n");
	return ret;
}
