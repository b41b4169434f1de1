// SPDX-License-Identifier: GPL-2.0-only
/*
 * The failures a judge holds against a run, grouped by root cause: each
 * group's first case with its message and replay command, then its cases
 * up to a cap, each with a note (what it was in the baseline).
 */
#include <stdlib.h>
#include <string.h>

#include "known_failures.h"

static int by_cause_then_id(const void *a, const void *b)
{
	const struct judged_case *x = a, *y = b;
	int c = strcmp(x->c->cause, y->c->cause);

	return c ? c : strcmp(x->c->id, y->c->id);
}

void judge_list_by_cause(FILE *out, struct judged_case *jc, size_t n)
{
	size_t i, j, k;

	qsort(jc, n, sizeof(*jc), by_cause_then_id);
	for (i = 0; i < n; i = j) {
		const struct case_outcome *first = jc[i].c;

		for (j = i; j < n && !strcmp(jc[j].c->cause, first->cause);
		     j++)
			;
		fprintf(out, "    %s: %zu case%s\n", first->cause, j - i,
			j - i == 1 ? "" : "s");
		fprintf(out, "      %s: %s\n", first->id,
			first->msg ? first->msg : "");
		if (first->replay)
			fprintf(out, "      replay: %s\n", first->replay);
		for (k = i; k < j && k < i + JUDGE_LIST_CAP; k++)
			fprintf(out, "      %s%s%s%s\n", jc[k].c->id,
				jc[k].note ? " (" : "",
				jc[k].note ? jc[k].note : "",
				jc[k].note ? ")" : "");
		if (j - i > JUDGE_LIST_CAP)
			fprintf(out, "      ... and %zu more\n",
				j - i - JUDGE_LIST_CAP);
	}
}
