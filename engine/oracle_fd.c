// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which protection a reader chose for the ring it mapped: the suite reads
 * /proc/self/maps (the reader is not asked to), before and after open_fd.
 * The ring's own views map the same file; the reader's mapping is the one
 * that was not there before.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "oracle_fd.h"

int fd_mappings_read(int fd, struct fd_mappings *m)
{
	char line[512], perms[8];
	unsigned long lo, hi, off, ino;
	unsigned int maj, mnr;
	struct stat st;
	FILE *f;

	memset(m, 0, sizeof(*m));
	if (fstat(fd, &st))
		return -1;
	f = fopen("/proc/self/maps", "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %7s %lx %x:%x %lu", &lo, &hi, perms,
			   &off, &maj, &mnr, &ino) != 7 || ino != st.st_ino ||
		    maj != major(st.st_dev) || mnr != minor(st.st_dev) || off ||
		    m->n == sizeof(m->lo) / sizeof(m->lo[0]))
			continue;
		m->lo[m->n] = lo;
		m->hi[m->n] = hi;
		m->writable[m->n++] = perms[1] == 'w';
	}
	fclose(f);
	return 0;
}

int fd_mapping_new_writable(const struct fd_mappings *before,
			    const struct fd_mappings *after)
{
	size_t i, j;

	for (i = 0; i < after->n; i++) {
		for (j = 0; j < before->n; j++)
			if (after->lo[i] == before->lo[j])
				break;
		if (j == before->n)
			return after->writable[i];
	}
	return -1;
}
