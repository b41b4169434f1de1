// SPDX-License-Identifier: GPL-2.0-only
/*
 * What every report writer shares: case ids, replay commands, skip
 * reasons, and the grouping of failures into root causes.
 */
#include <stdlib.h>
#include <string.h>

#include "judge/diagnose.h"
#include "runner/plugin.h"
#include "report.h"

const char *report_case_id(const struct run_report *rep, size_t i,
			   char *buf, size_t len)
{
	static struct scenario s;

	scenario_build(rep->cases[i].family, rep->bounds, rep->cases[i].raw,
		       &s);
	snprintf(buf, len, "%s", s.id);
	return buf;
}

/* A word for a shell: as it is when it holds nothing special. */
static size_t shell_word(char *buf, size_t len, const char *w)
{
	size_t o = 0;

	if (!w[strspn(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			 "0123456789/._-+=:,")])
		return (size_t)snprintf(buf, len, "%s", w);
	o += (size_t)snprintf(buf, len, "'");
	for (; *w && o < len; w++)
		o += (size_t)snprintf(buf + o, len - o, *w == '\'' ? "'\\''"
								   : "%c", *w);
	if (o < len)
		o += (size_t)snprintf(buf + o, len - o, "'");
	return o;
}

const char *report_replay(const struct run_report *rep, size_t r,
			  const char *id, char *buf, size_t len)
{
	size_t o = (size_t)snprintf(buf, len, "ringcheck run --case %s", id);

	/* random ids carry their own seed: no --seed needed */
	/* the default reader needs no --reader; a reader named
	 * "reference" elsewhere (a mutant) does */
	if (o < len && strcmp(rep->rr[r].path, plugin_reference_path())) {
		o += (size_t)snprintf(buf + o, len - o, " --reader ");
		if (o < len)
			shell_word(buf + o, len - o, rep->rr[r].path);
	}
	return buf;
}

size_t report_kernel_count(const struct kernel_result *k, int status)
{
	size_t i, c = 0;

	for (i = 0; i < k->n; i++)
		c += status < 0 || k->tests[i].res.status == status;
	return c;
}

const char *report_family_skip(const struct run_report *rep, size_t r,
			       int f)
{
	const struct reader_result *rr = &rep->rr[r];
	const char *reason = NULL;
	size_t i;

	if (!rr->stats[f].cases || rr->stats[f].skipped != rr->stats[f].cases)
		return NULL;
	for (i = 0; i < rep->n; i++) {
		if (rep->cases[i].family != f)
			continue;
		if (reason && strcmp(reason, rr->results[i].msg))
			return "several reasons";
		reason = rr->results[i].msg;
	}
	return reason && *reason ? reason : "no reason given";
}

const char *report_kind_name(int kind)
{
	static const char *const names[] = {
		[FAIL_NONE] = "none",		[FAIL_DELIVERY] = "delivery",
		[FAIL_CRASH] = "crash",		[FAIL_EXIT] = "exit",
		[FAIL_HANG] = "hang",		[FAIL_STRAY] = "stray-access",
		[FAIL_MEMORY] = "memory",	[FAIL_LOAD] = "load",
	};

	if (kind < 0 || kind >= (int)(sizeof(names) / sizeof(names[0])) ||
	    !names[kind])
		return "unknown";
	return names[kind];
}

/* The steps of case i: the size of a case, for "smallest". */
static int case_steps(const struct run_report *rep, size_t i)
{
	static struct scenario s;

	scenario_build(rep->cases[i].family, rep->bounds, rep->cases[i].raw,
		       &s);
	return s.nsteps;
}

static int by_smallest_index(const void *a, const void *b)
{
	const struct root_cause *x = a, *y = b;

	return x->smallest < y->smallest ? -1 : x->smallest > y->smallest;
}

size_t report_root_causes(const struct run_report *rep, size_t r,
			  struct root_cause **out)
{
	const struct case_result *res = rep->rr[r].results;
	struct root_cause *rc = NULL;
	int *steps = NULL;
	size_t i, k, n = 0;

	for (i = 0; i < rep->n; i++) {
		const char *key;
		int st;

		if (res[i].status != CASE_FAILED)
			continue;
		key = res[i].check[0] ? res[i].check
				      : report_kind_name(res[i].kind);
		for (k = 0; k < n && strcmp(rc[k].key, key); k++)
			;
		st = case_steps(rep, i);
		if (k == n) {
			const struct judge_check *c = judge_check_find(key);

			rc = realloc(rc, (n + 1) * sizeof(*rc));
			steps = realloc(steps, (n + 1) * sizeof(*steps));
			memset(&rc[n], 0, sizeof(rc[n]));
			snprintf(rc[n].key, sizeof(rc[n].key), "%s", key);
			rc[n].clause = c ? c->clause : 0;
			rc[n].bug = c ? c->bug : NULL;
			rc[n].smallest = i;
			steps[n++] = st;
		}
		rc[k].count++;
		rc[k].families |= 1ul << rep->cases[i].family;
		/* ties go to the first in enumeration order */
		if (st < steps[k]) {
			steps[k] = st;
			rc[k].smallest = i;
		}
	}
	free(steps);
	if (n)
		qsort(rc, n, sizeof(*rc), by_smallest_index);
	*out = rc;
	return n;
}
