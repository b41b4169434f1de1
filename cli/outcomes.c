// SPDX-License-Identifier: GPL-2.0-only
/*
 * Case outcomes by id, from a run in memory or from a --json report. The
 * report lists every failing and skipped case with its id and every
 * passing case's id, so a report read back says of each case whether it
 * passed, failed, was skipped or was not in that run.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "outcomes.h"

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* The root cause of a failure, as report_root_causes() groups them. */
static void set_cause(struct case_outcome *c, const char *check, int kind)
{
	snprintf(c->cause, sizeof(c->cause), "%s",
		 check && *check ? check : report_kind_name(kind));
}

static int by_id(const void *a, const void *b)
{
	const struct case_outcome *x = a, *y = b;

	return strcmp(x->id, y->id);
}

static struct case_outcome *grow(struct reader_outcomes *ro, size_t *cap)
{
	if (ro->n == *cap) {
		*cap = *cap ? 2 * *cap : 1024;
		ro->c = realloc(ro->c, *cap * sizeof(*ro->c));
		if (!ro->c) {
			perror("ringcheck");
			exit(2);
		}
	}
	memset(&ro->c[ro->n], 0, sizeof(ro->c[0]));
	return &ro->c[ro->n++];
}

void outcomes_from_run(const struct run_report *rep, size_t r,
		       struct reader_outcomes *out)
{
	const struct reader_result *rr = &rep->rr[r];
	size_t i, cap = 0;
	char id[256];

	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", rr->name);
	for (i = 0; i < rep->n; i++) {
		const struct case_result *res = &rr->results[i];
		struct case_outcome *c;

		if (res->status == CASE_NOT_RUN) {
			out->not_run++;
			continue;
		}
		c = grow(out, &cap);
		c->id = strdup(report_case_id(rep, i, id, sizeof(id)));
		c->family = strdup(families[rep->cases[i].family].name);
		c->status = res->status;
		if (res->status == CASE_FAILED) {
			char replay[4600];

			set_cause(c, res->check, res->kind);
			c->msg = strdup(res->msg);
			c->replay = strdup(report_replay(rep, r, c->id, replay,
							 sizeof(replay)));
		}
	}
	for (i = 0; i < rr->kernel.n; i++) {
		const struct kernel_test *t = &rr->kernel.tests[i];
		struct case_outcome *c;

		if (t->res.status == CASE_NOT_RUN) {
			out->not_run++;
			continue;
		}
		c = grow(out, &cap);
		snprintf(id, sizeof(id), OUTCOME_KERNEL_PREFIX "%s", t->name);
		c->id = strdup(id);
		c->family = strdup("kernel");
		c->status = t->res.status;
		if (t->res.status == CASE_FAILED) {
			set_cause(c, t->res.check, t->res.kind);
			c->msg = strdup(t->res.msg);
			c->replay = strdup(t->replay);
		}
	}
	if (out->n)
		qsort(out->c, out->n, sizeof(*out->c), by_id);
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

	return json_object_is_type(v, json_type_string) ?
	       json_object_get_string(v) : NULL;
}

static bool is_array(json_object *o, const char *key)
{
	return json_object_is_type(get(o, key), json_type_array);
}

static int kind_of(const char *name)
{
	int k;

	for (k = 0; name && k <= FAIL_LOAD; k++)
		if (!strcmp(report_kind_name(k), name))
			return k;
	return FAIL_DELIVERY;
}

/* One case object of "failures" or "skips"; -1 when it has no id. */
static int add_case(struct reader_outcomes *ro, size_t *cap,
		    json_object *cj, const char *family, int status)
{
	const char *id = get_str(cj, "id");
	struct case_outcome *c;

	if (!id)
		return -1;
	c = grow(ro, cap);
	c->id = strdup(id);
	c->family = strdup(family);
	c->status = status;
	if (status == CASE_FAILED) {
		set_cause(c, get_str(cj, "check"),
			  kind_of(get_str(cj, "kind")));
		c->msg = dup_or_null(get_str(cj, "message"));
		c->replay = dup_or_null(get_str(cj, "replay"));
	}
	return 0;
}

static int read_family(struct reader_outcomes *ro, size_t *cap,
		       json_object *fj)
{
	const char *name = get_str(fj, "name");
	json_object *list;
	size_t i;

	if (!name || !is_array(fj, "failures") || !is_array(fj, "skips"))
		return -1;
	list = get(fj, "failures");
	for (i = 0; i < json_object_array_length(list); i++)
		if (add_case(ro, cap, json_object_array_get_idx(list, i), name,
			     CASE_FAILED))
			return -1;
	list = get(fj, "skips");
	for (i = 0; i < json_object_array_length(list); i++)
		if (add_case(ro, cap, json_object_array_get_idx(list, i), name,
			     CASE_SKIPPED))
			return -1;
	/* a report of a ringcheck that did not list its passes: those
	 * cases are unknown to it, and a failure of theirs counts as new */
	list = get(fj, "passes");
	if (!list)
		return 0;
	if (!json_object_is_type(list, json_type_array))
		return -1;
	for (i = 0; i < json_object_array_length(list); i++) {
		json_object *id = json_object_array_get_idx(list, i);
		struct case_outcome *c;

		if (!json_object_is_type(id, json_type_string))
			return -1;
		c = grow(ro, cap);
		c->id = strdup(json_object_get_string(id));
		c->family = strdup(name);
		c->status = CASE_PASSED;
	}
	return 0;
}

static int status_of(const char *s)
{
	return !s ? -1 : !strcmp(s, "passed") ? CASE_PASSED :
	       !strcmp(s, "failed") ? CASE_FAILED :
	       !strcmp(s, "skipped") ? CASE_SKIPPED :
	       !strcmp(s, "not-run") ? CASE_NOT_RUN : -1;
}

static int read_kernel(struct reader_outcomes *ro, size_t *cap,
		       json_object *kj)
{
	json_object *tests = get(kj, "tests");
	size_t i;

	if (!json_object_is_type(tests, json_type_array))
		return -1;
	for (i = 0; i < json_object_array_length(tests); i++) {
		json_object *t = json_object_array_get_idx(tests, i);
		const char *name = get_str(t, "name");
		int st = status_of(get_str(t, "status"));
		struct case_outcome *c;
		char id[256];

		if (!name || st < 0)
			return -1;
		if (st == CASE_NOT_RUN) {
			ro->not_run++;
			continue;
		}
		snprintf(id, sizeof(id), OUTCOME_KERNEL_PREFIX "%s", name);
		c = grow(ro, cap);
		c->id = strdup(id);
		c->family = strdup("kernel");
		c->status = st;
		if (st == CASE_FAILED) {
			set_cause(c, NULL, kind_of(get_str(t, "kind")));
			c->msg = dup_or_null(get_str(t, "message"));
			c->replay = dup_or_null(get_str(t, "replay"));
		}
	}
	return 0;
}

static int read_reader(struct reader_outcomes *ro, json_object *rj)
{
	json_object *fams = get(rj, "families"), *k = get(rj, "kernel");
	const char *name = get_str(rj, "name");
	size_t i, cap = 0;

	memset(ro, 0, sizeof(*ro));
	if (!name || !json_object_is_type(fams, json_type_array) ||
	    !json_object_is_type(k, json_type_object))
		return -1;
	snprintf(ro->name, sizeof(ro->name), "%s", name);
	for (i = 0; i < json_object_array_length(fams); i++) {
		json_object *f = json_object_array_get_idx(fams, i);

		if (read_family(ro, &cap, f))
			return -1;
		ro->not_run += (size_t)json_object_get_int64(get(f, "not_run"));
	}
	if (read_kernel(ro, &cap, k))
		return -1;
	if (ro->n)
		qsort(ro->c, ro->n, sizeof(*ro->c), by_id);
	return 0;
}

/* The whole file as JSON, or NULL with why: missing, empty, cut short,
 * or the first error. */
static json_object *parse_file(const char *path, char *err, size_t len)
{
	enum json_tokener_error e = json_tokener_success;
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;
	json_object *top;

	if (!f) {
		snprintf(err, len, "%s: %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (n + 65536 > cap)
			buf = realloc(buf, cap = 2 * cap + 65536);
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got);
	buf[n] = '\0';
	if (ferror(f)) {
		snprintf(err, len, "%s: read error", path);
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	top = json_tokener_parse_verbose(buf, &e);
	free(buf);
	if (!top)
		snprintf(err, len, "%s: not JSON: %s", path,
			 !n ? "empty" : e == json_tokener_continue ||
			 e == json_tokener_error_parse_eof ?
			 "it ends early (cut short?)" :
			 json_tokener_error_desc(e));
	return top;
}

int outcomes_load(const char *path, struct report_outcomes *out, char *err,
		  size_t len)
{
	json_object *top, *readers;
	size_t r;

	memset(out, 0, sizeof(*out));
	top = parse_file(path, err, len);
	if (!top)
		return -1;
	readers = get(top, "readers");
	if (!json_object_is_type(get(top, "ringcheck"), json_type_object) ||
	    !json_object_is_type(readers, json_type_array)) {
		snprintf(err, len, "%s: not a --json report of ringcheck run "
			 "(no \"ringcheck\" and \"readers\")", path);
		json_object_put(top);
		return -1;
	}
	out->nr = json_object_array_length(readers);
	out->r = calloc(out->nr ? out->nr : 1, sizeof(*out->r));
	for (r = 0; r < out->nr; r++) {
		if (read_reader(&out->r[r],
				json_object_array_get_idx(readers, r))) {
			snprintf(err, len, "%s: reader %zu is not as "
				 "ringcheck run --json writes it (a family, "
				 "case or kernel test without its fields)",
				 path, r + 1);
			out->nr = r + 1;
			report_outcomes_free(out);
			json_object_put(top);
			return -1;
		}
	}
	json_object_put(top);
	return 0;
}

const struct case_outcome *outcomes_find(const struct reader_outcomes *ro,
					 const char *id)
{
	struct case_outcome key = { .id = (char *)id };

	if (!ro || !ro->n)
		return NULL;
	return bsearch(&key, ro->c, ro->n, sizeof(*ro->c), by_id);
}

const struct reader_outcomes *outcomes_match(const struct report_outcomes *in,
					     const char *name, size_t nreaders)
{
	size_t r;

	for (r = 0; r < in->nr; r++)
		if (!strcmp(in->r[r].name, name))
			return &in->r[r];
	return in->nr == 1 && nreaders == 1 ? &in->r[0] : NULL;
}

size_t outcomes_count(const struct reader_outcomes *ro, int status)
{
	size_t i, n = 0;

	for (i = 0; i < ro->n; i++)
		n += ro->c[i].status == status;
	return n;
}

void outcomes_free(struct reader_outcomes *ro)
{
	size_t i;

	for (i = 0; i < ro->n; i++) {
		free(ro->c[i].id);
		free(ro->c[i].family);
		free(ro->c[i].msg);
		free(ro->c[i].replay);
	}
	free(ro->c);
	memset(ro, 0, sizeof(*ro));
}

void report_outcomes_free(struct report_outcomes *ro)
{
	size_t r;

	for (r = 0; r < ro->nr; r++)
		outcomes_free(&ro->r[r]);
	free(ro->r);
	memset(ro, 0, sizeof(*ro));
}
