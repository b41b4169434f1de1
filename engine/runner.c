// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "oracle.h"
#include "plugin.h"
#include "runner.h"

#define MAX_JOBS	64
#define MAX_RESTARTS	8	/* crashes or hangs before a worker gives up */

/* Shared between the parent and its workers. */
struct board {
	volatile long		current[MAX_JOBS];	/* case under way */
	volatile unsigned long	started[MAX_JOBS];	/* progress count */
	volatile int		stop;			/* fail-fast */
	struct {
		volatile int	claimed;
		char		msg[240];
	} first[64];
	unsigned char		status[];
};

struct case_ref *runner_enumerate(enum scenario_bounds b, unsigned long mask,
				  size_t *n)
{
	struct scenario *s = malloc(sizeof(*s));
	struct case_ref *cases = NULL;
	size_t cap = 0, count = 0, i;
	int f;

	for (f = 0; f < nfamilies; f++) {
		if (!(mask & (1ul << f)))
			continue;
		for (i = 0; i < family_count(f, b); i++) {
			if (scenario_build(f, b, i, s))
				continue;
			if (count == cap) {
				cap = cap ? 2 * cap : 4096;
				cases = realloc(cases, cap * sizeof(*cases));
			}
			cases[count++] = (struct case_ref){ f, i };
		}
	}
	free(s);
	*n = count;
	return cases;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void worker(const char *plugin, const struct case_ref *cases, size_t n,
		   const struct runner_opts *o, struct board *bd, int j,
		   size_t from)
{
	const struct ringcheck_reader_ops *ops;
	struct scenario *s = malloc(sizeof(*s));
	struct oracle_result res;
	char err[256];
	size_t i;

	ops = plugin_load(plugin, err, sizeof(err));
	if (!ops)
		_exit(3);
	for (i = from; i < n && !bd->stop; i += (size_t)o->jobs) {
		if (bd->status[i] != CASE_NOT_RUN)
			continue;
		bd->current[j] = (long)i;
		bd->started[j]++;
		scenario_build(cases[i].family, o->bounds, cases[i].raw, s);
		oracle_run(s, ops, &res, NULL);
		bd->status[i] = res.verdict == VERDICT_PASS ? CASE_PASSED :
				res.verdict == VERDICT_SKIP ? CASE_SKIPPED :
							      CASE_FAILED;
		if (res.verdict == VERDICT_FAIL) {
			int f = cases[i].family;

			if (!__sync_lock_test_and_set(&bd->first[f].claimed, 1))
				snprintf(bd->first[f].msg,
					 sizeof(bd->first[f].msg), "%s",
					 res.msg);
			if (o->fail_fast)
				bd->stop = 1;
		}
	}
	bd->current[j] = -1;
	/* exit, not _exit: coverage builds write their counters at exit;
	 * stdio was flushed before the fork */
	exit(0);
}

static pid_t spawn(const char *plugin, const struct case_ref *cases, size_t n,
		   const struct runner_opts *o, struct board *bd, int j,
		   size_t from)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0)
		worker(plugin, cases, n, o, bd, j, from);
	return pid;
}

static void note_failure(struct board *bd, const struct case_ref *c, long i,
			 const char *why)
{
	bd->status[i] = CASE_FAILED;
	if (!__sync_lock_test_and_set(&bd->first[c->family].claimed, 1))
		snprintf(bd->first[c->family].msg, sizeof(bd->first[0].msg),
			 "%s", why);
}

void runner_run(const char *plugin, const char *name,
		const struct case_ref *cases, size_t n,
		const struct runner_opts *o, struct family_stats *stats,
		unsigned char *status)
{
	size_t len = sizeof(struct board) + n;
	struct board *bd = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid[MAX_JOBS];
	unsigned long seen[MAX_JOBS];
	double since[MAX_JOBS], t0 = now_ms(), last_progress = 0;
	int jobs = o->jobs < 1 ? 1 : o->jobs > MAX_JOBS ? MAX_JOBS : o->jobs;
	int j, alive, restarts = 0;
	struct runner_opts opts = *o;
	struct scenario *s = malloc(sizeof(*s));
	size_t i;

	opts.jobs = jobs;
	memset(bd, 0, len);
	for (j = 0; j < jobs; j++) {
		bd->current[j] = -1;
		pid[j] = spawn(plugin, cases, n, &opts, bd, j, (size_t)j);
		seen[j] = 0;
		since[j] = now_ms();
	}
	for (alive = jobs; alive;) {
		usleep(5000);
		for (j = 0; j < jobs; j++) {
			int st;
			long cur = bd->current[j];
			char why[240];

			if (!pid[j])
				continue;
			if (waitpid(pid[j], &st, WNOHANG) == pid[j]) {
				pid[j] = 0;
				alive--;
				if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
					continue;
				if (cur < 0)
					continue;
				snprintf(why, sizeof(why),
					 "the reader crashed (%s %d)",
					 WIFSIGNALED(st) ? "signal" : "exit",
					 WIFSIGNALED(st) ? WTERMSIG(st)
							 : WEXITSTATUS(st));
			} else if (bd->started[j] != seen[j]) {
				seen[j] = bd->started[j];
				since[j] = now_ms();
				continue;
			} else if (cur >= 0 && now_ms() - since[j] >
						       o->timeout_ms) {
				kill(pid[j], SIGKILL);
				waitpid(pid[j], &st, 0);
				pid[j] = 0;
				alive--;
				snprintf(why, sizeof(why),
					 "the reader hung (no return within "
					 "%u ms)", o->timeout_ms);
			} else {
				continue;
			}
			note_failure(bd, &cases[cur], cur, why);
			if (o->fail_fast)
				bd->stop = 1;
			if (!bd->stop && ++restarts <= MAX_RESTARTS) {
				pid[j] = spawn(plugin, cases, n, &opts, bd, j,
					       (size_t)cur + (size_t)jobs);
				seen[j] = bd->started[j];
				since[j] = now_ms();
				alive++;
			}
		}
		if (o->progress && now_ms() - last_progress > 500) {
			size_t done = 0;

			for (i = 0; i < n; i++)
				done += bd->status[i] != CASE_NOT_RUN;
			fprintf(stderr, "\r%s: %zu/%zu cases, %.0f cases/s   ",
				name, done, n,
				done / ((now_ms() - t0) / 1e3 + 1e-9));
			last_progress = now_ms();
		}
	}
	if (o->progress)
		fprintf(stderr, "\r%*s\r", 60, "");

	memset(stats, 0, (size_t)nfamilies * sizeof(*stats));
	for (i = 0; i < n; i++) {
		struct family_stats *fs = &stats[cases[i].family];

		status[i] = bd->status[i];
		if (bd->status[i] == CASE_NOT_RUN && !bd->stop &&
		    restarts > MAX_RESTARTS) {
			/* gave up on this reader: counted, and said */
			status[i] = CASE_FAILED;
			note_failure(bd, &cases[i], (long)i,
				     "not run: the reader crashed or hung "
				     "too often");
		}
		if (status[i] == CASE_NOT_RUN)
			continue;
		fs->cases++;
		fs->passed += status[i] == CASE_PASSED;
		fs->skipped += status[i] == CASE_SKIPPED;
		if (status[i] == CASE_FAILED) {
			fs->failed++;
			if (!fs->first_id[0]) {
				scenario_build(cases[i].family, o->bounds,
					       cases[i].raw, s);
				snprintf(fs->first_id, sizeof(fs->first_id),
					 "%s", s->id);
			}
		}
	}
	for (j = 0; j < nfamilies && j < 64; j++)
		snprintf(stats[j].first_msg, sizeof(stats[j].first_msg), "%s",
			 bd->first[j].claimed ? bd->first[j].msg : "");
	free(s);
	munmap(bd, len);
}

int runner_replay(const char *plugin, const struct scenario *s,
		  unsigned int timeout_ms)
{
	int st;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		const struct ringcheck_reader_ops *ops;
		struct oracle_result res;
		char err[256];

		ops = plugin_load(plugin, err, sizeof(err));
		if (!ops) {
			fprintf(stderr, "ringcheck: %s\n", err);
			_exit(3);
		}
		alarm((timeout_ms + 999) / 1000);
		oracle_run(s, ops, &res, stdout);
		if (res.verdict == VERDICT_PASS)
			printf("case %s: passed\n", s->id);
		else if (res.verdict == VERDICT_SKIP)
			printf("case %s: skipped (%s)\n", s->id, res.msg);
		fflush(stdout);
		_exit(res.verdict == VERDICT_FAIL);
	}
	waitpid(pid, &st, 0);
	if (WIFEXITED(st))
		return WEXITSTATUS(st) == 3 ? 2 : WEXITSTATUS(st);
	printf("case %s: the reader %s (signal %d)\n", s->id,
	       WTERMSIG(st) == SIGALRM ? "hung" : "crashed", WTERMSIG(st));
	return 1;
}
