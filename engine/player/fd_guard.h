/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guard pages around the mapping an fd reader makes itself, as around the
 * rings the suite maps: a read past the reader's data area (or before its
 * control page) faults instead of reading whatever mapping follows.
 */
#ifndef RINGCHECK_FD_GUARD_H
#define RINGCHECK_FD_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fd_guard {
	void	*after, *before;	/* PROT_NONE pages, or NULL */
	size_t	len;			/* of the gap below after */
};

/* Before open_fd: reserves the page the reader's mapping of len bytes
 * will end at (mmap places a new mapping right below the last one), or
 * keeps the guards of the last mapping of that length: the reader's
 * next one lands between them again. */
void fd_guard_prepare(struct fd_guard *g, size_t len);
/* Where the reader's mapping is expected to start (the gap below the
 * guard page), or 0. */
uintptr_t fd_guard_room(const struct fd_guard *g);
/* After open_fd mapped [lo, hi): guard pages at hi and below lo where
 * free. True if both are in place. */
bool fd_guard_settle(struct fd_guard *g, uintptr_t lo, uintptr_t hi);

#endif /* RINGCHECK_FD_GUARD_H */
