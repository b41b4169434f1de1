// SPDX-License-Identifier: GPL-2.0-only
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kernel_tests.h"

/* libbpf_test is built only where libbpf is installed */
static const char *const programs[] = { "comm_test", "samples_test",
					"libbpf_test" };

void kernel_tests_run(const char *reader, struct kernel_result *res)
{
	char exe[PATH_MAX], dir[PATH_MAX], cmd[3 * PATH_MAX], line[512];
	struct utsname u;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t i;

	memset(res, 0, sizeof(*res));
	uname(&u);
	if (n <= 0)
		return;
	exe[n] = '\0';
	snprintf(dir, sizeof(dir), "%s/kselftest", dirname(exe));
	for (i = 0; i < sizeof(programs) / sizeof(programs[0]); i++) {
		FILE *p;

		snprintf(cmd, sizeof(cmd), "%s/%s", dir, programs[i]);
		if (access(cmd, X_OK)) {
			if (!strcmp(programs[i], "libbpf_test"))
				continue;
			snprintf(res->note, sizeof(res->note),
				 "kernel tests not built (make kselftest-build)");
			return;
		}
		snprintf(cmd, sizeof(cmd),
			 "RINGCHECK_READER='%s' timeout 120 %s/%s 2>&1", reader,
			 dir, programs[i]);
		p = popen(cmd, "r");
		if (!p)
			continue;
		res->ran = 1;
		while (fgets(line, sizeof(line), p)) {
			char name[160];

			line[strcspn(line, "\n")] = '\0';
			if (sscanf(line, "not ok %*u %159s", name) == 1) {
				res->cases++;
				res->failed++;
				if (!res->first[0]) {
					snprintf(res->first, sizeof(res->first),
						 "%s:%s", programs[i], name);
					snprintf(res->replay, sizeof(res->replay),
						 "RINGCHECK_READER=%s %s/%s -r %s",
						 reader, dir, programs[i], name);
				}
			} else if (sscanf(line, "ok %*u %159s", name) == 1) {
				res->cases++;
				if (strstr(line, "# SKIP"))
					res->skipped++;
				else
					res->passed++;
			}
		}
		if (pclose(p) && !res->failed && !res->cases)
			res->failed++;
	}
	snprintf(res->note, sizeof(res->note), "Linux %s", u.release);
}
