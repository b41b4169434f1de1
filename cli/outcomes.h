/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The outcome of every case of one reader, by case id: what --baseline,
 * --expect and `ringcheck diff` compare. Taken from a run in memory or
 * read back from a --json report; a case a report does not list (not
 * selected, not run) is unknown to it.
 */
#ifndef RINGCHECK_OUTCOMES_H
#define RINGCHECK_OUTCOMES_H

#include <stdbool.h>
#include <stddef.h>

#include "report.h"

/* Kernel tests are cases too: "kernel:program:test". */
#define OUTCOME_KERNEL_PREFIX	"kernel:"

struct case_outcome {
	char		*id;
	char		*family;	/* "kernel": a kernel test */
	int		status;		/* CASE_PASSED, ... */
	/* of a failure: the check that fired (or the kind), the message,
	 * the command that replays it */
	char		cause[32];
	char		*msg;
	char		*replay;
};

struct reader_outcomes {
	char			name[64];
	size_t			n;
	struct case_outcome	*c;	/* sorted by id */
	size_t			not_run;	/* selected, not run */
};

struct report_outcomes {
	size_t			nr;
	struct reader_outcomes	*r;
};

/* Reader r of a run. */
void outcomes_from_run(const struct run_report *rep, size_t r,
		       struct reader_outcomes *out);
/* Every reader of a --json report; -1 with a message in err (the file
 * missing, not JSON, not a report of ringcheck). */
int outcomes_load(const char *path, struct report_outcomes *out, char *err,
		  size_t len);
const struct case_outcome *outcomes_find(const struct reader_outcomes *ro,
					 const char *id);
/* The reader of that name; else, when both sides hold one reader each,
 * that one (a reader renamed between two builds); else NULL. */
const struct reader_outcomes *outcomes_match(const struct report_outcomes *in,
					     const char *name, size_t nreaders);
size_t outcomes_count(const struct reader_outcomes *ro, int status);
void outcomes_free(struct reader_outcomes *ro);
void report_outcomes_free(struct report_outcomes *ro);

#endif /* RINGCHECK_OUTCOMES_H */
