// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringcheck run: every family of simulated scenarios against one or more
 * readers, a table of families x readers, and replay of one case by id.
 */
#include <getopt.h>
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
"                     [--timeout MS]\n"
"  Without --reader: the reference reader (build/plugins/reference.so).\n"
"  Exit 0: every case of every reader passed; 1: a case failed;\n"
"  2: usage error or a reader that cannot be loaded.\n";

struct reader_result {
	const char		*path;
	char			name[64];
	struct family_stats	*stats;
	unsigned char		*status;
	double			seconds;
	struct kernel_result	kernel;
};

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "ringcheck run: %s%s%s\n%s", msg, arg ? " " : "",
		arg ? arg : "", run_usage);
	return 2;
}

static void print_table(const struct reader_result *rr, size_t ncases)
{
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
		       fs->first_id[0] ? fs->first_id : "-");
		t[0] += fs->cases, t[1] += fs->passed;
		t[2] += fs->failed, t[3] += fs->skipped;
	}
	if (rr->kernel.ran) {
		const struct kernel_result *k = &rr->kernel;

		printf("  %-16s %8zu %8zu %8zu %8zu  %s\n", "kernel", k->cases,
		       k->passed, k->failed, k->skipped,
		       k->first[0] ? k->first : "-");
		t[0] += k->cases, t[1] += k->passed;
		t[2] += k->failed, t[3] += k->skipped;
	} else if (rr->kernel.note[0]) {
		printf("  %-16s %s\n", "kernel", rr->kernel.note);
	}
	printf("  %-16s %8zu %8zu %8zu %8zu\n", "total", t[0], t[1], t[2], t[3]);
	if (rr->kernel.ran)
		printf("  kernel: %s%s%s\n", rr->kernel.note,
		       rr->kernel.first[0] ? "\n    replay: " : "",
		       rr->kernel.replay);
	for (f = 0; f < nfamilies; f++)
		if (rr->stats[f].first_id[0])
			printf("  %s: %s\n    replay: ringcheck run --case %s%s%s\n",
			       families[f].name, rr->stats[f].first_msg,
			       rr->stats[f].first_id,
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
		t[0] += rr[r].kernel.passed;
		t[1] += rr[r].kernel.failed;
		t[2] += rr[r].kernel.skipped;
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
				    rr[r].status[i] != CASE_FAILED)
					continue;
				scenario_build(f, b, cases[i].raw, s);
				fprintf(out, "%s\"%s\"", sep, s->id);
				sep = ", ";
			}
			fprintf(out, "]}");
		}
		fprintf(out, "], \"kernel\": {\"ran\": %d, \"note\": \"%s\", "
			     "\"cases\": %zu, \"passed\": %zu, \"failed\": %zu, "
			     "\"skipped\": %zu, \"first_failure\": \"%s\"}}",
			rr[r].kernel.ran, rr[r].kernel.note, rr[r].kernel.cases,
			rr[r].kernel.passed, rr[r].kernel.failed,
			rr[r].kernel.skipped, rr[r].kernel.first);
	}
	fprintf(out, "]}\n");
	free(s);
}

/* Families x readers: cases failed of cases run, and the first failure. */
static void write_markdown(FILE *out, const struct reader_result *rr,
			   size_t nr)
{
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
			size_t cases = f < nfamilies ? rr[r].stats[f].cases
						     : k->cases;
			size_t failed = f < nfamilies ? rr[r].stats[f].failed
						      : k->failed;
			size_t skipped = f < nfamilies ? rr[r].stats[f].skipped
						       : k->skipped;

			if (!cases)
				fprintf(out, " - |");
			else if (skipped == cases)
				fprintf(out, " not supported |");
			else if (!failed)
				fprintf(out, " pass (%zu) |", cases);
			else
				fprintf(out, " **%zu of %zu failed** |", failed,
					cases);
		}
		fputc('\n', out);
	}
	fprintf(out, "\n## First failure of each family\n\n");
	for (r = 0; r < nr; r++) {
		for (f = 0; f < nfamilies; f++)
			if (rr[r].stats[f].first_id[0])
				fprintf(out, "- %s, %s: `%s`: %s\n", rr[r].name,
					families[f].name, rr[r].stats[f].first_id,
					rr[r].stats[f].first_msg);
		if (rr[r].kernel.first[0])
			fprintf(out, "- %s, kernel: `%s`\n", rr[r].name,
				rr[r].kernel.first);
	}
	fprintf(out, "\nReplay one: `ringcheck run --case ID --reader "
		     "FILE.so`.\n");
}

static void write_tap(const struct reader_result *rr, size_t nr)
{
	size_t r, k = 0, total = 0;
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
				       "  ...\n", fs->first_id, fs->first_msg);
		}
		if (rr[r].kernel.ran)
			printf("%s %zu - %s kernel: %zu tests, %zu failed, %zu "
			       "skipped # %s\n", rr[r].kernel.failed ? "not ok"
							      : "ok",
			       ++k, rr[r].name, rr[r].kernel.cases,
			       rr[r].kernel.failed, rr[r].kernel.skipped,
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
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct runner_opts ro = {
		.bounds = BOUNDS_FULL,
		.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN),
		.timeout_ms = 3000,
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
			rc = runner_replay(readers[r], s, ro.timeout_ms);
			ret = rc > ret ? rc : ret;
		}
		free(s);
		return ret;
	}

	if (!mask)
		mask = (1ul << nfamilies) - 1;
	cases = runner_enumerate(ro.bounds, mask, &n);
	for (r = 0; r < nreaders; r++) {
		struct timespec t0, t1;

		rr[r].stats = calloc((size_t)nfamilies, sizeof(*rr[r].stats));
		rr[r].status = calloc(n ? n : 1, 1);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		runner_run(readers[r], rr[r].name, cases, n, &ro, rr[r].stats,
			   rr[r].status);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		rr[r].seconds = (double)(t1.tv_sec - t0.tv_sec) +
				(t1.tv_nsec - t0.tv_nsec) / 1e9;
		memset(&rr[r].kernel, 0, sizeof(rr[r].kernel));
		if (!sim_only && !case_id)
			kernel_tests_run(readers[r], &rr[r].kernel);
		if (!tap)
			print_table(&rr[r], n);
		for (f = 0; f < nfamilies; f++)
			if (rr[r].stats[f].failed)
				ret = 1;
		if (rr[r].kernel.failed)
			ret = 1;
	}
	if (tap)
		write_tap(rr, (size_t)nreaders);
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
		write_markdown(out, rr, (size_t)nreaders);
		fclose(out);
	}
	for (r = 0; r < nreaders; r++) {
		free(rr[r].stats);
		free(rr[r].status);
	}
	free(cases);
	return ret;
}
