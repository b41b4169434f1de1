/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a worker and the runner say to each other over a SOCK_SEQPACKET
 * socket: the parent sends batches of case indices (uint32_t), a worker
 * answers each with one struct wire. Internal to engine/.
 */
#ifndef RINGCHECK_WORKER_H
#define RINGCHECK_WORKER_H

#include <stdint.h>
#include <ringcheck/reader.h>

#include "player/player.h"
#include "runner.h"

/* Cases in flight per worker: the next ones are queued while one runs,
 * so a worker never waits for the parent between cases; they are sent in
 * batches (refilled at half) to keep the system calls per case low. */
#define WORKER_DEPTH	64

/* Freed heap a worker keeps for its next cases rather than unmapping. */
#define WORKER_HEAP_KEPT	(32 << 20)

/* MSG_CRASH_PLACE: where the reader crashed in the case it runs, in
 * res.msg; the worker then dies of the signal. MSG_FORKED: the fork
 * server's template forked a worker, its pid in index (fork_server.c). */
enum { MSG_RESULT, MSG_READY, MSG_LOAD_FAILED, MSG_CRASH_PLACE, MSG_FORKED };

/* A worker's answer; sent as one SOCK_SEQPACKET message. */
struct wire {
	uint32_t		tag;
	uint32_t		index;
	struct case_result	res;
};

/* One message; a worker that cannot send is of no use: it exits. */
void worker_send(int fd, uint32_t tag, uint32_t index,
		 const struct case_result *res);
/* The heap kept from case to case; before anything is loaded. */
void worker_prepare(void);
/* Installs the fault handlers and loads the plugin; NULL with the reason
 * in err when it cannot be loaded or its constructor took the handlers. */
const struct ringcheck_reader_ops *worker_open(const char *plugin, char *err,
					       size_t len);
/* worker_open(), then says READY or LOAD_FAILED on fd; exits on failure. */
const struct ringcheck_reader_ops *worker_load(const char *plugin, int fd);
/* The case's result from the oracle's, and the fault handlers' check. */
void worker_result(const struct judge_result *res, struct case_result *r);
/* Answers case indices with the loaded plugin until fd closes. */
void __attribute__((noreturn))
worker_serve(const struct ringcheck_reader_ops *ops,
	     const struct case_ref *cases, size_t n,
	     enum scenario_bounds bounds, int fd);
/* Loads the plugin and answers case indices until the socket closes. */
void __attribute__((noreturn))
worker_main(const char *plugin, const struct case_ref *cases, size_t n,
	    enum scenario_bounds bounds, int fd);

#endif
