// SPDX-License-Identifier: GPL-2.0-only
/*
 * The stress test in a child process. The child writes its counters into
 * a shared mapping as it checks; the parent's verdict comes from those
 * counters and the child's end: a crash, an early exit or a stall is the
 * reader's failure, whatever the child last said.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runner/plugin.h"
#include "stress.h"

#define POLL_MS		50
#define EXIT_NO_TEST	3	/* the child could not run the test */
#define EXIT_SKIP	4	/* the test cannot run here */

static uint64_t progress(const struct stress_result *res)
{
	return __atomic_load_n(&res->records, __ATOMIC_RELAXED) +
	       __atomic_load_n(&res->delivered, __ATOMIC_RELAXED);
}

static void child(const char *plugin, stress_fn run,
		  const struct stress_opts *opts, struct stress_result *res)
{
	const struct ringcheck_reader_ops *ops;
	int rc;

	ops = plugin_load(plugin, res->msg, sizeof(res->msg));
	if (!ops) {
		__atomic_store_n(&res->finished, 1, __ATOMIC_RELEASE);
		_exit(EXIT_NO_TEST);
	}
	rc = run(ops, opts, res);
	__atomic_store_n(&res->finished, 1, __ATOMIC_RELEASE);
	/* exit, not _exit: coverage builds write their counters at exit
	 * (stdio was flushed before the fork) */
	exit(rc < 0 ? EXIT_NO_TEST : rc == 2 ? EXIT_SKIP : rc);
}

/* Waits for the child; kills it when its counters stop moving. */
static int wait_child(pid_t pid, const struct stress_result *res,
		      unsigned int stall_ms, int *status)
{
	struct timespec poll = { 0, POLL_MS * 1000000l };
	uint64_t last = progress(res);
	unsigned int still = 0;

	for (;;) {
		pid_t got = waitpid(pid, status, WNOHANG);
		uint64_t now;

		if (got == pid)
			return 0;
		if (got < 0 && errno != EINTR)
			return -1;
		nanosleep(&poll, NULL);
		now = progress(res);
		still = now == last ? still + POLL_MS : 0;
		last = now;
		if (still >= stall_ms) {
			kill(pid, SIGKILL);
			waitpid(pid, status, 0);
			return 1;
		}
	}
}

int stress_run_isolated(const char *plugin, stress_fn run,
			const struct stress_opts *opts, unsigned int stall_ms,
			struct stress_result *out)
{
	struct stress_result *res;
	int status, stalled, ret;
	pid_t pid;

	res = mmap(NULL, sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED) {
		snprintf(out->msg, sizeof(out->msg), "mmap: %s",
			 strerror(errno));
		return -1;
	}
	memset(res, 0, sizeof(*res));
	fflush(NULL);
	pid = fork();
	if (pid == 0)
		child(plugin, run, opts, res);
	stalled = pid < 0 ? -1 : wait_child(pid, res, stall_ms, &status);
	*out = *res;
	out->msg[sizeof(out->msg) - 1] = '\0';
	munmap(res, sizeof(*res));
	if (stalled < 0) {
		snprintf(out->msg, sizeof(out->msg), "fork/wait: %s",
			 strerror(errno));
		return -1;
	}
	ret = 1;
	if (stalled)
		snprintf(out->msg, sizeof(out->msg), "no progress for %u ms "
			 "after %llu records (a hang)", stall_ms,
			 (unsigned long long)out->records);
	else if (WIFSIGNALED(status))
		snprintf(out->msg, sizeof(out->msg), "the reader crashed "
			 "(signal %d, %s) after %llu records",
			 WTERMSIG(status), strsignal(WTERMSIG(status)),
			 (unsigned long long)out->records);
	else if (!out->finished)
		snprintf(out->msg, sizeof(out->msg), "the reader's process "
			 "exited (status %d) after %llu records",
			 WEXITSTATUS(status), (unsigned long long)out->records);
	else if (WEXITSTATUS(status) == EXIT_NO_TEST)
		ret = -1;
	else if (WEXITSTATUS(status) == EXIT_SKIP)
		ret = 2;
	else if (WEXITSTATUS(status) == 1)
		;	/* the checks' own message */
	else if (WEXITSTATUS(status) == 0)
		ret = 0;
	else
		snprintf(out->msg, sizeof(out->msg), "the test's process "
			 "exited with status %d", WEXITSTATUS(status));
	out->failed = ret == 1;
	return ret;
}
