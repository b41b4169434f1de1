// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which protection a reader chose for the ring it mapped: the suite reads
 * /proc/self/maps (the reader is not asked to). The ring's own views map
 * the same file; the reader's mapping is the first, in address order, at
 * another address. Asked of the kernel by PROCMAP_QUERY where it can be
 * (a few look-ups, no text), from the file's text where not.
 */
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "fake_ring.h"
#include "fd_mapping.h"
#include "procmap_query.h"

/* 1, 0 or -1 as fd_reader_mapping(); -2: no PROCMAP_QUERY. */
static int by_query(const struct stat *st, const void *own1, const void *own2,
		    uintptr_t *lo_out, uintptr_t *hi_out)
{
	struct vma_info vi;
	uintptr_t addr = 0;
	int found;

	while ((found = procmap_next_file_vma(addr, &vi)) == 1) {
		addr = vi.end;
		if (vi.offset || vi.inode != st->st_ino ||
		    vi.dev_major != major(st->st_dev) ||
		    vi.dev_minor != minor(st->st_dev) ||
		    vi.start == (uintptr_t)own1 || vi.start == (uintptr_t)own2)
			continue;
		*lo_out = vi.start;
		*hi_out = vi.end;
		return vi.writable;
	}
	return found < 0 ? -2 : -1;
}

static int by_text(const struct stat *st, const void *own1, const void *own2,
		   uintptr_t *lo_out, uintptr_t *hi_out)
{
	char line[512], perms[8];
	unsigned long lo, hi, off, ino;
	unsigned int maj, mnr;
	int ret = -1;
	FILE *f;

	f = fopen("/proc/self/maps", "re");
	if (!f)
		return -2;
	while (ret < 0 && fgets(line, sizeof(line), f)) {
		/* the file is fake_ring's memfd: skip others unparsed */
		if (!strstr(line, "/memfd:" FAKE_RING_MEMFD_NAME " "))
			continue;
		if (sscanf(line, "%lx-%lx %7s %lx %x:%x %lu", &lo, &hi, perms,
			   &off, &maj, &mnr, &ino) != 7 || off ||
		    ino != st->st_ino || maj != major(st->st_dev) ||
		    mnr != minor(st->st_dev) || lo == (uintptr_t)own1 ||
		    lo == (uintptr_t)own2)
			continue;
		ret = perms[1] == 'w';
		*lo_out = lo;
		*hi_out = hi;
	}
	fclose(f);
	return ret;
}

int fd_reader_mapping(int fd, const void *own1, const void *own2,
		      uintptr_t *lo_out, uintptr_t *hi_out)
{
	struct stat st;
	int ret;

	if (fstat(fd, &st))
		return -2;
	ret = by_query(&st, own1, own2, lo_out, hi_out);
	if (ret == -2 || getenv("RINGCHECK_NO_PROCMAP_QUERY"))
		ret = by_text(&st, own1, own2, lo_out, hi_out);
	return ret;
}
