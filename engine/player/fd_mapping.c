// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which protection a reader chose for the ring it mapped: the suite reads
 * /proc/self/maps (the reader is not asked to). The ring's own views map
 * the same file; the reader's mapping is the one at another address.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "fake_ring.h"
#include "fd_mapping.h"

int fd_reader_mapping(int fd, const void *own1, const void *own2,
		      uintptr_t *lo_out, uintptr_t *hi_out)
{
	char line[512], perms[8];
	unsigned long lo, hi, off, ino;
	unsigned int maj, mnr;
	struct stat st;
	int ret = -1;
	FILE *f;

	if (fstat(fd, &st))
		return -2;
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
	return ret;
}
