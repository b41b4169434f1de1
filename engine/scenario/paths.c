// SPDX-License-Identifier: GPL-2.0-only
/* Where the parts are, installed or in the build tree (paths.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"

#ifndef RINGCHECK_FIXTURES
#define RINGCHECK_FIXTURES "fixtures/kernel"
#endif

static int is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* The directory of the running binary, or "." when /proc is not there. */
static const char *exe_dir(void)
{
	static char dir[PATH_MAX];
	ssize_t n;
	char *slash;

	if (dir[0])
		return dir;
	n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
	if (n <= 0) {
		strcpy(dir, ".");
		return dir;
	}
	dir[n] = '\0';
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	return dir;
}

/*
 * RINGCHECK_<env>, else <bindir>/../<installed> when the install tree is
 * there, else the build tree's own place.
 */
static const char *locate(char *buf, size_t len, const char *env,
			  const char *installed, const char *build_tree)
{
	const char *v = getenv(env);

	if (buf[0])
		return buf;
	if (v && v[0]) {
		snprintf(buf, len, "%s", v);
		return buf;
	}
	snprintf(buf, len, "%s/../%s", exe_dir(), installed);
	if (!is_dir(buf))
		snprintf(buf, len, "%s", build_tree);
	return buf;
}

const char *paths_libexec(void)
{
	static char dir[PATH_MAX];

	return locate(dir, sizeof(dir), "RINGCHECK_LIBEXECDIR",
		      "libexec/ringcheck", exe_dir());
}

const char *paths_reference_plugin(void)
{
	static char path[PATH_MAX + 32];

	if (!path[0])
		snprintf(path, sizeof(path), "%s/plugins/reference.so",
			 paths_libexec());
	return path;
}

const char *paths_kselftest(void)
{
	static char path[PATH_MAX + 32];

	if (!path[0])
		snprintf(path, sizeof(path), "%s/kselftest", paths_libexec());
	return path;
}

const char *paths_fixtures(void)
{
	static char dir[PATH_MAX];

	return locate(dir, sizeof(dir), "RINGCHECK_FIXTURES",
		      "share/ringcheck/fixtures/kernel", RINGCHECK_FIXTURES);
}
