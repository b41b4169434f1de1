// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringcheck run: every family of simulated scenarios against one or more
 * readers, a table of families x readers, and replay of one case by id.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kernel_tests.h"
#include "plugin.h"
#include "ringcheck.h"
#include "runner.h"
#include "sim_ops.h"

#define MAX_READERS	16

static const char run_usage[] =
"usage: ringcheck run [--reader FILE.so]... [--sim-only] [--quick]\n"
"                     [--family NAME]... [--case ID] [--seed N] [--jobs N]\n"
"                     [--fail-fast] [--json FILE] [--markdown FILE] [--tap]\n"
"                     [--timeout MS] [--deadline MS] [--memory MB]\n"
"  Without --reader: the reference reader (build/plugins/reference.so).\n"
"  --timeout: per case (3000); --deadline: all cases of one reader\n"
"  (1200000, 0: none); --memory: resident MiB per worker (1024, 0: none).\n"
"  Exit 0: every case of every reader passed; 1: a case failed;\n"
"  2: usage error or a reader that cannot be loaded.\n";

struct reader_result {
	const char		*path;
	char			name[64];
	struct family_stats	*stats;
	struct case_result	*results;
	double			seconds;
	struct kernel_result	kernel;
};

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "ringcheck run: %s%s%s\n%s", msg, arg ? " " : "",
		arg ? arg : "", run_usage);
	return 2;
}

/* The id of case i, or "-" for SIZE_MAX. */
static const char *case_id_of(const struct case_ref *cases, size_t i,
			      enum scenario_bounds b, char *buf, size_t len)
{
	static struct scenario s;

	if (i == SIZE_MAX)
		return "-";
	scenario_build(cases[i].family, b, cases[i].raw, &s);
	snprintf(buf, len, "%s", s.id);
	return buf;
}

static size_t kernel_count(const struct kernel_result *k, int status)
{
	size_t i, c = 0;

	for (i = 0; i < k->n; i++)
		c += status < 0 || k->tests[i].res.status == status;
	return c;
}

static const struct kernel_test *kernel_first_failure(const struct kernel_result *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (k->tests[i].res.status == CASE_FAILED)
			return &k->tests[i];
	return NULL;
}

/* Cases without a verdict, and why (the runner's message). */
static void print_not_run(const struct case_result *res, size_t n)
{
	size_t i, count = 0, first = 0;

	for (i = 0; i < n; i++)
		if (res[i].status == CASE_NOT_RUN && !count++)
			first = i;
	if (count)
		printf("  %zu cases %s\n", count, res[first].msg);
}

static void print_table(const struct reader_result *rr, size_t ncases,
			const struct case_ref *cases, enum scenario_bounds b)
{
	const struct kernel_test *kf = kernel_first_failure(&rr->kernel);
	char id[96];
	size_t t[4] = { 0 };
	int f;

	printf("\nreader %s (%s): %zu cases in %.1f s, %.0f cases/s\n",
	       rr->name, rr->path, ncases, rr->seconds,
	       ncases / (rr->seconds + 1e-9));
	printf("  %-16s %8s %8s %8s %8s  %s\n", "family", "cases", "passed",
	       "failed", "skipped", "first failing case");
	for (f = 0; f < nfamilies; f++) {
		const struct family_stats *fs = &rr->stats[f];

		if (!fs->cases)
			continue;
		printf("  %-16s %8zu %8zu %8zu %8zu  %s\n", families[f].name,
		       fs->cases, fs->passed, fs->failed, fs->skipped,
		       case_id_of(cases, fs->first, b, id, sizeof(id)));
		t[0] += fs->cases, t[1] += fs->passed;
		t[2] += fs->failed, t[3] += fs->skipped;
	}
	if (rr->kernel.ran) {
		const struct kernel_result *k = &rr->kernel;
		size_t kc[4] = { kernel_count(k, -1),
				 kernel_count(k, CASE_PASSED),
				 kernel_count(k, CASE_FAILED),
				 kernel_count(k, CASE_SKIPPED) };

		printf("  %-16s %8zu %8zu %8zu %8zu  %s\n", "kernel", kc[0],
		       kc[1], kc[2], kc[3], kf ? kf->name : "-");
		t[0] += kc[0], t[1] += kc[1];
		t[2] += kc[2], t[3] += kc[3];
	} else if (rr->kernel.note[0]) {
		printf("  %-16s %s\n", "kernel", rr->kernel.note);
	}
	printf("  %-16s %8zu %8zu %8zu %8zu\n", "total", t[0], t[1], t[2], t[3]);
	print_not_run(rr->results, ncases);
	if (rr->kernel.ran)
		printf("  kernel: %s%s%s\n", rr->kernel.note,
		       kf ? "\n    replay: " : "", kf ? kf->replay : "");
	for (f = 0; f < nfamilies; f++)
		if (rr->stats[f].first != SIZE_MAX)
			printf("  %s: %s\n    replay: ringcheck run --case %s%s%s\n",
			       families[f].name,
			       rr->results[rr->stats[f].first].msg,
			       case_id_of(cases, rr->stats[f].first, b, id,
					  sizeof(id)),
			       strcmp(rr->name, "reference") ? " --reader " : "",
			       strcmp(rr->name, "reference") ? rr->path : "");
}

/* The machine-read line of make check: cases of every reader. */
static void print_totals(const struct reader_result *rr, size_t nr)
{
	size_t r, t[3] = { 0 };
	int f;

	for (r = 0; r < nr; r++) {
		for (f = 0; f < nfamilies; f++) {
			t[0] += rr[r].stats[f].passed;
			t[1] += rr[r].stats[f].failed;
			t[2] += rr[r].stats[f].skipped;
		}
		t[0] += kernel_count(&rr[r].kernel, CASE_PASSED);
		t[1] += kernel_count(&rr[r].kernel, CASE_FAILED);
		t[2] += kernel_count(&rr[r].kernel, CASE_SKIPPED);
	}
	printf("# ringcheck-totals run passed=%zu failed=%zu skipped=%zu\n",
	       t[0], t[1], t[2]);
}

static void write_json(FILE *out, const struct reader_result *rr, size_t nr,
		       const struct case_ref *cases, size_t n,
		       enum scenario_bounds b)
{
	struct scenario *s = malloc(sizeof(*s));
	size_t r, i;
	int f;

	fprintf(out, "{\"readers\": [");
	for (r = 0; r < nr; r++) {
		fprintf(out, "%s{\"name\": \"%s\", \"path\": \"%s\", "
			     "\"seconds\": %.3f, \"families\": [",
			r ? ", " : "", rr[r].name, rr[r].path, rr[r].seconds);
		for (f = 0; f < nfamilies; f++) {
			const struct family_stats *fs = &rr[r].stats[f];
			const char *sep = "";

			fprintf(out, "%s{\"name\": \"%s\", \"cases\": %zu, "
				     "\"passed\": %zu, \"failed\": %zu, "
				     "\"skipped\": %zu, \"failures\": [",
				f ? ", " : "", families[f].name, fs->cases,
				fs->passed, fs->failed, fs->skipped);
			for (i = 0; i < n; i++) {
				if (cases[i].family != f ||
				    rr[r].results[i].status != CASE_FAILED)
					continue;
				scenario_build(f, b, cases[i].raw, s);
				fprintf(out, "%s\"%s\"", sep, s->id);
				sep = ", ";
			}
			fprintf(out, "]}");
		}
		fprintf(out, "], \"kernel\": {\"ran\": %d, \"note\": \"%s\", "
			     "\"cases\": %zu, \"passed\": %zu, \"failed\": %zu, "
			     "\"skipped\": %zu}}",
			rr[r].kernel.ran, rr[r].kernel.note,
			kernel_count(&rr[r].kernel, -1),
			kernel_count(&rr[r].kernel, CASE_PASSED),
			kernel_count(&rr[r].kernel, CASE_FAILED),
			kernel_count(&rr[r].kernel, CASE_SKIPPED));
	}
	fprintf(out, "]}\n");
	free(s);
}

/* Families x readers: cases failed of cases run, and the first failure. */
static void write_markdown(FILE *out, const struct reader_result *rr,
			   size_t nr, const struct case_ref *cases,
			   enum scenario_bounds b)
{
	char id[96];
	size_t r;
	int f;

	fprintf(out, "# ringcheck conformance\n\n| family |");
	for (r = 0; r < nr; r++)
		fprintf(out, " %s |", rr[r].name);
	fprintf(out, "\n|---|");
	for (r = 0; r < nr; r++)
		fprintf(out, "---|");
	fputc('\n', out);
	for (f = 0; f <= nfamilies; f++) {
		fprintf(out, "| %s |", f < nfamilies ? families[f].name
						   : "kernel");
		for (r = 0; r < nr; r++) {
			const struct kernel_result *k = &rr[r].kernel;
			size_t ncases = f < nfamilies ? rr[r].stats[f].cases
						      : kernel_count(k, -1);
			size_t failed = f < nfamilies ? rr[r].stats[f].failed
					: kernel_count(k, CASE_FAILED);
			size_t skipped = f < nfamilies ? rr[r].stats[f].skipped
					: kernel_count(k, CASE_SKIPPED);

			if (!ncases)
				fprintf(out, " - |");
			else if (skipped == ncases)
				fprintf(out, " not supported |");
			else if (!failed)
				fprintf(out, " pass (%zu) |", ncases);
			else
				fprintf(out, " **%zu of %zu failed** |", failed,
					ncases);
		}
		fputc('\n', out);
	}
	fprintf(out, "\n## First failure of each family\n\n");
	for (r = 0; r < nr; r++) {
		const struct kernel_test *kf =
			kernel_first_failure(&rr[r].kernel);

		for (f = 0; f < nfamilies; f++)
			if (rr[r].stats[f].first != SIZE_MAX)
				fprintf(out, "- %s, %s: `%s`: %s\n", rr[r].name,
					families[f].name,
					case_id_of(cases, rr[r].stats[f].first,
						   b, id, sizeof(id)),
					rr[r].results[rr[r].stats[f].first].msg);
		if (kf)
			fprintf(out, "- %s, kernel: `%s`\n", rr[r].name,
				kf->name);
	}
	fprintf(out, "\nReplay one: `ringcheck run --case ID --reader "
		     "FILE.so`.\n");
}

static void write_tap(const struct reader_result *rr, size_t nr,
		      const struct case_ref *cases, enum scenario_bounds b)
{
	size_t r, k = 0, total = 0;
	char id[96];
	int f;

	for (r = 0; r < nr; r++) {
		for (f = 0; f < nfamilies; f++)
			total += rr[r].stats[f].cases > 0;
		total += rr[r].kernel.ran;
	}
	printf("TAP version 13\n1..%zu\n", total);
	for (r = 0; r < nr; r++) {
		for (f = 0; f < nfamilies; f++) {
			const struct family_stats *fs = &rr[r].stats[f];

			if (!fs->cases)
				continue;
			printf("%s %zu - %s %s: %zu cases, %zu failed, %zu "
			       "skipped\n", fs->failed ? "not ok" : "ok", ++k,
			       rr[r].name, families[f].name, fs->cases,
			       fs->failed, fs->skipped);
			if (fs->failed)
				printf("  ---\n  first: %s\n  message: \"%s\"\n"
				       "  ...\n",
				       case_id_of(cases, fs->first, b, id,
						  sizeof(id)),
				       rr[r].results[fs->first].msg);
		}
		if (rr[r].kernel.ran)
			printf("%s %zu - %s kernel: %zu tests, %zu failed, %zu "
			       "skipped # %s\n",
			       kernel_count(&rr[r].kernel, CASE_FAILED) ?
				"not ok" : "ok",
			       ++k, rr[r].name, kernel_count(&rr[r].kernel, -1),
			       kernel_count(&rr[r].kernel, CASE_FAILED),
			       kernel_count(&rr[r].kernel, CASE_SKIPPED),
			       rr[r].kernel.note);
	}
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reader", required_argument, NULL, 'r' },
		{ "sim-only", no_argument, NULL, 'S' },
		{ "quick", no_argument, NULL, 'q' },
		{ "family", required_argument, NULL, 'f' },
		{ "case", required_argument, NULL, 'c' },
		{ "seed", required_argument, NULL, 's' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "fail-fast", no_argument, NULL, 'F' },
		{ "json", required_argument, NULL, 'J' },
		{ "markdown", required_argument, NULL, 'M' },
		{ "tap", no_argument, NULL, 'T' },
		{ "timeout", required_argument, NULL, 't' },
		{ "deadline", required_argument, NULL, 'D' },
		{ "memory", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct runner_opts ro = {
		.bounds = BOUNDS_FULL,
		.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN),
		.timeout_ms = 3000,
		.load_timeout_ms = 10000,
		.deadline_ms = 20 * 60 * 1000,	/* per reader: fits a CI job */
		.memory_mb = 1024,
		.progress = isatty(2),
	};
	struct reader_result rr[MAX_READERS];
	const char *readers[MAX_READERS], *case_id = NULL, *json = NULL;
	const char *markdown = NULL;
	unsigned long mask = 0;
	int nreaders = 0, c, r, f, ret = 0;
	bool tap = false, sim_only = false;
	struct case_ref *cases;
	size_t n;
	uint64_t v;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (nreaders == MAX_READERS)
				return usage_error("too many readers", NULL);
			readers[nreaders++] = optarg;
			break;
		case 'S':
			sim_only = true;
			break;
		case 'q':
			ro.bounds = BOUNDS_QUICK;
			break;
		case 'f':
			f = family_find(optarg);
			if (f < 0)
				return usage_error("no family", optarg);
			mask |= 1ul << f;
			break;
		case 'c':
			case_id = optarg;
			break;
		case 's':
			if (sim_parse_u64(optarg, &v) || !v)
				return usage_error("bad --seed", optarg);
			scenario_random_base = v;
			break;
		case 'j':
			if (sim_parse_u64(optarg, &v) || !v || v > 64)
				return usage_error("bad --jobs", optarg);
			ro.jobs = (int)v;
			break;
		case 'F':
			ro.fail_fast = true;
			break;
		case 'J':
			json = optarg;
			break;
		case 'M':
			markdown = optarg;
			break;
		case 'T':
			tap = true;
			ro.progress = false;
			break;
		case 't':
			if (sim_parse_u64(optarg, &v) || !v || v > 3600000)
				return usage_error("bad --timeout", optarg);
			ro.timeout_ms = (unsigned int)v;
			break;
		case 'D':
			if (sim_parse_u64(optarg, &v) || v > 86400000)
				return usage_error("bad --deadline", optarg);
			ro.deadline_ms = (unsigned long)v;
			break;
		case 'm':
			if (sim_parse_u64(optarg, &v) || v > 1048576)
				return usage_error("bad --memory", optarg);
			ro.memory_mb = (unsigned long)v;
			break;
		case 'h':
			fputs(run_usage, stdout);
			return 0;
		default:
			return usage_error("unknown option", NULL);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument", argv[optind]);
	if (!nreaders)
		readers[nreaders++] = plugin_reference_path();
	for (r = 0; r < nreaders; r++) {
		char err[512];

		rr[r].path = readers[r];
		if (plugin_probe(readers[r], rr[r].name, sizeof(rr[r].name),
				 err, sizeof(err))) {
			fprintf(stderr, "ringcheck run: reader %s\n", err);
			return 2;
		}
	}

	if (case_id) {
		struct scenario *s = malloc(sizeof(*s));
		char err[160];

		if (scenario_from_id(case_id, s, err, sizeof(err))) {
			free(s);
			return usage_error(err, NULL);
		}
		for (r = 0; r < nreaders; r++) {
			int rc;

			printf("reader %s:\n", rr[r].name);
			rc = runner_replay(readers[r], s, &ro);
			ret = rc > ret ? rc : ret;
		}
		free(s);
		return ret;
	}

	if (!mask)
		mask = (1ul << nfamilies) - 1;
	cases = runner_enumerate(ro.bounds, mask, &n);
	if (!cases)
		return 2;
	for (r = 0; r < nreaders; r++) {
		struct timespec t0, t1;

		rr[r].stats = calloc((size_t)nfamilies, sizeof(*rr[r].stats));
		rr[r].results = calloc(n ? n : 1, sizeof(*rr[r].results));
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (runner_run(readers[r], rr[r].name, cases, n, &ro,
			       rr[r].results)) {
			fprintf(stderr, "ringcheck run: the results of %s do "
				"not add up to its cases\n", rr[r].name);
			return 2;
		}
		runner_summarise(cases, n, rr[r].results, rr[r].stats);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		rr[r].seconds = (double)(t1.tv_sec - t0.tv_sec) +
				(t1.tv_nsec - t0.tv_nsec) / 1e9;
		memset(&rr[r].kernel, 0, sizeof(rr[r].kernel));
		if (!sim_only && !case_id)
			kernel_tests_run(readers[r], &ro, &rr[r].kernel);
		if (!tap)
			print_table(&rr[r], n, cases, ro.bounds);
		for (f = 0; f < nfamilies; f++)
			if (rr[r].stats[f].failed || rr[r].stats[f].not_run)
				ret = 1;
		if (kernel_count(&rr[r].kernel, CASE_FAILED) ||
		    kernel_count(&rr[r].kernel, CASE_NOT_RUN))
			ret = 1;
	}
	if (tap)
		write_tap(rr, (size_t)nreaders, cases, ro.bounds);
	else
		print_totals(rr, (size_t)nreaders);
	if (json) {
		FILE *out = fopen(json, "w");

		if (!out) {
			perror(json);
			return 2;
		}
		write_json(out, rr, (size_t)nreaders, cases, n, ro.bounds);
		fclose(out);
	}
	if (markdown) {
		FILE *out = fopen(markdown, "w");

		if (!out) {
			perror(markdown);
			return 2;
		}
		write_markdown(out, rr, (size_t)nreaders, cases, ro.bounds);
		fclose(out);
	}
	for (r = 0; r < nreaders; r++) {
		free(rr[r].stats);
		free(rr[r].results);
		kernel_result_free(&rr[r].kernel);
	}
	free(cases);
	return ret;
}
