// SPDX-License-Identifier: GPL-2.0-only
/* perf's printed output, loaded and judged (see perf_transcript.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "perf_transcript.h"

static void add_line(struct transcript *t, const char *s)
{
	t->line = realloc(t->line, (t->nlines + 1) * sizeof(*t->line));
	t->line[t->nlines++] = strdup(s);
}

/* The RINGCHECK_PERF_DOCTOR change to the loaded lines; false if none. */
static bool doctor(struct transcript *t, const char *how,
		   const char *record_mark, const char *lost_mark)
{
	unsigned int i, marked = 0, k = 0, mid;
	char *p, buf[1024];

	if (!strcmp(how, "lost+1")) {
		for (i = 0; i < t->nlines; i++) {
			p = strstr(t->line[i], lost_mark);
			if (!p)
				continue;
			p += strlen(lost_mark);
			snprintf(buf, sizeof(buf), "%.*s1%s",
				 (int)(p - t->line[i]), t->line[i], p);
			free(t->line[i]);
			t->line[i] = strdup(buf);
			return true;
		}
		return false;
	}
	for (i = 0; i < t->nlines; i++)
		marked += strstr(t->line[i], record_mark) != NULL;
	if (marked < 3)
		return false;
	mid = marked / 2;
	for (i = 0; i < t->nlines; i++) {
		if (!strstr(t->line[i], record_mark) || k++ != mid)
			continue;
		if (!strcmp(how, "drop-line")) {
			free(t->line[i]);
			memmove(t->line + i, t->line + i + 1,
				(t->nlines - i - 1) * sizeof(*t->line));
			t->nlines--;
		} else if (!strcmp(how, "dup-line")) {
			add_line(t, "");
			memmove(t->line + i + 1, t->line + i,
				(t->nlines - i - 1) * sizeof(*t->line));
			t->line[i] = strdup(t->line[i + 1]);
		} else if (!strcmp(how, "swap-lines") && i + 1 < t->nlines) {
			p = t->line[i];
			t->line[i] = t->line[i + 1];
			t->line[i + 1] = p;
		} else {
			return false;
		}
		return true;
	}
	return false;
}

int transcript_load(struct transcript *t, const char *path,
		    const char *record_mark, const char *lost_mark)
{
	const char *how = getenv("RINGCHECK_PERF_DOCTOR");
	FILE *f = fopen(path, "r");
	char buf[1024];

	memset(t, 0, sizeof(*t));
	if (!f) {
		snprintf(t->why, sizeof(t->why), "cannot open %s", path);
		return -1;
	}
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = 0;
		add_line(t, buf);
	}
	fclose(f);
	if (how && *how && strcmp(how, "more") &&
	    !doctor(t, how, record_mark, lost_mark)) {
		snprintf(t->why, sizeof(t->why), "RINGCHECK_PERF_DOCTOR=%s "
			 "changed nothing in %s", how, path);
		return -1;
	}
	return 0;
}

void transcript_free(struct transcript *t)
{
	while (t->nlines)
		free(t->line[--t->nlines]);
	free(t->line);
	t->line = NULL;
}

unsigned long expected_records(unsigned long n)
{
	const char *d = getenv("RINGCHECK_PERF_DOCTOR");

	return n + (d && !strcmp(d, "more"));
}

static void note(struct seq_verdict *v, const char *fmt, long a, long b)
{
	if (!v->first_err[0])
		snprintf(v->first_err, sizeof(v->first_err), fmt, a, b);
}

void seq_check(const struct seq_event *ev, unsigned int count,
	       unsigned long n, struct seq_verdict *v)
{
	unsigned long lost_since = 0;
	long prev = 0;
	unsigned int i;

	memset(v, 0, sizeof(*v));
	v->n = n;
	for (i = 0; i < count; i++) {
		long s = ev[i].seq;

		if (s < 0) {
			v->lost += ev[i].lost;
			lost_since += ev[i].lost;
			continue;
		}
		if (v->flushed) {
			v->unexpected++;
			note(v, "record %ld after the flush record %ld", s,
			     (long)n + 1);
			continue;
		}
		if (s < 1 || s > (long)n + 1) {
			v->unexpected++;
			note(v, "record %ld: the workload made 1..%ld", s,
			     (long)n + 1);
			continue;
		}
		if (s == prev) {
			v->dups++;
			note(v, "record %ld delivered twice", s, 0);
			continue;
		}
		if (s < prev) {
			v->out_of_order++;
			note(v, "record %ld after %ld", s, prev);
			continue;
		}
		if ((unsigned long)(s - prev - 1) != lost_since) {
			v->bad_gaps++;
			note(v, "the gap before record %ld is %ld records",
			     s, s - prev - 1);
			if (v->first_err[0] && strlen(v->first_err) < 150)
				snprintf(v->first_err + strlen(v->first_err),
					 sizeof(v->first_err) -
					 strlen(v->first_err),
					 ", the LOST reported in it %lu",
					 lost_since);
		}
		lost_since = 0;
		prev = s;
		if (s == (long)n + 1)
			v->flushed = true;
		else
			v->delivered++;
	}
}
