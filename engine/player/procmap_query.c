// SPDX-License-Identifier: GPL-2.0-only
/*
 * PROCMAP_QUERY on a /proc/self/maps kept open: opened once per process
 * (a forked worker opens its own: the file is of the process that opened
 * it), and checked before every use, since a reader may close any fd and
 * another file may take its number.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>

#include "procmap_query.h"

#ifndef PROCMAP_QUERY
/* The ioctl's ABI (include/uapi/linux/fs.h of Linux 6.11), for older
 * headers: the kernel it runs on decides whether it answers. */
struct procmap_query {
	uint64_t size, query_flags, query_addr;
	uint64_t vma_start, vma_end, vma_flags, vma_page_size, vma_offset;
	uint64_t inode;
	uint32_t dev_major, dev_minor, vma_name_size, build_id_size;
	uint64_t vma_name_addr, build_id_addr;
};
#define PROCMAP_QUERY	_IOWR('f', 17, struct procmap_query)
#define PROCMAP_QUERY_VMA_WRITABLE		0x02
#define PROCMAP_QUERY_COVERING_OR_NEXT_VMA	0x10
#define PROCMAP_QUERY_FILE_BACKED_VMA		0x20
#endif

static struct {
	pid_t	pid;		/* the process that opened fd */
	int	fd;
	dev_t	dev;
	ino_t	ino;
	bool	unsupported;
} maps = { .fd = -1 };

/* The open /proc/self/maps of this process, or -1. */
static int maps_fd(void)
{
	struct stat st;
	pid_t pid = getpid();

	if (maps.pid == pid && maps.fd >= 0 && !fstat(maps.fd, &st) &&
	    st.st_dev == maps.dev && st.st_ino == maps.ino)
		return maps.fd;
	/* not ours (a parent's, or closed by the reader): not closed
	 * either, the number may be someone else's now */
	maps.pid = pid;
	maps.fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	if (maps.fd < 0 || fstat(maps.fd, &st)) {
		maps.fd = -1;
		return -1;
	}
	maps.dev = st.st_dev;
	maps.ino = st.st_ino;
	return maps.fd;
}

int procmap_next_file_vma(uintptr_t addr, struct vma_info *vi)
{
	struct procmap_query q;
	int fd;

	if (maps.unsupported)
		return -1;
	/* checked at the start of a walk: the reader runs between walks,
	 * never within one */
	fd = addr && maps.pid ? maps.fd : maps_fd();
	if (fd < 0)
		return -1;
	memset(&q, 0, sizeof(q));
	q.size = sizeof(q);
	q.query_addr = addr;
	q.query_flags = PROCMAP_QUERY_COVERING_OR_NEXT_VMA |
			PROCMAP_QUERY_FILE_BACKED_VMA;
	if (ioctl(fd, PROCMAP_QUERY, &q)) {
		if (errno == ENOENT)
			return 0;
		/* ENOTTY before 6.11; anything else: the text is still
		 * there to read */
		maps.unsupported = true;
		return -1;
	}
	vi->start = (uintptr_t)q.vma_start;
	vi->end = (uintptr_t)q.vma_end;
	vi->offset = q.vma_offset;
	vi->inode = q.inode;
	vi->dev_major = q.dev_major;
	vi->dev_minor = q.dev_minor;
	vi->writable = q.vma_flags & PROCMAP_QUERY_VMA_WRITABLE;
	return 1;
}
