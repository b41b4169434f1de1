// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringcheck run --case: one case in a worker, its report on stdout, under
 * the parent's time limits for the load and the case.
 */
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guard.h"
#include "procs.h"
#include "runner.h"
#include "worker.h"

/*
 * One case in a child with its report on stdout; the verdict is the
 * result the child sends, never its exit status.
 */
int runner_replay(const char *plugin, const struct scenario *s,
		  const struct runner_opts *opts)
{
	struct judge_result res;
	char how[96];
	struct wire m = { 0 };
	struct pollfd p;
	double until;
	int sv[2], status = 0, phase;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return 2;
	pid = procs_fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		const struct ringcheck_reader_ops *ops;
		struct case_result r;
		pid_t me = getpid();

		close(sv[0]);
		ops = worker_load(plugin, sv[1]);
		play_scenario(s, ops, &res, stdout);
		fflush(stdout);
		if (getpid() != me)
			_exit(0);
		if (res.crash_signal)	/* the report above says where */
			guard_die(res.crash_signal);
		worker_result(&res, &r);
		if (r.kind == FAIL_STRAY && res.verdict != VERDICT_FAIL)
			printf("case %s: failed: %s\n", s->id, r.msg);
		fflush(stdout);
		worker_send(sv[1], MSG_RESULT, 0, &r);
		exit(0);
	}
	close(sv[1]);
	p.fd = sv[0];
	p.events = POLLIN;
	/* phase 0: the load, 1: the case */
	for (phase = 0; phase < 2; phase++) {
		until = procs_now_ms() + (phase ? opts->timeout_ms
						: opts->load_timeout_ms);
		m.tag = UINT32_MAX;
		while (procs_now_ms() < until) {
			int left = (int)(until - procs_now_ms()) + 1;

			if (poll(&p, 1, left) <= 0)
				continue;
			if (recv(sv[0], &m, sizeof(m), 0) != sizeof(m))
				m.tag = UINT32_MAX - 1;	/* EOF */
			break;
		}
		if (m.tag != (phase ? MSG_RESULT : MSG_READY))
			break;
	}
	close(sv[0]);
	if (phase == 2) {
		procs_wait(pid, NULL, procs_now_ms() + 1000);
		procs_kill(pid, NULL);
		procs_sweep(NULL, 0);
		if (m.res.status == CASE_PASSED)
			printf("case %s: passed\n", s->id);
		else if (m.res.status == CASE_SKIPPED)
			printf("case %s: skipped (%.200s)\n", s->id,
			       m.res.msg);
		return m.res.status == CASE_FAILED ? 1 :
		       m.res.status == CASE_SKIPPED ? 3 : 0;
	}
	if (m.tag == MSG_LOAD_FAILED) {
		procs_kill(pid, NULL);
		procs_sweep(NULL, 0);
		fprintf(stderr, "ringcheck: %.200s\n", m.res.msg);
		return 2;
	}
	if (m.tag == UINT32_MAX) {	/* no answer in time */
		procs_kill(pid, NULL);
		procs_sweep(NULL, 0);
		if (!phase) {
			fprintf(stderr, "ringcheck: the plugin did not load "
				"within %u ms\n", opts->load_timeout_ms);
			return 2;
		}
		printf("case %s: the reader hung (no result within %u ms; "
		       "killed)\n", s->id, opts->timeout_ms);
		return 1;
	}
	/* the child ended without its result */
	procs_wait(pid, &status, procs_now_ms() + 1000);
	procs_kill(pid, &status);
	procs_sweep(NULL, 0);
	procs_describe(status, how, sizeof(how));
	printf("case %s: the reader %s during the case (%s)\n", s->id,
	       WIFSIGNALED(status) ? "crashed" : "exited", how);
	return phase ? 1 : 2;
}
