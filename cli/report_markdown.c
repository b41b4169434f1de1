// SPDX-License-Identifier: GPL-2.0-only
/*
 * --markdown: families x readers, cases failed of cases run, the first
 * failure of each family and the root causes.
 */
#include <stdlib.h>
#include <string.h>

#include "judge/diagnose.h"
#include "report.h"

/* Text inside a table cell or a list item: one line, no cell breaks. */
static void md_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r')
			fputc(' ', out);
		else if (strchr("|\\`*_[]<>#", *s))
			fprintf(out, "\\%c", *s);
		else
			fputc(*s, out);
	}
}

static void cell(FILE *out, const struct run_report *rep, size_t r, int f)
{
	const struct reader_result *rr = &rep->rr[r];
	const struct kernel_result *k = &rr->kernel;
	size_t ncases, failed, skipped;

	if (f == nfamilies && rep->kernel_asked && !k->ran) {
		fputs(" MISSING: ", out);
		md_text(out, k->note);
		fputs(" |", out);
		return;
	}
	ncases = f < nfamilies ? rr->stats[f].cases
			       : report_kernel_count(k, -1);
	failed = f < nfamilies ? rr->stats[f].failed
			       : report_kernel_count(k, CASE_FAILED);
	skipped = f < nfamilies ? rr->stats[f].skipped
				: report_kernel_count(k, CASE_SKIPPED);
	if (!ncases)
		fputs(" - |", out);
	else if (skipped == ncases) {
		const char *why = f < nfamilies ? report_family_skip(rep, r, f)
						: NULL;

		fputs(" SKIP", out);
		if (why) {
			fputs(": ", out);
			md_text(out, why);
		}
		fputs(" |", out);
	} else if (!failed)
		fprintf(out, " pass (%zu) |", ncases);
	else
		fprintf(out, " **%zu of %zu failed** |", failed, ncases);
}

int report_markdown(FILE *out, const struct run_report *rep)
{
	char id[96];
	size_t r, k, n;
	int f;

	fprintf(out, "# ringcheck conformance\n\n| reader | capabilities |\n"
		     "|---|---|\n");
	for (r = 0; r < rep->nr; r++) {
		fputs("| ", out);
		md_text(out, rep->rr[r].name);
		fprintf(out, " | %s |\n", rep->rr[r].caps);
	}
	fprintf(out, "\n| family |");
	for (r = 0; r < rep->nr; r++) {
		fputc(' ', out);
		md_text(out, rep->rr[r].name);
		fputs(" |", out);
	}
	fprintf(out, "\n|---|");
	for (r = 0; r < rep->nr; r++)
		fprintf(out, "---|");
	fputc('\n', out);
	for (f = 0; f <= nfamilies; f++) {
		fprintf(out, "| %s |", f < nfamilies ? families[f].name
						   : "kernel");
		for (r = 0; r < rep->nr; r++)
			cell(out, rep, r, f);
		fputc('\n', out);
	}
	fprintf(out, "\n## Root causes\n\n");
	for (r = 0; r < rep->nr; r++) {
		struct root_cause *rc;

		n = report_root_causes(rep, r, &rc);
		for (k = 0; k < n; k++) {
			fputs("- ", out);
			md_text(out, rep->rr[r].name);
			fprintf(out, ": `%s`", rc[k].key);
			if (rc[k].clause)
				fprintf(out, ", contract %d (%s)", rc[k].clause,
					contract_clause_name(rc[k].clause));
			if (rc[k].bug)
				fprintf(out, ", bug class %s", rc[k].bug);
			fprintf(out, ", %zu cases; smallest `%s`: ",
				rc[k].count, report_case_id(rep, rc[k].smallest,
							    id, sizeof(id)));
			md_text(out, rep->rr[r].results[rc[k].smallest].msg);
			fputc('\n', out);
		}
		free(rc);
	}
	fprintf(out, "\nReplay one: `ringcheck run --case ID --reader "
		     "FILE.so`.\n");
	return ferror(out) ? -1 : 0;
}
