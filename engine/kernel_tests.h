/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The real-kernel kselftests (build/kselftest/) run for one reader, for the
 * kernel row of `ringcheck run`.
 */
#ifndef RINGCHECK_KERNEL_TESTS_H
#define RINGCHECK_KERNEL_TESTS_H

#include <stddef.h>

struct kernel_result {
	int	ran;		/* 0: not built; the reason is in note */
	size_t	cases, passed, failed, skipped;
	char	first[200];	/* program:TAP name of the first failure */
	char	replay[3 * 4096 + 256];
	char	note[160];
};

void kernel_tests_run(const char *reader, struct kernel_result *res);

#endif
