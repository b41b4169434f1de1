// SPDX-License-Identifier: GPL-2.0-only
/*
 * The report on the terminal: a table of families for each reader, the
 * kernel row, the first failure of each family and the root causes.
 */
#include <stdlib.h>
#include <string.h>

#include "judge/diagnose.h"
#include "report.h"

static const struct kernel_test *kernel_first_failure(
	const struct kernel_result *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (k->tests[i].res.status == CASE_FAILED)
			return &k->tests[i];
	return NULL;
}

static void print_kernel_row(FILE *out, const struct run_report *rep,
			     const struct reader_result *rr, size_t *t)
{
	const struct kernel_result *k = &rr->kernel;
	const struct kernel_test *kf = kernel_first_failure(k);
	size_t kc[4] = { report_kernel_count(k, -1),
			 report_kernel_count(k, CASE_PASSED),
			 report_kernel_count(k, CASE_FAILED),
			 report_kernel_count(k, CASE_SKIPPED) };

	if (!rep->kernel_asked)
		return;
	if (!k->ran) {
		fprintf(out, "  %-16s MISSING: %s\n", "kernel", k->note);
		return;
	}
	fprintf(out, "  %-16s %8zu %8zu %8zu %8zu  %s\n", "kernel", kc[0],
		kc[1], kc[2], kc[3], kf ? kf->name : "-");
	t[0] += kc[0], t[1] += kc[1];
	t[2] += kc[2], t[3] += kc[3];
}

static void print_root_causes(FILE *out, const struct run_report *rep,
			      size_t r)
{
	struct root_cause *rc;
	size_t n = report_root_causes(rep, r, &rc), k;
	char id[96], replay[4600];
	int f;

	if (!n) {
		free(rc);
		return;
	}
	fprintf(out, "  root causes (%zu): the check that fired, the contract "
		     "clause, the families, the smallest case\n", n);
	for (k = 0; k < n; k++) {
		const char *sep = "";

		fprintf(out, "  %zu. %s", k + 1, rc[k].key);
		if (rc[k].clause)
			fprintf(out, ", contract %d (%s)", rc[k].clause,
				contract_clause_name(rc[k].clause));
		if (rc[k].bug)
			fprintf(out, ", bug class %s", rc[k].bug);
		fprintf(out, ": %zu cases in ", rc[k].count);
		for (f = 0; f < nfamilies; f++)
			if (rc[k].families & (1ul << f)) {
				fprintf(out, "%s%s", sep, families[f].name);
				sep = ", ";
			}
		report_case_id(rep, rc[k].smallest, id, sizeof(id));
		fprintf(out, "\n     smallest %s: %s\n     replay: %s\n", id,
			rep->rr[r].results[rc[k].smallest].msg,
			report_replay(rep, r, id, replay, sizeof(replay)));
	}
	free(rc);
}

/* Cases without a verdict, and why (the runner says: --fail-fast or
 * --deadline). */
static void print_not_run(FILE *out, const struct case_result *res, size_t n)
{
	size_t i, count = 0, first = 0;

	for (i = 0; i < n; i++)
		if (res[i].status == CASE_NOT_RUN && !count++)
			first = i;
	if (count)
		fprintf(out, "  %zu cases %s\n", count, res[first].msg);
}

int report_text(FILE *out, const struct run_report *rep, size_t r)
{
	const struct reader_result *rr = &rep->rr[r];
	const struct kernel_test *kf = kernel_first_failure(&rr->kernel);
	char id[96], replay[4600];
	size_t t[4] = { 0 }, ncases = 0;
	int f;

	for (f = 0; f < nfamilies; f++)
		ncases += rr->stats[f].cases;
	if (ncases)
		fprintf(out, "\nreader %s (%s): %zu cases in %.1f s, "
			     "%.0f cases/s\n", rr->name, rr->path, ncases,
			rr->seconds, ncases / (rr->seconds + 1e-9));
	else	/* --kernel-only */
		fprintf(out, "\nreader %s (%s):\n", rr->name, rr->path);
	fprintf(out, "  capabilities: %s\n", rr->caps);
	if (rep->shards > 1)
		fprintf(out, "  shard %u of %u\n", rep->shard, rep->shards);
	fprintf(out, "  %-16s %8s %8s %8s %8s  %s\n", "family", "cases",
		"passed", "failed", "skipped", "first failing case");
	for (f = 0; f < nfamilies; f++) {
		const struct family_stats *fs = &rr->stats[f];
		const char *skip = report_family_skip(rep, r, f);

		if (!fs->cases)
			continue;
		fprintf(out, "  %-16s %8zu %8zu %8zu %8zu  ", families[f].name,
			fs->cases, fs->passed, fs->failed, fs->skipped);
		if (fs->first != SIZE_MAX)
			fprintf(out, "%s\n", report_case_id(rep, fs->first, id,
							    sizeof(id)));
		else if (skip)
			fprintf(out, "SKIP: %s\n", skip);
		else
			fprintf(out, "-\n");
		t[0] += fs->cases, t[1] += fs->passed;
		t[2] += fs->failed, t[3] += fs->skipped;
	}
	print_kernel_row(out, rep, rr, t);
	fprintf(out, "  %-16s %8zu %8zu %8zu %8zu\n", "total", t[0], t[1],
		t[2], t[3]);
	print_not_run(out, rr->results, rep->n);
	if (rep->kernel_asked && rr->kernel.ran)
		fprintf(out, "  kernel: %s%s%s%s%s\n", rr->kernel.note,
			kf ? "\n    " : "", kf ? kf->res.msg : "",
			kf ? "\n    replay: " : "", kf ? kf->replay : "");
	for (f = 0; f < nfamilies; f++) {
		size_t i = rr->stats[f].first;

		if (i == SIZE_MAX)
			continue;
		report_case_id(rep, i, id, sizeof(id));
		fprintf(out, "  %s: %s\n    replay: %s\n", families[f].name,
			rr->results[i].msg,
			report_replay(rep, r, id, replay, sizeof(replay)));
	}
	print_root_causes(out, rep, r);
	return ferror(out) ? -1 : 0;
}

/* The machine-read line of make check: cases of every reader. */
int report_text_totals(FILE *out, const struct run_report *rep)
{
	size_t r, t[3] = { 0 };
	int f;

	for (r = 0; r < rep->nr; r++) {
		const struct reader_result *rr = &rep->rr[r];

		for (f = 0; f < nfamilies; f++) {
			t[0] += rr->stats[f].passed;
			/* not run counts against the reader: the gate fails */
			t[1] += rr->stats[f].failed + rr->stats[f].not_run;
			t[2] += rr->stats[f].skipped;
		}
		t[0] += report_kernel_count(&rr->kernel, CASE_PASSED);
		t[1] += report_kernel_count(&rr->kernel, CASE_FAILED) +
			report_kernel_count(&rr->kernel, CASE_NOT_RUN);
		t[2] += report_kernel_count(&rr->kernel, CASE_SKIPPED);
	}
	fprintf(out, "# ringcheck-totals run passed=%zu failed=%zu "
		     "skipped=%zu\n", t[0], t[1], t[2]);
	return ferror(out) ? -1 : 0;
}
