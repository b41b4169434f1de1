/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The reports of `ringcheck run`: what every writer (table, TAP, JSON,
 * JUnit, markdown) reads, and what they share (case ids, replay commands,
 * skip reasons, root causes). Each writer returns 0, or -1 when it could
 * not write (the caller also checks the stream).
 */
#ifndef RINGCHECK_REPORT_H
#define RINGCHECK_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "runner/kernel_tests.h"
#include "runner/runner.h"

struct reader_result {
	const char		*path;
	char			name[64];
	char			caps[256];	/* +/- each capability */
	struct family_stats	*stats;		/* nfamilies */
	struct case_result	*results;	/* one per case */
	double			seconds;
	struct kernel_result	kernel;
};

struct run_report {
	const struct reader_result *rr;
	size_t			nr;
	const struct case_ref	*cases;		/* the cases run */
	const size_t		*index;		/* each one's place in the
						 * whole run (shards) */
	size_t			n;
	unsigned long		families_selected;	/* bit per family */
	enum scenario_bounds	bounds;
	uint64_t		seed;
	unsigned int		shard, shards;	/* 1 of 1: not sharded */
	bool			kernel_asked;	/* the kernel part */
	char			kernel_release[65];
};

#define MAX_READERS	16	/* --reader, and readers in a report */
#define MAX_SHARDS	1024	/* --shard K/N: N at most */

/* JUnit lists this many failing cases per suite, then one for the rest. */
#define REPORT_JUNIT_CAP	100

extern const char ringcheck_version[];

const char *report_case_id(const struct run_report *rep, size_t i,
			   char *buf, size_t len);
/* The command that replays case id of reader r, as a shell line. */
const char *report_replay(const struct run_report *rep, size_t r,
			  const char *id, char *buf, size_t len);
/* Kernel tests with that status; -1: all. */
size_t report_kernel_count(const struct kernel_result *k, int status);
/* Why every case of family f was skipped (the reason when all share it),
 * or NULL if some case was not skipped. */
const char *report_family_skip(const struct run_report *rep, size_t r,
			       int f);
/* "delivery", "crash", ... for a fail kind. */
const char *report_kind_name(int kind);

/* Failures grouped by what went wrong: the check that fired (or the kind,
 * for crashes and hangs). */
struct root_cause {
	char		key[32];
	int		clause;		/* 0: none */
	const char	*bug;		/* "short-name (N)" or NULL */
	size_t		count;
	unsigned long	families;	/* bit per family */
	size_t		smallest;	/* case index: fewest steps */
};
/* The root causes of reader r, in order of their smallest case; *out is
 * malloc'ed. */
size_t report_root_causes(const struct run_report *rep, size_t r,
			  struct root_cause **out);

int report_text(FILE *out, const struct run_report *rep, size_t r);
int report_text_totals(FILE *out, const struct run_report *rep);
int report_tap(FILE *out, const struct run_report *rep);
int report_json(FILE *out, const struct run_report *rep);
int report_junit(FILE *out, const struct run_report *rep);
int report_markdown(FILE *out, const struct run_report *rep);

#endif /* RINGCHECK_REPORT_H */
