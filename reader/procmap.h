/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One mapping of this process, looked up by address with the PROCMAP_QUERY
 * ioctl on /proc/self/maps (Linux 6.11): the kernel answers for the one
 * mapping asked about, where reading the file formats every mapping of the
 * process as text (hundreds under a sanitizer, a hundred microseconds and
 * more). Callers fall back to reading the text where the ioctl is missing.
 */
#ifndef RINGCHECK_PROCMAP_H
#define RINGCHECK_PROCMAP_H

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>

/* The UAPI of <linux/fs.h> from 6.11 on, for older headers. */
#ifndef PROCMAP_QUERY
struct procmap_query {
	uint64_t	size;
	uint64_t	query_flags;
	uint64_t	query_addr;
	uint64_t	vma_start;
	uint64_t	vma_end;
	uint64_t	vma_flags;
	uint64_t	vma_page_size;
	uint64_t	vma_offset;
	uint64_t	inode;
	uint32_t	dev_major;
	uint32_t	dev_minor;
	uint32_t	vma_name_size;
	uint32_t	build_id_size;
	uint64_t	vma_name_addr;
	uint64_t	build_id_addr;
};
#define PROCMAP_QUERY		_IOWR(0x66, 17, struct procmap_query)
#define PROCMAP_QUERY_VMA_WRITABLE	0x02
#define PROCMAP_QUERY_VMA_SHARED	0x08
#endif

/*
 * The mapping that holds addr, through maps_fd (an open /proc/self/maps of
 * this process): 0 and *q filled, -ENOENT when nothing is mapped there,
 * another -errno when the kernel cannot answer (before 6.11: -ENOTTY).
 */
static inline int procmap_at(int maps_fd, uintptr_t addr,
			     struct procmap_query *q)
{
	memset(q, 0, sizeof(*q));
	q->size = sizeof(*q);
	q->query_addr = addr;
	return ioctl(maps_fd, PROCMAP_QUERY, q) ? -errno : 0;
}

#endif /* RINGCHECK_PROCMAP_H */
