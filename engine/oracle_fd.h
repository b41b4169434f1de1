/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fd entry (ABI version 2): the reader maps the simulated ring's memfd
 * itself, and the suite finds out with which protection, as the kernel
 * does when it decides whether a ring honours data_tail.
 */
#ifndef RINGCHECK_ORACLE_FD_H
#define RINGCHECK_ORACLE_FD_H

#include <stddef.h>

/* The mappings of fd's file in this process, as address ranges. */
struct fd_mappings {
	size_t		n;
	unsigned long	lo[16], hi[16];
	int		writable[16];
};

/* Reads them from /proc/self/maps; -1 if it cannot. */
int fd_mappings_read(int fd, struct fd_mappings *m);
/* Of the mappings in after and not in before, the protection of the one at
 * file offset 0 (the control page): 1 writable, 0 read-only, -1 none. */
int fd_mapping_new_writable(const struct fd_mappings *before,
			    const struct fd_mappings *after);

#endif /* RINGCHECK_ORACLE_FD_H */
