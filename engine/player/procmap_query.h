/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One mapping of this process by address, through the PROCMAP_QUERY ioctl
 * of /proc/self/maps (Linux 6.11): a look-up costs one system call and no
 * text, where reading the file formats every mapping of the process.
 */
#ifndef RINGCHECK_PROCMAP_QUERY_H
#define RINGCHECK_PROCMAP_QUERY_H

#include <stdbool.h>
#include <stdint.h>

struct vma_info {
	uintptr_t	start, end;
	uint64_t	offset;		/* in the file */
	uint64_t	inode;
	unsigned int	dev_major, dev_minor;
	bool		writable;
};

/*
 * The first file-backed mapping at or above addr into vi: 1 found, 0 none,
 * -1 the kernel has no PROCMAP_QUERY (or /proc is unreadable): the caller
 * reads /proc/self/maps instead. A walk starts at addr 0 (where the open
 * file is checked) and calls nothing of the reader until it ends.
 */
int procmap_next_file_vma(uintptr_t addr, struct vma_info *vi);

#endif /* RINGCHECK_PROCMAP_QUERY_H */
