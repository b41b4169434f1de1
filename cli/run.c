// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringcheck run: the options, the run of every selected case against each
 * reader, and the reports (report_*.c write them). Also --list, and the
 * replay of one case by id, in a child or in the foreground.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ringcheck/reader.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "player/player.h"
#include "runner/plugin.h"
#include "report.h"
#include "scenario_file.h"
#include "ringcheck.h"
#include "families/param_names.h"
#include "run_judge.h"
#include "sim_ops.h"


const char run_usage[] =
"usage: ringcheck run [--reader FILE.so]... [--sim-only | --kernel-only]\n"
"                     [--quick] [--scale N] [--family NAME]... [--seed N]\n"
"                     [--jobs N] [--shard K/N] [--fail-fast] [--breaker N]\n"
"                     [--timeout MS] [--deadline MS] [--memory MB]\n"
"                     [--json FILE] [--junit FILE] [--markdown FILE] [--tap]\n"
"                     [--baseline OLD.json | --expect FILE...] [--strict]\n"
"       ringcheck run --case ID [--no-fork] [--reader FILE.so]...\n"
"       ringcheck run --scenario FILE [--no-fork] [--reader FILE.so]...\n"
"       ringcheck run --list [FAMILY] [--quick] [--scale N]\n"
"  Runs every case of the selected families (all by default) against each\n"
"  reader, then the kernel tests through it. Without --reader: the\n"
"  reference reader (build/plugins/reference.so).\n"
"  --sim-only        the simulated families only, no kernel tests\n"
"  --kernel-only     the kernel tests only\n"
"  --quick           smaller bounds (about 15600 cases instead of 74000)\n"
"  --scale N         1, 2 or 4 (default 1): each family doubles its own\n"
"                    bounds per step (--list shows what grows); case ids\n"
"                    replay without it\n"
"  --family NAME     only this family (repeatable; see --list)\n"
"  --seed N          the draw of the random family, from 1 (default 1);\n"
"                    two seeds share no case (at --scale 1)\n"
"  --jobs N          worker processes (default: the number of CPUs)\n"
"  --shard K/N       only the cases of shard K of N (the kernel tests in\n"
"                    shard 1); `ringcheck merge` adds up their --json\n"
"  --fail-fast       stop a reader at its first failing case\n"
"  --breaker N       N cases in a row of a family where the reader crashed,\n"
"                    exited, hung or went over --memory (one kind) end\n"
"                    that family: its other cases are \"not run\"; after\n"
"                    two families for one kind, the reader's other cases\n"
"                    too (by default only if it passed fewer cases).\n"
"                    Passes between memory failures do not count (a\n"
"                    leak). Default: 2 for hangs and memory (seconds a\n"
"                    case), off for crashes and exits; 0: off for all.\n"
"                    The failures stand: exit 1\n"
"  --timeout MS      time limit of one case (default 3000): a case is hung\n"
"                    when it used that much CPU time past the limit on the\n"
"                    clock, or ten times the limit on the clock\n"
"  --deadline MS     time limit of all the cases of one reader (default\n"
"                    1200000; 0: none); cases not reached are \"not run\"\n"
"  --memory MB       resident memory limit of one worker (default 1024;\n"
"                    0: none)\n"
"  --json FILE       every failing and skipped case with its message and\n"
"                    replay command, totals, root causes (json-c)\n"
"  --junit FILE      JUnit XML: a testsuite per reader and family\n"
"  --markdown FILE   a table of families x readers\n"
"  --tap             TAP 13 on stdout instead of the table\n"
"  --baseline OLD.json  judge the run against the --json report of an\n"
"                    earlier one (each reader against the reader of its\n"
"                    name there, or the only one when both runs have one):\n"
"                    exit 1 only for a new failure, a case that passed or\n"
"                    was skipped there or is not in it; new failures by\n"
"                    root cause, then the cases fixed since\n"
"  --expect FILE     judge the run against the known failures of an\n"
"                    expectations file (docs/expectations.md; repeatable):\n"
"                    exit 1 only for a failure no line of it expects, or\n"
"                    more cases than a line's count\n"
"  --strict          with --baseline or --expect: a case fixed since the\n"
"                    baseline, or an expectation that no longer holds, is a\n"
"                    failure too (the file is out of date)\n"
"  --case ID         replay one case, showing its steps, what was expected\n"
"                    and delivered, and the ring\n"
"  --scenario FILE   replay a scenario fuzz input (a finding of make fuzz)\n"
"                    as --case replays a case\n"
"  --no-fork         with --case or --scenario: in this process, for a\n"
"                    debugger\n"
"  --list [FAMILY]   the families with their case counts and parameter\n"
"                    names, or the ids of one family's cases; with\n"
"                    --scale, what grows at each step\n"
"  Numbers are decimal; hex only with 0x. Exit 0: every case of every\n"
"  reader passed (with --baseline or --expect: no failure that is not\n"
"  known); 1: a case failed (a new or unexpected one), or cases were not\n"
"  run; 2: a usage error, a reader that cannot be loaded, a reader of\n"
"  which every selected case was skipped, a part asked for that could not\n"
"  run, a baseline or expectations file that cannot be read, or a report\n"
"  that could not be written.\n";

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "ringcheck run: %s%s%s\n"
			"'ringcheck run --help' lists the options.\n", msg,
		arg ? " " : "", arg ? arg : "");
	return 2;
}

static int list_families(enum scenario_bounds b, const char *family)
{
	size_t sim_full = 0, sim_quick = 0;
	struct kernel_result k;
	struct scenario *s;
	struct case_ref *cases;
	size_t n, i;
	int f;

	if (family) {
		f = family_find(family);
		if (f < 0)
			return usage_error("no family", family);
		cases = runner_enumerate(b, 1ul << f, &n);
		s = malloc(sizeof(*s));
		for (i = 0; i < n; i++) {
			scenario_build(f, b, cases[i].raw, s);
			printf("%s\n", s->id);
		}
		free(s);
		free(cases);
		return 0;
	}
	printf("%-16s %8s %8s  %-40s %s\n", "family", "cases", "--quick",
	       "parameters", scenario_scale > 1 ? "grows" : "covers");
	for (f = 0; f < nfamilies; f++) {
		const char *const *name = families[f].params;
		char params[128];
		size_t full, quick, o = 0;

		free(runner_enumerate(BOUNDS_FULL, 1ul << f, &full));
		free(runner_enumerate(BOUNDS_QUICK, 1ul << f, &quick));
		for (params[0] = 0; *name && o < sizeof(params); name++)
			o += (size_t)snprintf(params + o, sizeof(params) - o,
					      "%s%s", o ? "," : "", *name);
		printf("%-16s %8zu %8zu  %-40s %s\n", families[f].name, full,
		       quick, params, scenario_scale > 1 ? families[f].scaled
							 : families[f].what);
		sim_full += full;
		sim_quick += quick;
	}
	/* the row's tests as the programs list them (-l), none run */
	kernel_tests_list(&k);
	if (k.ran)
		printf("%-16s %8zu %8zu  %-40s %s\n", "kernel", k.n, k.n, "-",
		       "the kselftests of selftests/kernel through the "
		       "reader");
	else
		printf("%-16s %8s %8s  %-40s %s (%s)\n", "kernel", "-", "-",
		       "-", "the kselftests of selftests/kernel through the "
		       "reader", k.note);
	printf("%-16s %8zu %8zu  %s\n", "total", sim_full + k.n,
	       sim_quick + k.n, "simulated and kernel");
	kernel_result_free(&k);
	/* --case describes a case with these names; ids keep numbers */
	printf("\nenumerated parameters, by value:\n");
	param_names_print(stdout);
	return 0;
}

/* The case in this process: a crash or hang of the reader is ours. */
static int replay_foreground(const char *plugin, const struct scenario *s)
{
	const struct ringcheck_reader_ops *ops;
	struct judge_result res;
	char err[256];

	ops = plugin_load(plugin, err, sizeof(err));
	if (!ops) {
		fprintf(stderr, "ringcheck run: %s\n", err);
		return 2;
	}
	play_scenario(s, ops, &res, stdout);
	if (res.verdict == VERDICT_PASS)
		printf("case %s: passed\n", s->id);
	else if (res.verdict == VERDICT_SKIP)
		printf("case %s: skipped (%s)\n", s->id, res.msg);
	return res.verdict == VERDICT_FAIL ? 1 :
	       res.verdict == VERDICT_SKIP ? 3 : 0;
}

static int replay_case(const char *case_id, const char *file, bool no_fork,
		       char **readers, struct reader_result *rr, int nreaders,
		       const struct runner_opts *ro)
{
	struct scenario *s = malloc(sizeof(*s));
	char err[160], params[256];
	int r, ret = 0;

	if (!s)
		return 2;
	if (file ? scenario_from_file(file, s, err, sizeof(err)) :
		   scenario_from_id(case_id, s, err, sizeof(err))) {
		free(s);
		if (file) {
			fprintf(stderr, "ringcheck run: %s\n", err);
			return 2;
		}
		return usage_error(err, NULL);
	}
	if (file)
		scenario_file_describe(s, params, sizeof(params));
	else
		scenario_describe(s, params, sizeof(params));
	printf("case %s (%s)\n", s->id, params);
	for (r = 0; r < nreaders; r++) {
		int rc;

		printf("reader %s:\n", rr[r].name);
		fflush(stdout);
		rc = no_fork ? replay_foreground(readers[r], s)
			     : runner_replay(readers[r], s, ro);
		/* a reader the case could not test: nothing was tested */
		if (rc == 3) {
			fprintf(stderr, "ringcheck run: reader %s: the case "
				"was skipped: nothing was tested\n",
				rr[r].name);
			rc = 2;
		}
		ret = rc > ret ? rc : ret;
	}
	free(s);
	return ret;
}

/* "K/N", 1 <= K <= N <= MAX_SHARDS. */
static int parse_shard(const char *arg, unsigned int *k, unsigned int *n)
{
	char buf[48], *slash;
	uint64_t a, b;

	snprintf(buf, sizeof(buf), "%s", arg);
	slash = strchr(buf, '/');
	if (!slash || strlen(arg) >= sizeof(buf))
		return -1;
	*slash = '\0';
	if (sim_parse_u64(buf, &a) || sim_parse_u64(slash + 1, &b) || !a ||
	    a > b || b > MAX_SHARDS)
		return -1;
	*k = (unsigned int)a;
	*n = (unsigned int)b;
	return 0;
}

struct report_file {
	const char	*path;
	FILE		*f;
	int		(*write)(FILE *out, const struct run_report *rep);
};

/* Opened before the run: a bad path costs nothing. */
static int open_reports(struct report_file *rf, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (!rf[i].path)
			continue;
		rf[i].f = fopen(rf[i].path, "w");
		if (!rf[i].f) {
			fprintf(stderr, "ringcheck run: cannot write %s: %m\n",
				rf[i].path);
			return -1;
		}
	}
	return 0;
}

/* Written whole, or an error naming the file. */
static int write_reports(struct report_file *rf, int n,
			 const struct run_report *rep)
{
	int i, ret = 0;

	for (i = 0; i < n; i++) {
		if (!rf[i].f)
			continue;
		if (rf[i].write(rf[i].f, rep) || ferror(rf[i].f)) {
			fprintf(stderr, "ringcheck run: writing %s failed\n",
				rf[i].path);
			ret = -1;
		}
		if (fclose(rf[i].f)) {
			fprintf(stderr, "ringcheck run: writing %s failed: "
				"%m\n", rf[i].path);
			ret = -1;
		}
		rf[i].f = NULL;
	}
	return ret;
}

static void close_reports(struct report_file *rf, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (rf[i].f) {
			fclose(rf[i].f);
			rf[i].f = NULL;
		}
}

/* The cases of shard k of n: every n-th of the whole run's. */
static struct case_ref *shard_cases(struct case_ref *cases, size_t *n,
				    size_t **index, unsigned int k,
				    unsigned int shards)
{
	size_t i, m = 0;

	*index = malloc((*n ? *n : 1) * sizeof(**index));
	for (i = 0; i < *n; i++) {
		if (i % shards != k - 1)
			continue;
		(*index)[m] = i;
		cases[m++] = cases[i];
	}
	*n = m;
	return cases;
}

/* Every reader's cases, and the kernel part, into rr[]; 0, or 2. */
static int run_readers(struct run_report *rep, struct reader_result *rr,
		       char **readers, const struct runner_opts *ro,
		       bool tap)
{
	size_t r;

	for (r = 0; r < rep->nr; r++) {
		struct timespec t0, t1;

		rr[r].stats = calloc((size_t)nfamilies, sizeof(*rr[r].stats));
		rr[r].results = calloc(rep->n ? rep->n : 1,
				       sizeof(*rr[r].results));
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (runner_run(readers[r], rr[r].name, rep->cases, rep->n, ro,
			       rr[r].results)) {
			fprintf(stderr, "ringcheck run: the results of %s do "
				"not add up to its cases\n", rr[r].name);
			return 2;
		}
		runner_summarise(rep->cases, rep->n, rr[r].results,
				 rr[r].stats);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		rr[r].seconds = (double)(t1.tv_sec - t0.tv_sec) +
				(t1.tv_nsec - t0.tv_nsec) / 1e9;
		memset(&rr[r].kernel, 0, sizeof(rr[r].kernel));
		if (rep->kernel_asked)
			kernel_tests_run(readers[r], ro, &rr[r].kernel);
		if (!tap)
			report_text(stdout, rep, r);
	}
	return 0;
}

/*
 * A reader of which every selected case was skipped was not tested: that
 * is never a pass (a CI job would go green on nothing). Returns the
 * number of cases it skipped, 0 if one of them was run (or none was
 * selected).
 */
static size_t all_skipped(const struct run_report *rep, size_t r)
{
	const struct reader_result *rr = &rep->rr[r];
	size_t skipped = report_kernel_count(&rr->kernel, CASE_SKIPPED);
	size_t run = report_kernel_count(&rr->kernel, -1) - skipped;
	int f;

	for (f = 0; f < nfamilies; f++) {
		skipped += rr->stats[f].skipped;
		run += rr->stats[f].cases - rr->stats[f].skipped;
	}
	return run ? 0 : skipped;
}

static int verdict(const struct run_report *rep)
{
	size_t r, skipped;
	int f, ret = 0;

	for (r = 0; r < rep->nr; r++) {
		if (rep->kernel_asked && !rep->rr[r].kernel.ran) {
			fprintf(stderr, "ringcheck run: the kernel tests were "
				"asked for and could not run: %s\n",
				rep->rr[r].kernel.note);
			return 2;
		}
		skipped = all_skipped(rep, r);
		if (skipped) {
			fprintf(stderr, "ringcheck run: reader %s: every "
				"selected case was skipped (%zu): nothing was "
				"tested\n", rep->rr[r].name, skipped);
			return 2;
		}
		for (f = 0; f < nfamilies; f++)
			if (rep->rr[r].stats[f].failed ||
			    rep->rr[r].stats[f].not_run)
				ret = 1;
		if (report_kernel_count(&rep->rr[r].kernel, CASE_FAILED) ||
		    report_kernel_count(&rep->rr[r].kernel, CASE_NOT_RUN))
			ret = 1;
	}
	return ret;
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reader", required_argument, NULL, 'r' },
		{ "sim-only", no_argument, NULL, 'S' },
		{ "kernel-only", no_argument, NULL, 'K' },
		{ "quick", no_argument, NULL, 'q' },
		{ "scale", required_argument, NULL, 'X' },
		{ "family", required_argument, NULL, 'f' },
		{ "case", required_argument, NULL, 'c' },
		{ "no-fork", no_argument, NULL, 'N' },
		{ "scenario", required_argument, NULL, 'Y' },
		{ "seed", required_argument, NULL, 's' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "shard", required_argument, NULL, 'D' },
		{ "fail-fast", no_argument, NULL, 'F' },
		{ "breaker", required_argument, NULL, 'k' },
		{ "json", required_argument, NULL, 'J' },
		{ "junit", required_argument, NULL, 'U' },
		{ "markdown", required_argument, NULL, 'M' },
		{ "tap", no_argument, NULL, 'T' },
		{ "timeout", required_argument, NULL, 't' },
		{ "deadline", required_argument, NULL, 'E' },
		{ "memory", required_argument, NULL, 'm' },
		{ "baseline", required_argument, NULL, 'B' },
		{ "expect", required_argument, NULL, 'x' },
		{ "strict", no_argument, NULL, 'Z' },
		{ "list", no_argument, NULL, 'L' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct runner_opts ro = {
		.bounds = BOUNDS_FULL,
		.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN),
		.timeout_ms = 3000,
		.deadline_ms = 20 * 60 * 1000,	/* per reader: fits a CI job */
		.memory_mb = 1024,
		.costly_breaker = 2,
		.load_timeout_ms = 10000,
		.progress = isatty(2),
	};
	struct report_file rf[] = {
		{ .write = report_json }, { .write = report_junit },
		{ .write = report_markdown },
	};
	struct run_report rep = { .seed = 1, .shard = 1, .shards = 1 };
	struct run_judge judge = { 0 };
	struct report_outcomes base;
	struct expectations expect = { 0 };
	const char *expect_paths[MAX_READERS];
	int nexpect = 0;
	struct reader_result rr[MAX_READERS];
	char *readers[MAX_READERS];
	const char *case_id = NULL, *scenario_file = NULL;
	unsigned long mask = 0;
	int nreaders = 0, c, r, f, ret;
	bool tap = false, sim_only = false, kernel_only = false;
	bool no_fork = false, list = false;
	struct case_ref *cases;
	struct utsname u;
	size_t *index = NULL, n;
	uint64_t v;

	optind = 1;
	opterr = 0;	/* our messages name the option */
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (nreaders == MAX_READERS)
				return usage_error("too many readers", NULL);
			readers[nreaders++] = optarg;
			break;
		case 'S':
			sim_only = true;
			break;
		case 'K':
			kernel_only = true;
			break;
		case 'q':
			ro.bounds = BOUNDS_QUICK;
			break;
		case 'X':
			if (scenario_set_scale(optarg))
				return usage_error("bad --scale (1, 2 or 4)",
						   optarg);
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
		case 'N':
			no_fork = true;
			break;
		case 'Y':
			scenario_file = optarg;
			break;
		case 's':
			if (sim_parse_u64(optarg, &v) || !v ||
			    v > SCENARIO_MAX_SEED)
				return usage_error("bad --seed", optarg);
			rep.seed = scenario_random_base = v;
			break;
		case 'j':
			if (sim_parse_u64(optarg, &v) || !v || v > 64)
				return usage_error("bad --jobs", optarg);
			ro.jobs = (int)v;
			break;
		case 'D':
			if (parse_shard(optarg, &rep.shard, &rep.shards))
				return usage_error("bad --shard (K/N, 1 <= K "
						   "<= N <= 1024)", optarg);
			break;
		case 'F':
			ro.fail_fast = true;
			break;
		case 'k':
			if (sim_parse_u64(optarg, &v) || v > 1000000)
				return usage_error("bad --breaker", optarg);
			ro.breaker = (unsigned int)v;
			ro.costly_breaker = (unsigned int)v;
			break;
		case 'J':
			rf[0].path = optarg;
			break;
		case 'U':
			rf[1].path = optarg;
			break;
		case 'M':
			rf[2].path = optarg;
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
		case 'E':
			if (sim_parse_u64(optarg, &v) || v > 86400000)
				return usage_error("bad --deadline", optarg);
			ro.deadline_ms = (unsigned long)v;
			break;
		case 'm':
			if (sim_parse_u64(optarg, &v) || v > 1048576)
				return usage_error("bad --memory", optarg);
			ro.memory_mb = (unsigned long)v;
			break;
		case 'L':
			list = true;
			break;
		case 'B':
			judge.base_path = optarg;
			break;
		case 'x':
			if (nexpect == MAX_READERS)
				return usage_error("too many --expect", NULL);
			expect_paths[nexpect++] = optarg;
			break;
		case 'Z':
			judge.strict = true;
			break;
		case 'V':
			printf("ringcheck %s (reader ABI %d)\n",
			       ringcheck_version, RINGCHECK_READER_ABI_LATEST);
			return 0;
		case 'h':
			fputs(run_usage, stdout);
			return 0;
		case ':':
			return usage_error("missing the value of",
					   argv[optind - 1]);
		default:
			return usage_error("unknown option", argv[optind - 1]);
		}
	}
	if (list)
		return optind + 1 < argc ?
		       usage_error("unexpected argument", argv[optind + 1]) :
		       list_families(ro.bounds,
				     optind < argc ? argv[optind] : NULL);
	if (optind < argc)
		return usage_error("unexpected argument", argv[optind]);
	if (sim_only && kernel_only)
		return usage_error("--sim-only and --kernel-only exclude each "
				   "other", NULL);
	if (case_id && scenario_file)
		return usage_error("--case and --scenario exclude each other",
				   NULL);
	if (scenario_file)
		case_id = scenario_file;
	if (kernel_only && (mask || case_id))
		return usage_error("--kernel-only runs no family or case",
				   NULL);
	if (case_id && (rf[0].path || rf[1].path || rf[2].path || tap ||
			rep.shards > 1 || sim_only || mask))
		return usage_error("--case and --scenario replay one case: no "
				   "report files, --tap, --shard, --sim-only "
				   "or --family", NULL);
	if (no_fork && !case_id)
		return usage_error("--no-fork replays one case: it needs "
				   "--case ID or --scenario FILE", NULL);
	if ((judge.base_path || nexpect) && case_id)
		return usage_error("--case and --scenario replay one case: no --baseline or "
				   "--expect", NULL);
	if (judge.base_path && nexpect)
		return usage_error("--baseline or --expect, not both", NULL);
	if (judge.strict && !judge.base_path && !nexpect)
		return usage_error("--strict needs --baseline or --expect",
				   NULL);
	if (!nreaders)
		readers[nreaders++] = (char *)plugin_reference_path();
	for (r = 0; r < nreaders; r++) {
		char err[512];

		rr[r].path = readers[r];
		if (plugin_probe(readers[r], rr[r].name, sizeof(rr[r].name),
				 rr[r].caps, sizeof(rr[r].caps), err,
				 sizeof(err))) {
			fprintf(stderr, "ringcheck run: reader %s\n", err);
			return 2;
		}
	}
	if (case_id)
		return replay_case(case_id, scenario_file, no_fork, readers,
				   rr, nreaders, &ro);
	/* read before the run: a bad file costs nothing */
	if (judge.base_path) {
		char err[4200];

		if (outcomes_load(judge.base_path, &base, err, sizeof(err))) {
			fprintf(stderr, "ringcheck run: --baseline %s\n", err);
			return 2;
		}
		judge.base = &base;
	}
	for (r = 0; r < nexpect; r++)
		if (expect_load(expect_paths[r], &expect)) {
			expect_free(&expect);
			return 2;
		}
	if (nexpect)
		judge.expect = &expect;

	if (open_reports(rf, 3))
		goto fail;
	if (!mask)
		mask = kernel_only ? 0 : (1ul << nfamilies) - 1;
	cases = runner_enumerate(ro.bounds, mask, &n);
	if (!cases)
		goto fail;
	if (rep.shards > 1)
		cases = shard_cases(cases, &n, &index, rep.shard, rep.shards);
	uname(&u);
	snprintf(rep.kernel_release, sizeof(rep.kernel_release), "%s",
		 u.release);
	rep.rr = rr;
	rep.nr = (size_t)nreaders;
	rep.cases = cases;
	rep.index = index;
	rep.n = n;
	rep.families_selected = mask;
	rep.bounds = ro.bounds;
	rep.kernel_asked = !sim_only && rep.shard == 1;

	ret = run_readers(&rep, rr, readers, &ro, tap);
	if (!ret) {
		ret = verdict(&rep);
		if (tap ? report_tap(stdout, &rep)
			: report_text_totals(stdout, &rep))
			ret = 2;
		/* TAP owns stdout */
		if (ret != 2 && (judge.base || judge.expect))
			ret = run_judge(tap ? stderr : stdout, &rep, &judge);
		if (write_reports(rf, 3, &rep))
			ret = 2;
	}
	close_reports(rf, 3);
	for (r = 0; r < nreaders; r++) {
		free(rr[r].stats);
		free(rr[r].results);
		kernel_result_free(&rr[r].kernel);
	}
	free(cases);
	free(index);
	if (judge.base)
		report_outcomes_free(judge.base);
	expect_free(&expect);
	return ret;
fail:
	close_reports(rf, 3);
	if (judge.base)
		report_outcomes_free(judge.base);
	expect_free(&expect);
	return 2;
}
