// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringcheck merge: the --json reports of the shards of one run (--shard
 * K/N) read back into one run's results, then reported as that run would
 * be: the same totals, failures, root causes and report files.
 */
#include <getopt.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <inttypes.h>
#include <string.h>

#include "report.h"
#include "ringcheck.h"


static const char merge_usage[] =
"usage: ringcheck merge [--json FILE] [--junit FILE] [--markdown FILE]\n"
"                       [--tap] SHARD.json...\n"
"  Adds up the --json reports of `ringcheck run --shard K/N`, one per\n"
"  shard, into the reports of the whole run. Exit 0: every case passed;\n"
"  1: a case failed; 2: shards that do not make one run (another version,\n"
"  bounds, seed, families or readers; a shard missing or twice).\n";

static int merge_error(const char *file, const char *what)
{
	fprintf(stderr, "ringcheck merge: %s%s%s\n", file ? file : "",
		file ? ": " : "", what);
	return 2;
}

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v;
}

static const char *get_str(json_object *o, const char *key)
{
	json_object *v = get(o, key);

	return v && json_object_is_type(v, json_type_string) ?
	       json_object_get_string(v) : "";
}

static int64_t get_int(json_object *o, const char *key)
{
	return json_object_get_int64(get(o, key));
}

static int kind_of(const char *name)
{
	int k;

	for (k = 0; k <= FAIL_LOAD; k++)
		if (!strcmp(report_kind_name(k), name))
			return k;
	return FAIL_DELIVERY;
}

static bool is(json_object *o, const char *key, json_type type)
{
	return json_object_is_type(get(o, key), type);
}

/* The shape merge reads: anything else is not a report of this ringcheck
 * (a truncated file, another tool's JSON). */
static bool well_formed(json_object *top)
{
	json_object *run = get(top, "ringcheck"), *readers = get(top, "readers");
	size_t r, i;

	if (!is(top, "ringcheck", json_type_object) ||
	    !is(top, "readers", json_type_array) ||
	    !is(run, "version", json_type_string) ||
	    !is(run, "families", json_type_array) ||
	    !is(run, "shard", json_type_int) || !is(run, "shards", json_type_int) ||
	    !is(run, "seed", json_type_int) ||
	    !is(run, "scale", json_type_int))
		return false;
	for (r = 0; r < json_object_array_length(readers); r++) {
		json_object *rd = json_object_array_get_idx(readers, r);
		json_object *fams = get(rd, "families");

		if (!is(rd, "families", json_type_array) ||
		    !is(rd, "kernel", json_type_object) ||
		    !is(get(rd, "kernel"), "tests", json_type_array))
			return false;
		for (i = 0; i < json_object_array_length(fams); i++) {
			json_object *f = json_object_array_get_idx(fams, i);

			if (!is(f, "failures", json_type_array) ||
			    !is(f, "skips", json_type_array) ||
			    !is(f, "name", json_type_string))
				return false;
		}
	}
	return true;
}

/* What all shards must agree on, as one string. */
static void run_key(json_object *run, json_object *readers, char *buf,
		    size_t len)
{
	size_t o;

	o = (size_t)snprintf(buf, len, "%s|%s|%" PRId64 "|%" PRId64 "|%"
			     PRId64 "|%s", get_str(run, "version"),
			     get_str(run, "bounds"), get_int(run, "seed"),
			     get_int(run, "scale"), get_int(run, "shards"),
			     json_object_to_json_string(get(run, "families")));
	if (o < len)
		snprintf(buf + o, len - o, "|%zu",
			 json_object_array_length(readers));
}

/*
 * The readers of two shards must be the same readers: by what they are
 * (name; capabilities, entries and ABI version), not by the path they
 * were given as, which may be another spelling of the same file or
 * another machine's. Fills why with the field that differs; 0 if none.
 */
static int readers_differ(json_object *a, json_object *b, char *why,
			  size_t len)
{
	static const char *const fields[] = { "name", "capabilities" };
	size_t i, k;

	for (i = 0; i < json_object_array_length(a); i++) {
		json_object *ra = json_object_array_get_idx(a, i);
		json_object *rb = json_object_array_get_idx(b, i);

		for (k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
			if (!strcmp(get_str(ra, fields[k]),
				    get_str(rb, fields[k])))
				continue;
			snprintf(why, len, "reader %zu: field %s differs "
				 "(\"%s\", not \"%s\")", i + 1, fields[k],
				 get_str(rb, fields[k]),
				 get_str(ra, fields[k]));
			return 1;
		}
	}
	return 0;
}

/* Marks the failures or skips listed in a shard's family; -1 on an index
 * or id that is not this run's. */
static int apply_cases(const struct run_report *rep, struct case_result *res,
		       json_object *list, int status)
{
	size_t i;
	char id[96];

	for (i = 0; i < json_object_array_length(list); i++) {
		json_object *c = json_object_array_get_idx(list, i);
		int64_t at = get_int(c, "index");

		if (at < 0 || (size_t)at >= rep->n ||
		    strcmp(report_case_id(rep, (size_t)at, id, sizeof(id)),
			   get_str(c, "id")) ||
		    res[at].status != CASE_PASSED)
			return -1;
		res[at].status = (uint8_t)status;
		res[at].kind = status == CASE_FAILED ?
			       (uint8_t)kind_of(get_str(c, "kind")) : FAIL_NONE;
		snprintf(res[at].check, sizeof(res[at].check), "%s",
			 get_str(c, "check"));
		snprintf(res[at].msg, sizeof(res[at].msg), "%s",
			 get_str(c, "message"));
		res[at].seconds = (float)json_object_get_double(
					get(c, "seconds"));
	}
	return 0;
}

static void read_kernel(struct kernel_result *k, json_object *kj)
{
	json_object *tests = get(kj, "tests");
	size_t i, n = json_object_array_length(tests);

	k->ran = json_object_get_boolean(get(kj, "ran"));
	snprintf(k->note, sizeof(k->note), "%s", get_str(kj, "note"));
	k->tests = calloc(n ? n : 1, sizeof(*k->tests));
	k->n = n;
	for (i = 0; i < n; i++) {
		json_object *t = json_object_array_get_idx(tests, i);
		struct kernel_test *kt = &k->tests[i];
		const char *st = get_str(t, "status");

		snprintf(kt->name, sizeof(kt->name), "%s", get_str(t, "name"));
		snprintf(kt->replay, sizeof(kt->replay), "%s",
			 get_str(t, "replay"));
		snprintf(kt->res.msg, sizeof(kt->res.msg), "%s",
			 get_str(t, "message"));
		kt->res.seconds = (float)json_object_get_double(
					get(t, "seconds"));
		kt->res.status = !strcmp(st, "passed") ? CASE_PASSED :
				 !strcmp(st, "failed") ? CASE_FAILED :
				 !strcmp(st, "skipped") ? CASE_SKIPPED :
							  CASE_NOT_RUN;
	}
}

/* The counts the shards reported for reader r, family f, added up. */
static int check_counts(json_object **shard, int nshards, size_t r, int f,
			const struct family_stats *fs)
{
	int64_t sum[4] = { 0 };
	int s;
	size_t i;

	for (s = 0; s < nshards; s++) {
		json_object *rd = json_object_array_get_idx(
					get(shard[s], "readers"), r);
		json_object *fams = get(rd, "families");

		for (i = 0; i < json_object_array_length(fams); i++) {
			json_object *fj = json_object_array_get_idx(fams, i);

			if (strcmp(get_str(fj, "name"), families[f].name))
				continue;
			sum[0] += get_int(fj, "cases");
			sum[1] += get_int(fj, "passed");
			sum[2] += get_int(fj, "failed");
			sum[3] += get_int(fj, "skipped");
		}
	}
	return sum[0] == (int64_t)fs->cases && sum[1] == (int64_t)fs->passed &&
	       sum[2] == (int64_t)fs->failed &&
	       sum[3] == (int64_t)fs->skipped ? 0 : -1;
}

/*
 * The shards give the passes' time per family, not per case: it goes to
 * the family's first passing case, so that every sum a report makes of
 * them (JUnit's "N cases passed", the JSON's passed_seconds) is the run's.
 */
static void place_passed_seconds(const struct run_report *rep,
				 struct case_result *res, const double *secs)
{
	size_t i;
	int f;

	for (f = 0; f < nfamilies; f++)
		for (i = 0; i < rep->n; i++)
			if (rep->cases[i].family == f &&
			    res[i].status == CASE_PASSED) {
				res[i].seconds = (float)secs[f];
				break;
			}
}

static int rebuild(json_object **shard, int nshards, struct run_report *rep,
		   struct reader_result *rr)
{
	double passed_seconds[64];
	json_object *run = get(shard[0], "ringcheck");
	json_object *fams = get(run, "families");
	json_object *readers = get(shard[0], "readers");
	char scale[24];
	size_t i, r;
	int f, s;

	rep->bounds = strcmp(get_str(run, "bounds"), "quick") ? BOUNDS_FULL
							      : BOUNDS_QUICK;
	rep->seed = scenario_random_base = (uint64_t)get_int(run, "seed");
	snprintf(scale, sizeof(scale), "%" PRId64, get_int(run, "scale"));
	if (scenario_set_scale(scale))
		return merge_error(NULL, "a scale this ringcheck does not "
				   "know");
	rep->shard = rep->shards = 1;
	snprintf(rep->kernel_release, sizeof(rep->kernel_release), "%s",
		 get_str(run, "kernel"));
	for (i = 0; i < json_object_array_length(fams); i++) {
		f = family_find(json_object_get_string(
				json_object_array_get_idx(fams, i)));
		if (f < 0)
			return merge_error(NULL, "a family this ringcheck does "
					   "not know");
		rep->families_selected |= 1ul << f;
	}
	rep->cases = runner_enumerate(rep->bounds, rep->families_selected,
				      &rep->n);
	rep->nr = json_object_array_length(readers);
	if (rep->nr > MAX_READERS)
		return merge_error(NULL, "too many readers");
	rep->rr = rr;
	for (r = 0; r < rep->nr; r++) {
		json_object *rd = json_object_array_get_idx(readers, r);

		rr[r].path = get_str(rd, "path");
		snprintf(rr[r].name, sizeof(rr[r].name), "%s",
			 get_str(rd, "name"));
		snprintf(rr[r].caps, sizeof(rr[r].caps), "%s",
			 get_str(rd, "capabilities"));
		rr[r].results = calloc(rep->n ? rep->n : 1,
				       sizeof(*rr[r].results));
		rr[r].stats = calloc((size_t)nfamilies, sizeof(*rr[r].stats));
		for (i = 0; i < rep->n; i++)
			rr[r].results[i].status = CASE_PASSED;
		memset(passed_seconds, 0, sizeof(passed_seconds));
		for (s = 0; s < nshards; s++) {
			json_object *sr = json_object_array_get_idx(
				get(shard[s], "readers"), r);
			json_object *sf = get(sr, "families");
			json_object *kj = get(sr, "kernel");

			rr[r].seconds += json_object_get_double(
				get(sr, "seconds"));
			for (i = 0; i < json_object_array_length(sf); i++) {
				json_object *fj =
					json_object_array_get_idx(sf, i);

				f = family_find(get_str(fj, "name"));
				if (f >= 0 && f < 64)
					passed_seconds[f] += json_object_get_double(
						get(fj, "passed_seconds"));
				if (get_int(fj, "not_run"))
					return merge_error(NULL, "a shard did "
						"not run all its cases "
						"(--fail-fast): its passes "
						"are unknown");
				if (apply_cases(rep, rr[r].results,
						get(fj, "failures"),
						CASE_FAILED) ||
				    apply_cases(rep, rr[r].results,
						get(fj, "skips"),
						CASE_SKIPPED))
					return merge_error(NULL, "a case that "
						"is not this run's, or twice");
			}
			if (json_object_get_boolean(get(kj, "asked"))) {
				rep->kernel_asked = true;
				read_kernel(&rr[r].kernel, kj);
			}
		}
		place_passed_seconds(rep, rr[r].results, passed_seconds);
		runner_summarise(rep->cases, rep->n, rr[r].results,
				 rr[r].stats);
		for (f = 0; f < nfamilies; f++)
			if (check_counts(shard, nshards, r, f, &rr[r].stats[f]))
				return merge_error(NULL, "the shards' counts "
						   "do not add up to the run");
	}
	return 0;
}

int cmd_merge(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", required_argument, NULL, 'J' },
		{ "junit", required_argument, NULL, 'U' },
		{ "markdown", required_argument, NULL, 'M' },
		{ "tap", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	static const struct {
		int (*write)(FILE *out, const struct run_report *rep);
	} writers[] = { { report_json }, { report_junit },
			{ report_markdown } };
	const char *paths[3] = { NULL, NULL, NULL };
	json_object *shard[MAX_SHARDS] = { NULL };
	struct reader_result rr[MAX_READERS];
	struct run_report rep = { 0 };
	char key0[8192], key[8192], why[512];
	bool seen[MAX_SHARDS + 1] = { false }, tap = false;
	int c, i, nshards, ret = 2;
	size_t r;

	memset(rr, 0, sizeof(rr));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'J': paths[0] = optarg; break;
		case 'U': paths[1] = optarg; break;
		case 'M': paths[2] = optarg; break;
		case 'T': tap = true; break;
		case 'h':
			fputs(merge_usage, stdout);
			return 0;
		default:
			fprintf(stderr, "ringcheck merge: %s %s\n%s",
				c == ':' ? "missing the value of"
					 : "unknown option",
				argv[optind - 1], merge_usage);
			return 2;
		}
	}
	nshards = argc - optind;
	if (nshards < 1 || nshards > MAX_SHARDS) {
		fprintf(stderr, "ringcheck merge: no shard reports\n%s",
			merge_usage);
		return 2;
	}
	for (i = 0; i < nshards; i++) {
		const char *file = argv[optind + i];
		json_object *run;
		int64_t k, n;

		shard[i] = json_object_from_file(file);
		run = get(shard[i], "ringcheck");
		if (!shard[i] || !well_formed(shard[i]))
			return merge_error(file, "not a ringcheck --json "
					   "report");
		if (strcmp(get_str(run, "version"), ringcheck_version))
			return merge_error(file, "made by another version of "
					   "ringcheck");
		run_key(run, get(shard[i], "readers"), i ? key : key0,
			sizeof(key));
		if (i && strcmp(key, key0))
			return merge_error(file, "a shard of another run "
					   "(bounds, seed, families, number "
					   "of readers or shard count differ)");
		if (i && readers_differ(get(shard[0], "readers"),
					get(shard[i], "readers"), why,
					sizeof(why)))
			return merge_error(file, why);
		k = get_int(run, "shard");
		n = get_int(run, "shards");
		if (n != nshards || k < 1 || k > n || seen[k])
			return merge_error(file, n != nshards ?
					   "the run has another number of "
					   "shards than the files given" :
					   "a shard given twice");
		seen[k] = true;
	}
	if (rebuild(shard, nshards, &rep, rr))
		goto out;
	ret = 0;
	for (r = 0; r < rep.nr; r++) {
		int f;

		if (!tap)
			report_text(stdout, &rep, r);
		for (f = 0; f < nfamilies; f++)
			if (rr[r].stats[f].failed)
				ret = 1;
		if (report_kernel_count(&rr[r].kernel, CASE_FAILED))
			ret = 1;
	}
	if (tap ? report_tap(stdout, &rep) : report_text_totals(stdout, &rep))
		ret = 2;
	for (i = 0; i < 3; i++) {
		FILE *out;

		if (!paths[i])
			continue;
		out = fopen(paths[i], "w");
		if (!out || writers[i].write(out, &rep) || fclose(out)) {
			fprintf(stderr, "ringcheck merge: cannot write %s\n",
				paths[i]);
			ret = 2;
		}
	}
out:
	for (r = 0; r < MAX_READERS; r++) {
		free(rr[r].results);
		free(rr[r].stats);
		kernel_result_free(&rr[r].kernel);
	}
	free((void *)rep.cases);
	for (i = 0; i < nshards; i++)
		json_object_put(shard[i]);
	return ret;
}
