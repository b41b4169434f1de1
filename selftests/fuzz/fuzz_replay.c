// SPDX-License-Identifier: GPL-2.0-only
/*
 * A main for the fuzz targets without a fuzzer: runs every file named on
 * the command line (or in the directories named) through
 * LLVMFuzzerTestOneInput once. It is how the corpora and every crash the
 * fuzzers found replay as regression tests in make check.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long len;

	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc(len > 0 ? (size_t)len : 1);
	if (len > 0 && fread(buf, 1, (size_t)len, f) != (size_t)len)
		len = 0;
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)(len > 0 ? len : 0));
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *e;
		char path[4096];

		if (stat(argv[i], &st))
			continue;
		if (!S_ISDIR(st.st_mode)) {
			n += !run_file(argv[i]);
			continue;
		}
		d = opendir(argv[i]);
		while (d && (e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
			n += !run_file(path);
		}
		if (d)
			closedir(d);
	}
	printf("%s: %d inputs replayed, none failed\n", argv[0], n);
	return 0;
}
