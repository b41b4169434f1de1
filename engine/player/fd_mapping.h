/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fd entry (ABI version 2): the reader maps the simulated ring's memfd
 * itself, and the suite finds out with which protection, as the kernel
 * does when it decides whether a ring honours data_tail.
 */
#ifndef RINGCHECK_ORACLE_FD_H
#define RINGCHECK_ORACLE_FD_H

#include <stdint.h>

/*
 * The mapping of fd's control page (file offset 0) that is at neither of
 * the suite's own addresses: its protection, 1 writable, 0 read-only, -1
 * none, -2 /proc/self/maps unreadable; its range into lo and hi. hint:
 * where the caller expects it (0: nowhere in particular), asked about
 * before all mappings are read.
 */
int fd_reader_mapping(int fd, const void *own1, const void *own2,
		      uintptr_t hint, uintptr_t *lo, uintptr_t *hi);
/*
 * The reader closed the ring it mapped: where its mapping was is asked
 * about first next time only if nothing is mapped there any more.
 */
void fd_reader_closed(void);

#endif /* RINGCHECK_ORACLE_FD_H */
