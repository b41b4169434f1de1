/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The processes that run reader code: each in its own process group,
 * killed by group with SIGKILL, and ringcheck a child subreaper so that
 * whatever a reader forks (even after setsid()) ends up as ringcheck's
 * child and is killed and reaped before the run ends.
 */
#ifndef RINGCHECK_PROCS_H
#define RINGCHECK_PROCS_H

#include <stdbool.h>
#include <sys/types.h>

/* Milliseconds on the monotonic clock. */
double procs_now_ms(void);
/* fork() into a new process group; the child gets SIGPIPE back at its
 * default. Makes the caller a child subreaper on first use. */
pid_t procs_fork(void);
/* SIGKILL to pid's process group and to pid, then reaps it; the status
 * in *status if non-NULL. */
void procs_kill(pid_t pid, int *status);
/*
 * Waits for pid to end until the monotonic time until_ms; true with its
 * status, false (pid still running) on time out.
 */
bool procs_wait(pid_t pid, int *status, double until_ms);
/* Kills and reaps every child of this process not listed in keep: the
 * descendants a reader left behind, orphaned to this subreaper. */
void procs_sweep(const pid_t *keep, int nkeep);
/* "signal 11 (Segmentation fault)" or "status 3" for a wait status. */
void procs_describe(int status, char *buf, size_t len);

#endif
