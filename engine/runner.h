/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The runner: a reader's cases in worker processes with a time limit, so a
 * crash or a hang is a failure of that reader and its case, never of
 * ringcheck.
 */
#ifndef RINGCHECK_RUNNER_H
#define RINGCHECK_RUNNER_H

#include <stdbool.h>
#include <stddef.h>

#include "scenario.h"

struct case_ref {
	int	family;
	size_t	raw;	/* index in the family's parameter product */
};

enum case_status {
	CASE_NOT_RUN,
	CASE_PASSED,
	CASE_FAILED,
	CASE_SKIPPED,	/* push not supported by the reader */
};

struct family_stats {
	size_t	cases, passed, failed, skipped;
	char	first_id[96];	/* first failing case, by enumeration */
	char	first_msg[240];
};

struct runner_opts {
	enum scenario_bounds	bounds;
	int			jobs;
	bool			fail_fast;
	unsigned int		timeout_ms;	/* per case */
	bool			progress;
};

/* The valid cases of the selected families (mask bit per family). */
struct case_ref *runner_enumerate(enum scenario_bounds b, unsigned long mask,
				  size_t *n);
/* Runs every case against the plugin; fills stats[nfamilies]. */
void runner_run(const char *plugin, const char *name,
		const struct case_ref *cases, size_t n,
		const struct runner_opts *opts, struct family_stats *stats,
		unsigned char *status);
/* Replays one case in a child, the report on stdout. 0 pass, 1 fail. */
int runner_replay(const char *plugin, const struct scenario *s,
		  unsigned int timeout_ms);

#endif
