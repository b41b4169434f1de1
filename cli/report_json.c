// SPDX-License-Identifier: GPL-2.0-only
/*
 * --json: the whole run with json-c, every failing and skipped case with
 * its id, kind, check, contract clause, message and replay command, the ids
 * of the cases that passed; the totals per family and reader; the kernel
 * tests; the root causes. `ringcheck merge` reads it back (shards), and
 * `--baseline` and `ringcheck diff` compare two (cli/outcomes.c): with the
 * passes listed, a report says of every case whether it ran.
 */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <ringcheck/reader.h>

#include "judge/diagnose.h"
#include "report.h"

static const char *status_name(int status)
{
	return status == CASE_PASSED ? "passed" :
	       status == CASE_FAILED ? "failed" :
	       status == CASE_SKIPPED ? "skipped" : "not-run";
}

static void add_str(json_object *o, const char *key, const char *v)
{
	json_object_object_add(o, key, v ? json_object_new_string(v) : NULL);
}

static void add_int(json_object *o, const char *key, int64_t v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

/* Times to the microsecond: a case often takes less than a millisecond,
 * and merge adds thousands of them up. */
static void add_seconds(json_object *o, const char *key, double v)
{
	json_object_object_add(o, key,
			       json_object_new_double((double)(int64_t)(v * 1e6 +
								0.5) / 1e6));
}

static json_object *case_object(const struct run_report *rep, size_t r,
				size_t i)
{
	const struct case_result *res = &rep->rr[r].results[i];
	const struct judge_check *c = judge_check_find(res->check);
	json_object *o = json_object_new_object();
	char id[96], replay[4600];

	report_case_id(rep, i, id, sizeof(id));
	add_int(o, "index", (int64_t)(rep->index ? rep->index[i] : i));
	add_str(o, "id", id);
	add_str(o, "family", families[rep->cases[i].family].name);
	if (res->status == CASE_FAILED) {
		add_str(o, "kind", report_kind_name(res->kind));
		add_str(o, "check", res->check[0] ? res->check : NULL);
		add_int(o, "clause", c ? c->clause : 0);
	}
	add_str(o, "message", res->msg);
	add_str(o, "replay", report_replay(rep, r, id, replay,
					   sizeof(replay)));
	add_seconds(o, "seconds", res->seconds);
	return o;
}

static json_object *family_object(const struct run_report *rep, size_t r,
				  int f)
{
	const struct family_stats *fs = &rep->rr[r].stats[f];
	json_object *o = json_object_new_object();
	json_object *fail = json_object_new_array();
	json_object *skip = json_object_new_array();
	double passed_seconds = 0;
	json_object *pass = json_object_new_array();
	char id[96];
	size_t i;

	add_str(o, "name", families[f].name);
	add_int(o, "cases", (int64_t)fs->cases);
	add_int(o, "passed", (int64_t)fs->passed);
	add_int(o, "failed", (int64_t)fs->failed);
	add_int(o, "skipped", (int64_t)fs->skipped);
	add_int(o, "not_run", (int64_t)fs->not_run);
	add_str(o, "skip_reason", report_family_skip(rep, r, f));
	for (i = 0; i < rep->n; i++) {
		int st = rep->rr[r].results[i].status;

		if (rep->cases[i].family != f)
			continue;
		if (st == CASE_FAILED)
			json_object_array_add(fail, case_object(rep, r, i));
		else if (st == CASE_SKIPPED)
			json_object_array_add(skip, case_object(rep, r, i));
		else if (st == CASE_PASSED) {
			passed_seconds += rep->rr[r].results[i].seconds;
			json_object_array_add(pass, json_object_new_string(
				report_case_id(rep, i, id, sizeof(id))));
		}
	}
	/* the passes are not listed one by one: their time together */
	add_seconds(o, "passed_seconds", passed_seconds);
	json_object_object_add(o, "failures", fail);
	json_object_object_add(o, "skips", skip);
	/* ids only: a full run passes tens of thousands */
	json_object_object_add(o, "passes", pass);
	return o;
}

static json_object *kernel_object(const struct run_report *rep, size_t r)
{
	const struct kernel_result *k = &rep->rr[r].kernel;
	json_object *o = json_object_new_object(), *tests;
	size_t i;

	json_object_object_add(o, "asked",
			       json_object_new_boolean(rep->kernel_asked));
	json_object_object_add(o, "ran", json_object_new_boolean(k->ran));
	add_str(o, "note", k->note);
	add_int(o, "cases", (int64_t)report_kernel_count(k, -1));
	add_int(o, "passed", (int64_t)report_kernel_count(k, CASE_PASSED));
	add_int(o, "failed", (int64_t)report_kernel_count(k, CASE_FAILED));
	add_int(o, "skipped", (int64_t)report_kernel_count(k, CASE_SKIPPED));
	tests = json_object_new_array();
	for (i = 0; i < k->n; i++) {
		json_object *t = json_object_new_object();

		add_str(t, "name", k->tests[i].name);
		add_str(t, "status", status_name(k->tests[i].res.status));
		if (k->tests[i].res.status == CASE_FAILED)
			add_str(t, "kind",
				report_kind_name(k->tests[i].res.kind));
		add_str(t, "message", k->tests[i].res.msg);
		add_str(t, "replay", k->tests[i].replay);
		add_seconds(t, "seconds", k->tests[i].res.seconds);
		json_object_array_add(tests, t);
	}
	json_object_object_add(o, "tests", tests);
	return o;
}

static json_object *root_causes_array(const struct run_report *rep, size_t r)
{
	json_object *a = json_object_new_array();
	struct root_cause *rc;
	size_t n = report_root_causes(rep, r, &rc), k;
	char id[96];
	int f;

	for (k = 0; k < n; k++) {
		json_object *o = json_object_new_object();
		json_object *fams = json_object_new_array();

		add_str(o, "check", rc[k].key);
		add_int(o, "clause", rc[k].clause);
		add_str(o, "clause_name", contract_clause_name(rc[k].clause));
		add_str(o, "bug_class", rc[k].bug);
		add_int(o, "count", (int64_t)rc[k].count);
		for (f = 0; f < nfamilies; f++)
			if (rc[k].families & (1ul << f))
				json_object_array_add(fams,
					json_object_new_string(
						families[f].name));
		json_object_object_add(o, "families", fams);
		add_str(o, "smallest", report_case_id(rep, rc[k].smallest, id,
						      sizeof(id)));
		add_str(o, "message", rep->rr[r].results[rc[k].smallest].msg);
		json_object_array_add(a, o);
	}
	free(rc);
	return a;
}

static json_object *reader_object(const struct run_report *rep, size_t r)
{
	const struct reader_result *rr = &rep->rr[r];
	json_object *o = json_object_new_object();
	json_object *fams = json_object_new_array(), *tot;
	size_t t[5] = { 0 };
	int f;

	add_str(o, "name", rr->name);
	add_str(o, "path", rr->path);
	add_str(o, "capabilities", rr->caps);
	json_object_object_add(o, "seconds",
			       json_object_new_double(rr->seconds));
	for (f = 0; f < nfamilies; f++) {
		const struct family_stats *fs = &rr->stats[f];

		if (!fs->cases)
			continue;
		json_object_array_add(fams, family_object(rep, r, f));
		t[0] += fs->cases, t[1] += fs->passed, t[2] += fs->failed;
		t[3] += fs->skipped, t[4] += fs->not_run;
	}
	t[0] += report_kernel_count(&rr->kernel, -1);
	t[1] += report_kernel_count(&rr->kernel, CASE_PASSED);
	t[2] += report_kernel_count(&rr->kernel, CASE_FAILED);
	t[3] += report_kernel_count(&rr->kernel, CASE_SKIPPED);
	tot = json_object_new_object();
	add_int(tot, "cases", (int64_t)t[0]);
	add_int(tot, "passed", (int64_t)t[1]);
	add_int(tot, "failed", (int64_t)t[2]);
	add_int(tot, "skipped", (int64_t)t[3]);
	add_int(tot, "not_run", (int64_t)t[4]);
	json_object_object_add(o, "totals", tot);
	json_object_object_add(o, "families", fams);
	json_object_object_add(o, "kernel", kernel_object(rep, r));
	json_object_object_add(o, "root_causes", root_causes_array(rep, r));
	return o;
}

int report_json(FILE *out, const struct run_report *rep)
{
	const int flags = JSON_C_TO_STRING_PRETTY |
			  JSON_C_TO_STRING_NOSLASHESCAPE;
	json_object *top = json_object_new_object();
	json_object *run = json_object_new_object(), *readers, *fams;
	size_t r, i;
	int ret = 0;

	add_str(run, "version", ringcheck_version);
	add_int(run, "abi", RINGCHECK_READER_ABI_LATEST);
	add_str(run, "kernel", rep->kernel_release);
	add_str(run, "bounds", rep->bounds == BOUNDS_QUICK ? "quick" : "full");
	add_int(run, "seed", (int64_t)rep->seed);
	add_int(run, "scale", scenario_scale);
	add_int(run, "shard", rep->shard);
	add_int(run, "shards", rep->shards);
	/* the families selected, even those a shard has no case of */
	fams = json_object_new_array();
	for (i = 0; i < (size_t)nfamilies; i++)
		if (rep->families_selected & (1ul << i))
			json_object_array_add(fams,
				json_object_new_string(families[i].name));
	json_object_object_add(run, "families", fams);
	json_object_object_add(top, "ringcheck", run);
	readers = json_object_new_array();
	for (r = 0; r < rep->nr; r++)
		json_object_array_add(readers, reader_object(rep, r));
	json_object_object_add(top, "readers", readers);
	if (fputs(json_object_to_json_string_ext(top, flags), out) < 0 ||
	    fputc('\n', out) == EOF || ferror(out))
		ret = -1;
	json_object_put(top);
	return ret;
}
