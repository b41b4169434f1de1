/* SPDX-License-Identifier: GPL-2.0-only */
/* kernel_ring/kring.h inside kselftest harness tests. */
#ifndef RINGCHECK_KRING_HARNESS_H
#define RINGCHECK_KRING_HARNESS_H

#include <errno.h>
#include <stdio.h>

#include "kring.h"

/* In kselftest harness tests: open, skip with the reason, or fail. */
#define KRING_OPEN(k, attr, pages, ow)					\
	do {								\
		int _r = kring_open(k, attr, pages, ow);		\
		if (_r == 4)						\
			SKIP(return, "%s", (k)->why);			\
		ASSERT_EQ(0, _r) TH_LOG("%s", (k)->why);		\
	} while (0)

/* In kselftest harness tests: skip, naming every capability of needs
 * (enum ringcheck_cap) the reader under test does not declare. */
#define KRING_NEEDS(needs)						\
	do {								\
		char _why[256];						\
		int _r = kring_needs(needs, _why, sizeof(_why));	\
		if (_r == 4)						\
			SKIP(return, "%s", _why);			\
		ASSERT_EQ(0, _r) TH_LOG("%s", _why);			\
	} while (0)

/*
 * How to run one test alone, as a TAP comment before the tests. The
 * harness learnt to filter tests (-r FIXTURE.VARIANT.TEST, -t TEST) in
 * Linux 6.2, in the change that made it include <ctype.h>; the harness of
 * 6.1 ignores its arguments and runs every test.
 */
static void __attribute__((constructor)) kring_replay_hint(void)
{
#ifdef _CTYPE_H
	printf("# one test alone: %s -r global.TEST\n",
	       program_invocation_short_name);
#else
	printf("# this kselftest harness has no test filter: %s runs all its tests\n",
	       program_invocation_short_name);
#endif
	fflush(stdout);
}

#endif
