// SPDX-License-Identifier: GPL-2.0-only
/*
 * A scenario fuzz input read from a file and decoded: the whole file, or
 * a message saying why it is not one.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scenario/fuzz_input.h"
#include "scenario_file.h"

int scenario_from_file(const char *path, struct scenario *s, char *err,
		       size_t errlen)
{
	const char *base = strrchr(path, '/');
	struct stat st;
	uint8_t *buf;
	size_t len;
	FILE *f;
	int ret;

	f = fopen(path, "rb");
	if (!f || fstat(fileno(f), &st)) {
		snprintf(err, errlen, "--scenario %s: %s", path,
			 strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > SCENARIO_FILE_MAX) {
		snprintf(err, errlen, "--scenario %s: %s", path,
			 S_ISREG(st.st_mode) ? "larger than 1 MiB: not a "
			 "scenario fuzz input" : "not a regular file");
		fclose(f);
		return -1;
	}
	buf = malloc((size_t)st.st_size + 1);
	len = buf ? fread(buf, 1, (size_t)st.st_size + 1, f) : 0;
	fclose(f);
	if (!buf || len != (size_t)st.st_size) {
		snprintf(err, errlen, "--scenario %s: cannot read it", path);
		free(buf);
		return -1;
	}
	ret = scenario_from_fuzz_input(s, buf, len, base ? base + 1 : path);
	free(buf);
	if (ret)
		snprintf(err, errlen, "--scenario %s: %zu bytes: not a scenario "
			 "fuzz input (at least %d bytes: mode, data size, "
			 "start)", path, len, FUZZ_INPUT_MIN);
	return ret;
}

void scenario_file_describe(const struct scenario *s, char *buf, size_t len)
{
	/* the page size and a hostile writer only where version 2 has them */
	snprintf(buf, len, "a fuzz input: %s%s ring of %lu bytes%s%.0lu, start %"
		 PRIu64 ", LOST trailer %u, %d steps",
		 s->hostile ? "hostile " : "", fake_ring_mode_name(&s->cfg),
		 s->cfg.data_size,
		 s->cfg.page_size != 4096 ? " on pages of " : "",
		 s->cfg.page_size != 4096 ? s->cfg.page_size : 0,
		 s->cfg.start, s->cfg.lost_trailer, s->nsteps);
}
