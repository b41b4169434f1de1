// SPDX-License-Identifier: GPL-2.0-only
/* Running perf for the perf tool tests (see perf_run.h). */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "perf_run.h"
#include "perf_workload.h"

char self_exe[4096];
const char *perf_bin;

static bool find_perf(void)
{
	const char *path = getenv("PATH");
	static char found[4096];
	char *dirs, *d, *save;

	perf_bin = getenv("RINGCHECK_PERF");
	if (perf_bin && *perf_bin)
		return access(perf_bin, X_OK) == 0;
	perf_bin = NULL;
	dirs = strdup(path ? path : "/usr/bin:/bin");
	for (d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		snprintf(found, sizeof(found), "%s/perf", d);
		if (!access(found, X_OK)) {
			perf_bin = found;
			break;
		}
	}
	free(dirs);
	return perf_bin != NULL;
}

void run_paths(struct perf_run *r)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(r->dir, sizeof(r->dir), "%s/perf-tool-XXXXXX",
		 tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	if (!mkdtemp(r->dir))
		r->dir[0] = 0;
	snprintf(r->data, sizeof(r->data), "%s/perf.data", r->dir);
	snprintf(r->log, sizeof(r->log), "%s/perf.log", r->dir);
	snprintf(r->aux, sizeof(r->aux), "%s/workload.out", r->dir);
}

void remove_dir(const char *dir)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (dir[0] && system(cmd))
		fprintf(stderr, "# could not remove %s\n", dir);
}

static pid_t spawn_io(char *const argv[], const char *log, int *err_fd,
		      int in_fd)
{
	int p[2] = { -1, -1 };
	pid_t pid;

	if (err_fd && pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		setpgid(0, 0);
		/* perf does not outlive the test, however the test ends */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (fd < 0)
			_exit(127);
		if (in_fd >= 0)
			dup2(in_fd, 0);
		dup2(fd, 1);
		dup2(err_fd ? p[1] : fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	if (err_fd) {
		close(p[1]);
		*err_fd = p[0];
	}
	return pid;
}

pid_t spawn(char *const argv[], const char *log, int *err_fd)
{
	return spawn_io(argv, log, err_fd, -1);
}

pid_t spawn_with_stdin(char *const argv[], const char *log, int in_fd)
{
	return spawn_io(argv, log, NULL, in_fd);
}

int reap(pid_t pid)
{
	time_t end = time(NULL) + PERF_TIMEOUT_S;
	int st;

	while (waitpid(pid, &st, WNOHANG) == 0) {
		if (time(NULL) > end) {
			kill(-pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -1;
		}
		usleep(10000);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

const char *first_line(const char *path)
{
	static char said[300];
	char line[200];
	size_t n = 0;
	int lines = 0;
	FILE *f = fopen(path, "r");

	said[0] = 0;
	while (f && lines < 3 && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (!line[0] || n >= sizeof(said) - 1)
			continue;
		n += snprintf(said + n, sizeof(said) - n, "%s%s",
			      lines++ ? " / " : "", line);
	}
	if (f)
		fclose(f);
	return said;
}

bool perf_found(char *why, size_t len)
{
	if (!perf_bin)
		snprintf(why, len, "no perf (install linux-perf, or set "
			 "RINGCHECK_PERF)");
	return perf_bin != NULL;
}

int perf_tool_start(int argc, char **argv, const char *name)
{
	ssize_t n;

	if (argc > 2 && !strcmp(argv[1], "--workload"))
		return workload(argc, argv);
	n = readlink("/proc/self/exe", self_exe, sizeof(self_exe) - 1);
	if (n <= 0) {
		perror("readlink /proc/self/exe");
		return 2;
	}
	self_exe[n] = 0;
	if (!find_perf() && getenv("RINGCHECK_PERF") && *getenv("RINGCHECK_PERF")) {
		/* asked for, and missing: an error, not a skip */
		fprintf(stderr, "%s: RINGCHECK_PERF=%s: not an executable\n",
			name, getenv("RINGCHECK_PERF"));
		return 2;
	}
	return -1;
}
