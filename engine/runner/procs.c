// SPDX-License-Identifier: GPL-2.0-only
/*
 * Process groups, a subreaper and a sweep: the mechanism that keeps
 * anything a reader starts from outliving the run.
 *
 * Why a subreaper and not a PID namespace or a cgroup: both of those need
 * privileges (CAP_SYS_ADMIN, or user namespaces that distributions and
 * container runtimes often disable, or a delegated cgroup subtree), and
 * ringcheck must work unprivileged. PR_SET_CHILD_SUBREAPER needs nothing:
 * a process the reader forks is in the worker's process group (killed
 * with it) unless it calls setsid()/setpgid(); then, once its parent
 * dies, the kernel reparents it to ringcheck, where procs_sweep() finds
 * it among ringcheck's children, kills it and reaps it, until no child is
 * left that ringcheck did not start itself.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "procs.h"

#define SWEEP_ROUNDS	10000	/* a fork bomb ends when its root dies */

double procs_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

pid_t procs_fork(void)
{
	static bool subreaper;
	pid_t pid;

	if (!subreaper) {
		prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
		subreaper = true;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		signal(SIGPIPE, SIG_DFL);
	} else if (pid > 0) {
		/* both sides: the group exists before either one goes on */
		setpgid(pid, pid);
	}
	return pid;
}

void procs_kill(pid_t pid, int *status)
{
	int st = 0;
	pid_t r;

	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while ((r = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
		;
	if (status && r == pid)
		*status = st;
}

bool procs_wait(pid_t pid, int *status, double until_ms)
{
	struct timespec ms = { 0, 1000000 };

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return true;
		if (r < 0 && errno != EINTR)
			return true;	/* already reaped */
		if (procs_now_ms() >= until_ms)
			return false;
		nanosleep(&ms, NULL);
	}
}

/* Children of this process from /proc/self/task/ * /children; a scan of
 * every /proc/PID/stat where that file does not exist. */
static int children(pid_t *out, int max)
{
	char path[64];
	int n = 0;
	DIR *d;
	struct dirent *e;
	FILE *f;

	d = opendir("/proc/self/task");
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%.16s/children",
			 e->d_name);
		f = fopen(path, "r");
		if (!f) {
			closedir(d);
			d = NULL;
			goto scan;
		}
		while (n < max && fscanf(f, "%d", &out[n]) == 1)
			n++;
		fclose(f);
	}
	if (d)
		closedir(d);
	return n;
scan:
	n = 0;
	d = opendir("/proc");
	while (d && (e = readdir(d)) && n < max) {
		int pid, ppid;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%.16s/stat", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		/* pid (comm) state ppid: comm may hold spaces, ')' ends it */
		if (fscanf(f, "%d", &pid) == 1) {
			int c, last = 0;

			while ((c = fgetc(f)) != EOF && !(last == ')' && c == ' '))
				last = c;
			if (fscanf(f, "%*c %d", &ppid) == 1 &&
			    ppid == getpid())
				out[n++] = pid;
		}
		fclose(f);
	}
	if (d)
		closedir(d);
	return n;
}

void procs_sweep(const pid_t *keep, int nkeep)
{
	pid_t kids[256];
	int round, n, i, k;

	for (round = 0; round < SWEEP_ROUNDS; round++) {
		int strays = 0;

		n = children(kids, 256);
		for (i = 0; i < n; i++) {
			for (k = 0; k < nkeep && keep[k] != kids[i]; k++)
				;
			if (k < nkeep)
				continue;
			strays++;
			procs_kill(kids[i], NULL);
		}
		if (!strays)
			return;
	}
}

void procs_describe(int status, char *buf, size_t len)
{
	if (WIFSIGNALED(status))
		snprintf(buf, len, "signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(buf, len, "status %d", WEXITSTATUS(status));
}
