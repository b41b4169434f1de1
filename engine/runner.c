// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
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
	struct case_result	res[];
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
		if (bd->res[i].status != CASE_NOT_RUN)
			continue;
		bd->current[j] = (long)i;
		bd->started[j]++;
		scenario_build(cases[i].family, o->bounds, cases[i].raw, s);
		oracle_run(s, ops, &res, NULL);
		snprintf(bd->res[i].msg, sizeof(bd->res[i].msg), "%s",
			 res.msg);
		memcpy(bd->res[i].check, res.check, sizeof(res.check));
		bd->res[i].kind = res.verdict == VERDICT_FAIL ? FAIL_DELIVERY
							      : FAIL_NONE;
		bd->res[i].status = res.verdict == VERDICT_PASS ? CASE_PASSED :
				    res.verdict == VERDICT_SKIP ? CASE_SKIPPED :
								  CASE_FAILED;
		if (res.verdict == VERDICT_FAIL && o->fail_fast)
			bd->stop = 1;
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

static void note_failure(struct board *bd, long i, enum fail_kind kind,
			 const char *why)
{
	bd->res[i].status = CASE_FAILED;
	bd->res[i].kind = kind;
	snprintf(bd->res[i].msg, sizeof(bd->res[i].msg), "%s", why);
}

void runner_summarise(const struct case_ref *cases, size_t n,
		      const struct case_result *results,
		      struct family_stats *stats)
{
	size_t i;
	int f;

	memset(stats, 0, (size_t)nfamilies * sizeof(*stats));
	for (f = 0; f < nfamilies; f++)
		stats[f].first = SIZE_MAX;
	for (i = 0; i < n; i++) {
		struct family_stats *fs = &stats[cases[i].family];

		fs->cases++;
		switch (results[i].status) {
		case CASE_PASSED:
			fs->passed++;
			break;
		case CASE_SKIPPED:
			fs->skipped++;
			break;
		case CASE_FAILED:
			fs->failed++;
			if (fs->first == SIZE_MAX)
				fs->first = i;
			break;
		default:
			fs->not_run++;
		}
	}
}

int runner_run(const char *plugin, const char *name,
	       const struct case_ref *cases, size_t n,
	       const struct runner_opts *o, struct case_result *results)
{
	size_t len = sizeof(struct board) + n * sizeof(struct case_result);
	struct board *bd = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid[MAX_JOBS];
	unsigned long seen[MAX_JOBS];
	double since[MAX_JOBS], t0 = now_ms(), last_progress = 0;
	int jobs = o->jobs < 1 ? 1 : o->jobs > MAX_JOBS ? MAX_JOBS : o->jobs;
	int j, alive, restarts = 0;
	struct runner_opts opts = *o;
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
			enum fail_kind kind;
			char why[CASE_MSG_LEN];

			if (!pid[j])
				continue;
			if (waitpid(pid[j], &st, WNOHANG) == pid[j]) {
				pid[j] = 0;
				alive--;
				if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
					continue;
				if (cur < 0)
					continue;
				kind = WIFSIGNALED(st) ? FAIL_CRASH : FAIL_EXIT;
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
				kind = FAIL_HANG;
				snprintf(why, sizeof(why),
					 "the reader hung (no return within "
					 "%u ms)", o->timeout_ms);
			} else {
				continue;
			}
			note_failure(bd, cur, kind, why);
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
				done += bd->res[i].status != CASE_NOT_RUN;
			fprintf(stderr, "\r%s: %zu/%zu cases, %.0f cases/s   ",
				name, done, n,
				done / ((now_ms() - t0) / 1e3 + 1e-9));
			last_progress = now_ms();
		}
	}
	if (o->progress)
		fprintf(stderr, "\r%*s\r", 60, "");

	for (i = 0; i < n; i++) {
		if (bd->res[i].status == CASE_NOT_RUN && !bd->stop &&
		    restarts > MAX_RESTARTS)
			/* gave up on this reader: counted, and said */
			note_failure(bd, (long)i, FAIL_CRASH,
				     "not run: the reader crashed or hung "
				     "too often");
		results[i] = bd->res[i];
	}
	munmap(bd, len);
	return 0;
}

int runner_replay(const char *plugin, const struct scenario *s,
		  const struct runner_opts *opts)
{
	unsigned int timeout_ms = opts->timeout_ms;

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
