/* SPDX-License-Identifier: GPL-2.0-only */
/* ringcheck capture: ring images of this kernel for fixtures/kernel/. */
#ifndef RINGCHECK_CAPTURE_H
#define RINGCHECK_CAPTURE_H

#include <stddef.h>

extern const char *const ring_capture_scenarios[];

/* Writes DIR/<kernel release>/SCENARIO.ring; 0 (msg: the path), 4 when
 * the kernel does not allow it (msg: why), -1 on an error. */
int ring_capture(const char *scenario, const char *dir, char *msg,
		 size_t msglen);

#endif
