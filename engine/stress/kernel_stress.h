/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ringcheck stress on a real ring: the page faults of another thread,
 * sampled with period 1, read concurrently through a reader plugin.
 */
#ifndef RINGCHECK_KSTRESS_H
#define RINGCHECK_KSTRESS_H

#include "stress.h"

/*
 * opts->records: faults to make. The reader comes from RINGCHECK_READER
 * (kring.h). Returns 0 when the samples and LOST counts add up to the
 * event's own count exactly, 1 when not (res->msg), 2 when the kernel or
 * privileges do not allow the test or the kernel throttled the event
 * (res->msg: the reason), -1 on an error.
 */
int kstress_run(const struct ringcheck_reader_ops *ops,
		const struct stress_opts *opts, struct stress_result *res);

#endif
