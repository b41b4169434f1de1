// SPDX-License-Identifier: GPL-2.0-only
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kernel_tests.h"
#include "paths.h"

/* libbpf_test is built only where libbpf is installed */
static const char *const programs[] = { "comm_test", "samples_test",
					"libbpf_test" };

static struct kernel_test *add_test(struct kernel_result *res)
{
	struct kernel_test *t;

	res->tests = realloc(res->tests, (res->n + 1) * sizeof(*res->tests));
	t = &res->tests[res->n++];
	memset(t, 0, sizeof(*t));
	return t;
}

void kernel_result_free(struct kernel_result *res)
{
	free(res->tests);
	res->tests = NULL;
	res->n = 0;
}

void kernel_tests_run(const char *reader, const struct runner_opts *opts,
		      struct kernel_result *res)
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
	snprintf(dir, sizeof(dir), "%s", paths_kselftest());
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
			struct kernel_test *t;
			char name[128];
			const char *skip;
			bool failed;

			line[strcspn(line, "\n")] = '\0';
			if (sscanf(line, "not ok %*u %127s", name) == 1)
				failed = true;
			else if (sscanf(line, "ok %*u %127s", name) == 1)
				failed = false;
			else
				continue;
			t = add_test(res);
			snprintf(t->name, sizeof(t->name), "%s:%s", programs[i],
				 name);
			snprintf(t->replay, sizeof(t->replay),
				 "RINGCHECK_READER=%s %s/%s -r %s", reader, dir,
				 programs[i], name);
			skip = strstr(line, "# SKIP");
			if (failed) {
				t->res.status = CASE_FAILED;
				t->res.kind = FAIL_DELIVERY;
				snprintf(t->res.msg, sizeof(t->res.msg),
					 "failed (see the test's own output)");
			} else if (skip) {
				t->res.status = CASE_SKIPPED;
				snprintf(t->res.msg, sizeof(t->res.msg), "%s",
					 skip + 6 + strspn(skip + 6, " "));
			} else {
				t->res.status = CASE_PASSED;
			}
		}
		pclose(p);
	}
	snprintf(res->note, sizeof(res->note), "Linux %s", u.release);
}
