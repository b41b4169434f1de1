// SPDX-License-Identifier: GPL-2.0-only
/*
 * The worker side of the runner: loads the plugin, takes case indices
 * from its socket, runs each through the oracle and sends one result per
 * case. It decides nothing: the parent closes the cases.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "guard.h"
#include "plugin.h"
#include "scenario/capabilities.h"
#include "procs.h"
#include "worker.h"

void worker_send(int fd, uint32_t tag, uint32_t index,
		 const struct case_result *res)
{
	struct wire m = { .tag = tag, .index = index };

	if (res)
		m.res = *res;
	if (send(fd, &m, sizeof(m), MSG_NOSIGNAL) != sizeof(m))
		_exit(0);
}

void worker_prepare(void)
{
	/*
	 * A case mallocs and frees the same buffers as the last one (the
	 * judge's and the player's copies, the reader's own): kept in the
	 * heap, their pages are faulted in once a worker, not once a case
	 * (glibc would give the top of the heap back at every free, and
	 * serve the largest from fresh mappings).
	 */
	mallopt(M_TRIM_THRESHOLD, WORKER_HEAP_KEPT);
	mallopt(M_MMAP_THRESHOLD, WORKER_HEAP_KEPT);
}

const struct ringcheck_reader_ops *worker_open(const char *plugin, char *err,
					       size_t len)
{
	const struct ringcheck_reader_ops *ops;

	guard_arm();
	ops = plugin_load(plugin, err, len);
	/* a declared runtime (Go) took them at load: ringcheck's go back
	 * over its, and every case is still checked */
	if (ops && reader_runtime_fault_handlers(ops))
		guard_arm();
	else if (ops && guard_check(err, len))
		ops = NULL;	/* its constructor took the fault handlers */
	return ops;
}

const struct ringcheck_reader_ops *worker_load(const char *plugin, int fd)
{
	const struct ringcheck_reader_ops *ops;
	struct case_result r = { 0 };

	ops = worker_open(plugin, r.msg, sizeof(r.msg));
	worker_send(fd, ops ? MSG_READY : MSG_LOAD_FAILED, 0, &r);
	if (!ops)
		_exit(0);
	return ops;
}

/* The case's result: the oracle's verdict, unless the reader took the
 * fault handlers (then it may have swallowed a stray access). */
void worker_result(const struct judge_result *res, struct case_result *r)
{
	memset(r, 0, sizeof(*r));
	if (guard_check(r->msg, sizeof(r->msg))) {
		r->status = CASE_FAILED;
		r->kind = FAIL_STRAY;
		snprintf(r->check, sizeof(r->check), "guard-handler");
		return;
	}
	snprintf(r->msg, sizeof(r->msg), "%s", res->msg);
	memcpy(r->check, res->check, sizeof(r->check));
	r->kind = res->verdict != VERDICT_FAIL ? FAIL_NONE :
		  res->stray ? FAIL_STRAY : FAIL_DELIVERY;
	r->status = res->verdict == VERDICT_PASS ? CASE_PASSED :
		    res->verdict == VERDICT_SKIP ? CASE_SKIPPED : CASE_FAILED;
}

void worker_serve(const struct ringcheck_reader_ops *ops,
		  const struct case_ref *cases, size_t n,
		  enum scenario_bounds bounds, int fd)
{
	struct scenario *s = malloc(sizeof(*s));
	uint32_t batch[WORKER_DEPTH], i;
	pid_t me = getpid();
	struct judge_result res;
	double t0;
	struct case_result r;
	ssize_t got;
	size_t k;

	while ((got = recv(fd, batch, sizeof(batch), 0)) > 0) {
		for (k = 0; k < (size_t)got / sizeof(batch[0]); k++) {
			i = batch[k];
			if (i >= n)
				exit(0);
			t0 = procs_now_ms();
			scenario_build(cases[i].family, bounds, cases[i].raw,
				       s);
			play_scenario(s, ops, &res, NULL);
			/* a copy the reader forked is not the worker: it
			 * says nothing, the worker's silence is counted */
			if (getpid() != me)
				_exit(0);
			if (res.crash_signal) {
				memset(&r, 0, sizeof(r));
				snprintf(r.msg, sizeof(r.msg), "%s", res.msg);
				worker_send(fd, MSG_CRASH_PLACE, i, &r);
				guard_die(res.crash_signal);
			}
			worker_result(&res, &r);
			r.seconds = (float)((procs_now_ms() - t0) / 1e3);
			worker_send(fd, MSG_RESULT, i, &r);
		}
	}
	/* exit, not _exit: coverage builds write their counters at exit */
	exit(0);
}

void worker_main(const char *plugin, const struct case_ref *cases, size_t n,
		 enum scenario_bounds bounds, int fd)
{
	worker_prepare();
	worker_serve(worker_load(plugin, fd), cases, n, bounds, fd);
}
