// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringcheck diff A.json B.json: two --json reports of ringcheck run, B
 * judged against A as `run --baseline A.json` judges a run: the new
 * failures, the cases fixed, the counts unchanged, per reader.
 */
#include <getopt.h>
#include <string.h>

#include "known_failures.h"
#include "ringcheck.h"

static const char diff_usage[] =
"usage: ringcheck diff [--strict] A.json B.json\n"
"  Compares two --json reports of `ringcheck run`, B against A, reader by\n"
"  reader (by name; the only reader of each when both have one): the new\n"
"  failures of B by root cause (cases that passed or were skipped in A,\n"
"  or that A did not run), the cases fixed, and how many are unchanged.\n"
"  --strict  a case fixed is a failure too (A is out of date)\n"
"  Exit 0: nothing new fails in B; 1: a new failure (or, --strict, a case\n"
"  fixed); 2: a usage error, or a file missing or not such a report.\n";

static int diff_error(const char *what, const char *arg)
{
	fprintf(stderr, "ringcheck diff: %s%s%s\n"
			"'ringcheck diff --help' describes it.\n", what,
		arg ? " " : "", arg ? arg : "");
	return 2;
}

static int diff_readers(const char *pa, const struct report_outcomes *a,
			const char *pb, const struct report_outcomes *b,
			bool strict)
{
	size_t r, k, sum[4] = { 0 };
	int ret = 0;

	for (r = 0; r < b->nr; r++) {
		const struct reader_outcomes *now = &b->r[r];
		const struct reader_outcomes *was;
		struct baseline_tally t;
		char title[512];

		was = outcomes_match(a, now->name, b->nr);
		snprintf(title, sizeof(title), "%s -> %s, reader %s%s%s%s",
			 pa, pb, now->name, !was ? ": not in " : "",
			 !was ? pa : "", !was ? " (every failure is new)" : "");
		if (was && strcmp(was->name, now->name))
			snprintf(title + strlen(title),
				 sizeof(title) - strlen(title),
				 " (%s in %s: the only reader of each)",
				 was->name, pa);
		ret |= baseline_judge(stdout, title, was, now, strict, &t);
		sum[0] += t.new_failed + t.new_unknown;
		sum[1] += t.fixed;
		sum[2] += t.still_failing;
		sum[3] += t.passing;
	}
	for (k = 0; k < a->nr; k++) {
		for (r = 0; r < b->nr; r++)
			if (outcomes_match(a, b->r[r].name, b->nr) == &a->r[k])
				break;
		if (r == b->nr)
			printf("reader %s of %s: not in %s\n", a->r[k].name,
			       pa, pb);
	}
	printf("%zu new failures, %zu fixed, %zu failing in both, %zu "
	       "passing in both\n", sum[0], sum[1], sum[2], sum[3]);
	return ret;
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "strict", no_argument, NULL, 'Z' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct report_outcomes a, b;
	bool strict = false;
	char err[4200];
	int c, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'Z':
			strict = true;
			break;
		case 'h':
			fputs(diff_usage, stdout);
			return 0;
		default:
			return diff_error("unknown option", argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		return diff_error("two reports: A.json B.json", NULL);
	if (outcomes_load(argv[optind], &a, err, sizeof(err)))
		return diff_error(err, NULL);
	if (outcomes_load(argv[optind + 1], &b, err, sizeof(err))) {
		report_outcomes_free(&a);
		return diff_error(err, NULL);
	}
	ret = diff_readers(argv[optind], &a, argv[optind + 1], &b, strict);
	report_outcomes_free(&a);
	report_outcomes_free(&b);
	return ret;
}
