// SPDX-License-Identifier: GPL-2.0-only
/*
 * TAP 13: one test point per reader and family and one per kernel test.
 * A family the reader cannot run at all, and a kernel test that did not
 * run, are "# SKIP reason"; a failing family carries its first failure,
 * its replay line and its count in YAML.
 */
#include <string.h>

#include "report.h"

/* TAP descriptions and directives end at a newline, and '#' starts one. */
static void tap_text(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s == '#' ? '_' : *s,
		      out);
}

/* A YAML double-quoted scalar. */
static void yaml_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(out, "\\x%02x", (unsigned char)*s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

static void family_point(FILE *out, const struct run_report *rep, size_t r,
			 int f, size_t k)
{
	const struct reader_result *rr = &rep->rr[r];
	const struct family_stats *fs = &rr->stats[f];
	const char *skip = report_family_skip(rep, r, f);
	char id[96], replay[4600];

	fprintf(out, "%s %zu - ", fs->failed ? "not ok" : "ok", k);
	tap_text(out, rr->name);
	fprintf(out, " %s: %zu cases, %zu failed, %zu skipped",
		families[f].name, fs->cases, fs->failed, fs->skipped);
	if (skip) {
		fputs(" # SKIP ", out);
		tap_text(out, skip);
	}
	fputc('\n', out);
	if (!fs->failed)
		return;
	report_case_id(rep, fs->first, id, sizeof(id));
	fprintf(out, "  ---\n  failed: %zu\n  first: %s\n  message: ",
		fs->failed, id);
	yaml_string(out, rr->results[fs->first].msg);
	fputs("\n  replay: ", out);
	yaml_string(out, report_replay(rep, r, id, replay, sizeof(replay)));
	fputs("\n  ...\n", out);
}

static void kernel_point(FILE *out, const struct reader_result *rr,
			 const struct kernel_test *t, size_t k)
{
	fprintf(out, "%s %zu - ", t->res.status == CASE_FAILED ? "not ok"
							       : "ok", k);
	tap_text(out, rr->name);
	fprintf(out, " kernel %s", t->name);
	if (t->res.status == CASE_SKIPPED) {
		fputs(" # SKIP ", out);
		tap_text(out, t->res.msg);
	}
	fputc('\n', out);
	if (t->res.status == CASE_FAILED) {
		fputs("  ---\n  replay: ", out);
		yaml_string(out, t->replay);
		fputs("\n  ...\n", out);
	}
}

int report_tap(FILE *out, const struct run_report *rep)
{
	size_t r, i, k = 0, total = 0;
	int f;

	for (r = 0; r < rep->nr; r++) {
		for (f = 0; f < nfamilies; f++)
			total += rep->rr[r].stats[f].cases > 0;
		if (rep->kernel_asked)
			total += rep->rr[r].kernel.ran ? rep->rr[r].kernel.n
						       : 1;
	}
	fprintf(out, "TAP version 13\n1..%zu\n", total);
	for (r = 0; r < rep->nr; r++) {
		const struct reader_result *rr = &rep->rr[r];

		for (f = 0; f < nfamilies; f++)
			if (rr->stats[f].cases)
				family_point(out, rep, r, f, ++k);
		if (!rep->kernel_asked)
			continue;
		if (!rr->kernel.ran) {
			/* asked for and missing: a failure, not a skip */
			fprintf(out, "not ok %zu - ", ++k);
			tap_text(out, rr->name);
			fputs(" kernel: ", out);
			tap_text(out, rr->kernel.note);
			fputc('\n', out);
			continue;
		}
		for (i = 0; i < rr->kernel.n; i++)
			kernel_point(out, rr, &rr->kernel.tests[i], ++k);
	}
	return ferror(out) ? -1 : 0;
}
