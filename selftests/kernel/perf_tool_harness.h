/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the perf tool tests share that needs the kselftest harness: a skip
 * with perf's reason when perf cannot do a thing here, the run's files
 * kept for a look when a test fails, and a known perf defect reported as
 * XFAIL naming its finding. Include after "../kselftest_harness.h".
 */
#ifndef RINGCHECK_PERF_TOOL_HARNESS_H
#define RINGCHECK_PERF_TOOL_HARNESS_H

#include <stdlib.h>
#include <string.h>

#include "perf_run.h"

/*
 * A known perf defect, met: the test ends as XFAIL with the finding named
 * (kselftest's "ok ... # XFAIL", counted apart from passes), unless
 * RINGCHECK_PERF_STRICT=1 makes it a failure. The harness of Linux 6.1
 * (no <ctype.h> yet, no XFAIL) gets a SKIP naming the defect instead.
 */
#ifdef _CTYPE_H
#define TEST_STILL_PASSING()	__test_passed(_metadata)
#define KNOWN_PERF_DEFECT(statement, fmt, ...)				\
	do {								\
		snprintf(_metadata->results->reason,			\
			 sizeof(_metadata->results->reason), fmt,	\
			 ##__VA_ARGS__);				\
		TH_LOG("known perf defect: %s",				\
		       _metadata->results->reason);			\
		_metadata->exit_code = KSFT_XFAIL;			\
		statement;						\
	} while (0)
#else
#define TEST_STILL_PASSING()	(_metadata->passed)
#define KNOWN_PERF_DEFECT(statement, fmt, ...)				\
	SKIP(statement, "known perf defect: " fmt, ##__VA_ARGS__)
#endif

static inline bool strict(void)
{
	const char *s = getenv("RINGCHECK_PERF_STRICT");

	return s && *s && strcmp(s, "0");
}

/* Removes the run's files, unless the test failed or RINGCHECK_PERF_KEEP
 * is set: then they stay for a look, and the test says where. */
#define RUN_CLEANUP(r)							\
	do {								\
		if (!TEST_STILL_PASSING() ||			\
		    getenv("RINGCHECK_PERF_KEEP"))			\
			TH_LOG("perf.data and perf's log kept in %s",	\
			       (r)->dir);				\
		else							\
			remove_dir((r)->dir);				\
	} while (0)

/* Whether the user named the perf (make PERF=): then what it cannot do
 * here is a failure, not a skip: what was asked for did not run. */
static inline bool perf_required(void)
{
	return getenv("RINGCHECK_PERF_REQUIRED") != NULL;
}

/*
 * Skips the test with the reason when can(args..., why, len) says perf
 * cannot do what the test needs here (fails it, for a perf the user
 * named); a refusal of the real run is then a failure.
 */
#define PERF_SKIP_UNLESS(can, ...)					\
	do {								\
		char _why[400];						\
		if (can(__VA_ARGS__, _why, sizeof(_why)))		\
			break;						\
		if (perf_required()) {					\
			TH_LOG("%s (the perf named by PERF=)", _why);	\
			ASSERT_TRUE(false);				\
		}							\
		SKIP(return, "%s", _why);				\
	} while (0)

#endif
