// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which protection a reader chose for the ring it mapped: the suite reads
 * /proc/self/maps (the reader is not asked to). The ring's own views map
 * the same file; the reader's mapping is the one at another address.
 *
 * A reader maps its ring anew for every case, nearly always where it
 * mapped the last one (the address the kernel just freed), or where the
 * caller made room for it (the hint: fd_guard.c): those addresses are
 * asked about first, one mapping each through PROCMAP_QUERY (procmap.h),
 * and all of the text is read only when the mapping is at neither. The
 * last address is only asked about if the last reader's mapping was gone
 * once it closed (fd_reader_closed()): a mapping there was made since.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "fake_ring.h"
#include "procmap.h"
#include "fd_mapping.h"

/* This thread's /proc/self/maps. */
static __thread int maps_fd = -1;
/* Where the reader's last mapping was, 0 for nowhere. */
static __thread uintptr_t last_lo;

/* A forked child's inherited file describes its parent (fork() runs
 * this in the child). */
static void forget_in_child(void)
{
	maps_fd = -1;
	last_lo = 0;
}

static void at_fork_forget(void)
{
	pthread_atfork(NULL, NULL, forget_in_child);
}

/*
 * The open /proc/self/maps of this process, or -1. A forked worker's
 * inherited one is forgotten (left open: by now its number may be the
 * reader's) and another opened.
 */
static int own_maps_fd(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	if (maps_fd < 0) {
		pthread_once(&once, at_fork_forget);
		maps_fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	}
	return maps_fd;
}

/*
 * The mapping at addr, or -1. A reader may have closed the file (and
 * another taken its number): any answer but "nothing mapped there" has
 * it forgotten, unclosed, and the text read instead.
 */
static int query(uintptr_t addr, struct procmap_query *q)
{
	int fd = own_maps_fd(), ret;

	if (fd < 0)
		return -1;
	ret = procmap_at(fd, addr, q);
	if (ret && ret != -ENOENT)
		maps_fd = -1;
	return ret;
}

/*
 * The mapping at addr, if it is one of the file's control page at neither
 * of the suite's addresses: as the text would have it (the protection),
 * else -1.
 */
static int at_address(uintptr_t addr, const struct stat *file,
		      const void *own1, const void *own2, uintptr_t *lo,
		      uintptr_t *hi)
{
	struct procmap_query q;

	if (!addr || addr == (uintptr_t)own1 || addr == (uintptr_t)own2)
		return -1;
	if (query(addr, &q) || q.vma_start != addr ||
	    q.vma_offset || q.inode != file->st_ino ||
	    q.dev_major != major(file->st_dev) ||
	    q.dev_minor != minor(file->st_dev))
		return -1;
	*lo = q.vma_start;
	*hi = q.vma_end;
	return !!(q.vma_flags & PROCMAP_QUERY_VMA_WRITABLE);
}

void fd_reader_closed(void)
{
	struct procmap_query q;

	if (last_lo && query(last_lo, &q) != -ENOENT)
		last_lo = 0;
}

int fd_reader_mapping(int fd, const void *own1, const void *own2,
		      uintptr_t hint, uintptr_t *lo_out, uintptr_t *hi_out)
{
	char line[512], perms[8];
	unsigned long lo, hi, off, ino;
	unsigned int maj, mnr;
	struct stat st;
	int ret = -1;
	FILE *f;

	if (fstat(fd, &st))
		return -2;
	ret = at_address(last_lo, &st, own1, own2, lo_out, hi_out);
	if (ret < 0 && hint != last_lo)
		ret = at_address(hint, &st, own1, own2, lo_out, hi_out);
	if (ret >= 0) {
		last_lo = *lo_out;
		return ret;
	}
	f = fopen("/proc/self/maps", "re");
	if (!f)
		return -2;
	while (ret < 0 && fgets(line, sizeof(line), f)) {
		/* the file is fake_ring's memfd: skip others unparsed */
		if (!strstr(line, "/memfd:" FAKE_RING_MEMFD_NAME " "))
			continue;
		if (sscanf(line, "%lx-%lx %7s %lx %x:%x %lu", &lo, &hi, perms,
			   &off, &maj, &mnr, &ino) != 7 || off ||
		    ino != st.st_ino || maj != major(st.st_dev) ||
		    mnr != minor(st.st_dev) || lo == (uintptr_t)own1 ||
		    lo == (uintptr_t)own2)
			continue;
		ret = perms[1] == 'w';
		*lo_out = lo;
		*hi_out = hi;
	}
	fclose(f);
	last_lo = ret >= 0 ? *lo_out : 0;
	return ret;
}
