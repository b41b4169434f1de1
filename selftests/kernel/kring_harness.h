/* SPDX-License-Identifier: GPL-2.0-only */
/* kernel_ring/kring.h inside kselftest harness tests. */
#ifndef RINGCHECK_KRING_HARNESS_H
#define RINGCHECK_KRING_HARNESS_H

#include "kring.h"

/* In kselftest harness tests: open, skip with the reason, or fail. */
#define KRING_OPEN(k, attr, pages, ow)					\
	do {								\
		int _r = kring_open(k, attr, pages, ow);		\
		if (_r == 4)						\
			SKIP(return, "%s", (k)->why);			\
		ASSERT_EQ(0, _r) TH_LOG("%s", (k)->why);		\
	} while (0)

#endif
