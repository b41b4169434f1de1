/* SPDX-License-Identifier: GPL-2.0-only */
/* ringcheck run --baseline FILE | --expect FILE... [--strict]. */
#ifndef RINGCHECK_RUN_JUDGE_H
#define RINGCHECK_RUN_JUDGE_H

#include <stdbool.h>
#include <stdio.h>

#include "known_failures.h"
#include "report.h"

struct run_judge {
	const char		*base_path;
	struct report_outcomes	*base;		/* NULL: none */
	struct expectations	*expect;	/* NULL: none */
	bool			strict;
};

/* Every reader of the run judged; 0, or 1 when the run fails. */
int run_judge(FILE *out, const struct run_report *rep, struct run_judge *j);

#endif /* RINGCHECK_RUN_JUDGE_H */
