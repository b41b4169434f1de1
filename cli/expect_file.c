// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading an expectations file (docs/expectations.md): the known failures
 * of readers, by case id or by root cause, each with its reason. A line
 * that does not parse is an error naming the file and line, never a line
 * skipped: a typo must not turn into an expectation that matches nothing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "judge/diagnose.h"
#include "known_failures.h"

static int parse_error(const char *path, int line, const char *what,
		       const char *arg)
{
	fprintf(stderr, "ringcheck: %s:%d: %s%s%s\n", path, line, what,
		arg ? ": " : "", arg ? arg : "");
	return -1;
}

/* The next word of *s, NUL-terminated in place; NULL at the end. */
static char *next_word(char **s)
{
	char *w = *s + strspn(*s, " \t");

	if (!*w)
		return NULL;
	*s = w + strcspn(w, " \t");
	if (**s)
		*(*s)++ = '\0';
	return w;
}

static bool is_cause(const char *name)
{
	int k;

	if (judge_check_find(name))
		return true;
	for (k = FAIL_NONE + 1; k <= FAIL_LOAD; k++)
		if (!strcmp(report_kind_name(k), name))
			return true;
	return false;
}

/* "count=N": N >= 1 (an entry for no failure expects nothing). */
static int parse_count(const char *w, long *count)
{
	char *end;

	if (strncmp(w, "count=", 6))
		return 1;
	errno = 0;
	*count = strtol(w + 6, &end, 10);
	return w[6] < '0' || w[6] > '9' || *end || errno || *count < 1 ? -1
									  : 0;
}

/* One "case" or "cause" line after its keyword. */
static int parse_entry(const char *path, int line, char *rest,
		       bool by_cause, const char *reader,
		       struct expect_entry *e)
{
	char *what = next_word(&rest), *w;
	int rc;

	memset(e, 0, sizeof(*e));
	e->count = -1;
	if (!what)
		return parse_error(path, line, by_cause ? "cause: no check or "
				   "failure kind" : "case: no case id", NULL);
	if (strlen(what) >= sizeof(e->what))
		return parse_error(path, line, "too long", what);
	if (by_cause && !is_cause(what))
		return parse_error(path, line, "no check or failure kind of "
				   "that name (docs/bug-classes.md)", what);
	rest += strspn(rest, " \t");
	/* words are cut in place: only a count is taken off the reason */
	if (!strncmp(rest, "count=", 6)) {
		w = next_word(&rest);
		rc = parse_count(w, &e->count);
		if (rc)
			return parse_error(path, line, "bad count (count=N, "
					   "N >= 1)", w);
		rest += strspn(rest, " \t");
	}
	if (!*rest)
		return parse_error(path, line, "no reason (every expected "
				   "failure says why)", what);
	snprintf(e->reader, sizeof(e->reader), "%s", reader);
	snprintf(e->what, sizeof(e->what), "%s", what);
	snprintf(e->reason, sizeof(e->reason), "%s", rest);
	e->by_cause = by_cause;
	e->line = line;
	return 0;
}

int expect_load(const char *path, struct expectations *ex)
{
	char *buf = NULL, *file, reader[64] = "*";
	FILE *f = fopen(path, "r");
	size_t cap = 0, n0 = ex->n;
	ssize_t len;
	int line = 0, ret = 0;

	if (!f) {
		fprintf(stderr, "ringcheck: %s: %m\n", path);
		return -1;
	}
	file = strdup(path);	/* the entries' messages name it */
	while (!ret && (len = getline(&buf, &cap, f)) >= 0) {
		char *s = buf, *kw;

		line++;
		if (len && buf[len - 1] == '\n')
			buf[--len] = '\0';
		if (strlen(buf) != (size_t)len) {
			ret = parse_error(path, line, "a NUL byte: not a text "
					  "file", NULL);
			break;
		}
		kw = next_word(&s);
		if (!kw || *kw == '#')
			continue;
		if (!strcmp(kw, "reader")) {
			char *name = next_word(&s);

			if (!name || next_word(&s) ||
			    strlen(name) >= sizeof(reader))
				ret = parse_error(path, line, "reader: one "
						  "name or pattern", NULL);
			else
				snprintf(reader, sizeof(reader), "%s", name);
		} else if (!strcmp(kw, "case") || !strcmp(kw, "cause")) {
			struct expect_entry e;

			ret = parse_entry(path, line, s,
					  !strcmp(kw, "cause"), reader, &e);
			if (!ret) {
				ex->e = realloc(ex->e,
						(ex->n + 1) * sizeof(*ex->e));
				e.file = file;
				ex->e[ex->n++] = e;
			}
		} else {
			ret = parse_error(path, line, "not reader, case or "
					  "cause", kw);
		}
	}
	if (!ret && ferror(f))
		ret = parse_error(path, line, "read error", NULL);
	free(buf);
	fclose(f);
	/* the entries keep the name: expect_free() frees it once */
	if (ret)
		ex->n = n0;
	if (ex->n == n0)
		free(file);
	return ret;
}

void expect_free(struct expectations *ex)
{
	const char *last = NULL;
	size_t i;

	for (i = 0; i < ex->n; i++)
		if (ex->e[i].file != last) {
			last = ex->e[i].file;
			free((char *)last);
		}
	free(ex->e);
	memset(ex, 0, sizeof(*ex));
}
