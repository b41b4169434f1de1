// SPDX-License-Identifier: GPL-2.0-only
/*
 * A run judged against an expectations file (docs/expectations.md): a
 * failing case is known when an entry for its reader names it (its id, or
 * a pattern of ids) or its root cause. A failure no entry names fails the
 * run, as does an entry with a count that more cases match. An entry that
 * no longer holds (what it names passes, or fewer cases than its count)
 * is reported, and fails the run under --strict: the file is out of date.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "known_failures.h"

static bool applies(const struct expect_entry *e, const char *reader)
{
	return !fnmatch(e->reader, reader, 0);
}

static bool matches(const struct expect_entry *e, const struct case_outcome *c)
{
	return e->by_cause ? !strcmp(e->what, c->cause)
			   : !fnmatch(e->what, c->id, 0);
}

/* What became of the case a plain id names, for an entry that did not
 * hold. */
static const char *became(const struct expect_entry *e,
			  const struct reader_outcomes *now)
{
	const struct case_outcome *c;

	if (e->by_cause)
		return "no case failed with it";
	if (strpbrk(e->what, "*?["))
		return "no failing case matches it";
	c = outcomes_find(now, e->what);
	return !c ? "not in this run" :
	       c->status == CASE_PASSED ? "passed" : "skipped";
}

static void where(FILE *out, const struct expect_entry *e)
{
	fprintf(out, "%s:%d: %s %s", e->file, e->line,
		e->by_cause ? "cause" : "case", e->what);
}

/* Entries whose count more cases match: their extra failures are new.
 * Returns how many entries. */
static size_t print_over(FILE *out, const struct expectations *ex,
			 const char *reader)
{
	size_t i, over = 0;

	for (i = 0; i < ex->n; i++) {
		const struct expect_entry *e = &ex->e[i];

		if (!applies(e, reader) || e->count < 0 ||
		    e->matched <= (size_t)e->count)
			continue;
		if (!over++)
			fprintf(out, "  MORE FAILURES THAN EXPECTED:\n");
		fprintf(out, "    ");
		where(out, e);
		fprintf(out, ": %zu failing cases, the file expects %ld\n",
			e->matched, e->count);
	}
	return over;
}

/* Entries that no longer hold. Returns how many. */
static size_t print_stale(FILE *out, const struct expectations *ex,
			  const struct reader_outcomes *now)
{
	size_t i, stale = 0;

	for (i = 0; i < ex->n; i++) {
		const struct expect_entry *e = &ex->e[i];

		if (!applies(e, now->name) ||
		    (e->matched && (e->count < 0 ||
				    e->matched >= (size_t)e->count)))
			continue;
		if (!stale++)
			fprintf(out, "  expected failures that no longer "
				"hold (fixed, or not in this run):\n");
		fprintf(out, "    ");
		where(out, e);
		if (e->matched)
			fprintf(out, ": %zu failing cases, the file expects "
				"%ld (%s)\n", e->matched, e->count, e->reason);
		else
			fprintf(out, ": %s (%s)\n", became(e, now), e->reason);
	}
	return stale;
}

int expect_judge(FILE *out, struct expectations *ex,
		 const struct reader_outcomes *now, bool strict)
{
	struct judged_case *un = calloc(now->n ? now->n : 1, sizeof(*un));
	size_t i, k, n = 0, failing = 0, entries = 0, over, stale;
	int ret;

	for (k = 0; k < ex->n; k++) {
		ex->e[k].matched = 0;
		entries += applies(&ex->e[k], now->name);
	}
	for (i = 0; i < now->n; i++) {
		const struct case_outcome *c = &now->c[i];
		bool known = false;

		if (c->status != CASE_FAILED)
			continue;
		failing++;
		for (k = 0; k < ex->n; k++) {
			if (!applies(&ex->e[k], now->name) ||
			    !matches(&ex->e[k], c))
				continue;
			ex->e[k].matched++;
			known = true;
		}
		if (!known)
			un[n++].c = c;
	}
	fprintf(out, "expectations, reader %s: %zu failing case%s, %zu "
		"entr%s for it\n", now->name, failing, failing == 1 ? "" : "s",
		entries, entries == 1 ? "y" : "ies");
	if (n) {
		fprintf(out, "  UNEXPECTED FAILURES: %zu case%s, by root "
			"cause:\n", n, n == 1 ? "" : "s");
		judge_list_by_cause(out, un, n);
	}
	over = print_over(out, ex, now->name);
	stale = print_stale(out, ex, now);
	free(un);
	ret = n || over || (strict && stale);
	if (n || over)
		fprintf(out, "  verdict: failures the file does not expect\n");
	else if (strict && stale)
		fprintf(out, "  verdict: %zu expectation%s no longer hold%s "
			"and --strict: update the file\n", stale,
			stale == 1 ? "" : "s", stale == 1 ? "s" : "");
	else
		fprintf(out, "  verdict: every failure expected\n");
	return ret;
}
