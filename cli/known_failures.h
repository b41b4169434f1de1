/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Judging a run by what was known before it rather than by "every case
 * passes": against a baseline report (--baseline, `ringcheck diff`) or an
 * expectations file (--expect, docs/expectations.md). Each judge prints
 * its verdict and returns 0, or 1 when the run must fail.
 */
#ifndef RINGCHECK_KNOWN_FAILURES_H
#define RINGCHECK_KNOWN_FAILURES_H

#include <stdbool.h>
#include <stdio.h>

#include "outcomes.h"

/* Cases listed per root cause or group before "... and N more". */
#define JUDGE_LIST_CAP	10

/* A failing case a judge lists, with a note on it (or NULL). */
struct judged_case {
	const struct case_outcome	*c;
	const char			*note;
};

/* Grouped by root cause, the groups in order of their names; sorts jc. */
void judge_list_by_cause(FILE *out, struct judged_case *jc, size_t n);

struct baseline_tally {
	/* failing now: passed or skipped there; not in the baseline */
	size_t	new_failed;
	size_t	new_unknown;
	size_t	fixed;		/* failed there, pass now */
	size_t	still_failing;
	size_t	passing;	/* passed in both */
	size_t	newly_skipped;	/* passed there, skipped now */
	size_t	gone;		/* failed there, not in this run */
};

/*
 * now against base (NULL: a reader the baseline does not have, so every
 * failure is new), under the heading "title". Exit 1 on a new failure;
 * strict: on a case fixed too (the baseline is out of date).
 */
int baseline_judge(FILE *out, const char *title,
		   const struct reader_outcomes *base,
		   const struct reader_outcomes *now, bool strict,
		   struct baseline_tally *t);

struct expect_entry {
	char		reader[64];	/* fnmatch(3) pattern */
	bool		by_cause;	/* a check or a failure kind */
	char		what[128];	/* case id pattern, or cause */
	long		count;		/* cases matched; -1: any */
	char		reason[256];
	const char	*file;
	int		line;
	size_t		matched;	/* in the reader being judged */
};

struct expectations {
	size_t			n;
	struct expect_entry	*e;
};

/* Adds the entries of path; -1 after a message naming the file and line
 * (the caller exits 2). */
int expect_load(const char *path, struct expectations *ex);
/* now against the entries for its reader. Exit 1 on a failure no entry
 * expects, or more than an entry's count; strict: also on an entry that
 * no longer holds (nothing it names fails, or fewer than its count). */
int expect_judge(FILE *out, struct expectations *ex,
		 const struct reader_outcomes *now, bool strict);
void expect_free(struct expectations *ex);

#endif /* RINGCHECK_KNOWN_FAILURES_H */
