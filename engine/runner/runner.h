/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The runner: a reader's cases in worker processes, each case closed by the
 * parent with a verdict. A worker's exit is never evidence of anything: a
 * case passes only on an explicit result for it; a crash, an exit, a hang
 * or a stray access costs that case, and a fresh worker goes on.
 */
#ifndef RINGCHECK_RUNNER_H
#define RINGCHECK_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario/scenario.h"

struct case_ref {
	int	family;
	size_t	raw;	/* index in the family's parameter product */
};

enum case_status {
	CASE_NOT_RUN,	/* only for a reason the user caused (--fail-fast,
			 * --deadline): the result's msg says which */
	CASE_PASSED,
	CASE_FAILED,
	CASE_SKIPPED,	/* outside the reader's capabilities: msg says */
};

/* What went wrong, for a failed case. */
enum fail_kind {
	FAIL_NONE,
	FAIL_DELIVERY,	/* the oracle: wrong records, tail, return value */
	FAIL_CRASH,	/* the worker died of a signal during the case */
	FAIL_EXIT,	/* the worker exited during the case */
	FAIL_HANG,	/* no result within the case time limit */
	FAIL_STRAY,	/* a read or write outside what the reader may touch */
	FAIL_MEMORY,	/* over the --memory limit */
	FAIL_LOAD,	/* the plugin could not be loaded in the worker */
};

#define CASE_MSG_LEN	240

struct case_result {
	uint8_t		status;		/* enum case_status */
	uint8_t		kind;		/* enum fail_kind */
	char		check[32];	/* the oracle's check that fired
					 * (root-cause grouping), or "" */
	char		msg[CASE_MSG_LEN];
	float		seconds;	/* the case's own time (JUnit) */
};

struct runner_opts {
	enum scenario_bounds	bounds;
	int			jobs;
	bool			fail_fast;
	unsigned int		breaker;	 /* failures of one kind in a row
						  * that end a family; 0: off */
	unsigned int		costly_breaker;	 /* the same for hangs and
						  * memory, which cost seconds a
						  * case; 0: off */
	unsigned int		timeout_ms;	 /* per case */
	unsigned int		load_timeout_ms; /* plugin load in a worker */
	unsigned long		deadline_ms;	 /* whole run of one reader;
						  * 0: none */
	unsigned long		memory_mb;	 /* per worker; 0: no limit */
	bool			progress;
};

/* Counts of one family, and its first failure in enumeration order. */
struct family_stats {
	size_t	cases, passed, failed, skipped, not_run;
	size_t	first;		/* index into cases[] of the first failure;
				 * SIZE_MAX: none */
};

/* The valid cases of the selected families (mask bit per family); NULL,
 * with the reason on stderr, when a selected family has no cases (its
 * inputs are missing or broken) or a case cannot be built. */
struct case_ref *runner_enumerate(enum scenario_bounds b, unsigned long mask,
				  size_t *n);
/*
 * Runs every case against the plugin and closes each one in results[n].
 * Returns 0 when every case has a verdict (passed, failed, skipped, or not
 * run for a reason the user caused), -1 when the accounting does not add
 * up (a defect of ringcheck: exit 2).
 */
int runner_run(const char *plugin, const char *name,
	       const struct case_ref *cases, size_t n,
	       const struct runner_opts *opts, struct case_result *results);
/* Per-family counts from results; stats has nfamilies entries. */
void runner_summarise(const struct case_ref *cases, size_t n,
		      const struct case_result *results,
		      struct family_stats *stats);
/* Replays one case in a child, the report on stdout. 0 pass, 1 fail,
 * 2 the plugin could not be loaded, 3 skipped (outside what it declares). */
int runner_replay(const char *plugin, const struct scenario *s,
		  const struct runner_opts *opts);

#endif
