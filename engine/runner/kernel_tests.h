/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The real-kernel kselftests run for one reader: the kernel row of
 * `ringcheck run`. Each test gets its own verdict.
 */
#ifndef RINGCHECK_KERNEL_TESTS_H
#define RINGCHECK_KERNEL_TESTS_H

#include <stddef.h>

#include "runner.h"

struct kernel_test {
	char			name[192];	/* program:test */
	struct case_result	res;		/* status, kind, msg (the
						 * skip or failure reason) */
	char			replay[3 * 4096 + 256];	/* the command that runs it alone */
};

struct kernel_result {
	int			ran;	/* 0: the part could not run; note says why */
	char			note[200];	/* "Linux <release>", or why not */
	size_t			n;
	struct kernel_test	*tests;	/* n of them, malloc'ed */
};

/*
 * Runs the kernel tests through reader; the time limits of opts apply to
 * each test (timeout_ms scaled by the test's own settings) and to the
 * whole part (deadline_ms).
 */
void kernel_tests_run(const char *reader, const struct runner_opts *opts,
		      struct kernel_result *res);
/* The tests of the row without running them (status CASE_NOT_RUN);
 * ran 0 and note saying why when they are not built. */
void kernel_tests_list(struct kernel_result *res);
void kernel_result_free(struct kernel_result *res);

#endif
