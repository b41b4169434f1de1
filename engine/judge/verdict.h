/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A case's verdict: what the judge decided, and for a failure the check
 * that fired (judge/diagnose.h), the step it fired at and why.
 */
#ifndef RINGCHECK_VERDICT_H
#define RINGCHECK_VERDICT_H

#include <stdbool.h>
#include <stdint.h>

enum verdict { VERDICT_PASS, VERDICT_FAIL, VERDICT_SKIP };

struct judge_result {
	enum verdict	verdict;
	int		step;		/* failing step; nsteps: final drain */
	char		check[32];	/* the check that fired (diagnose.h) */
	bool		stray;		/* the failure is a write outside
					 * what a reader may write */
	char		msg[240];
	int		crash_signal;	/* the reader crashed: the worker
					 * dies of it after the report */
	uintptr_t	crash_addr;
};

#endif /* RINGCHECK_VERDICT_H */
