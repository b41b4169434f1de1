/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Running perf for the perf tool tests: which perf (RINGCHECK_PERF, else
 * perf in PATH; the chroot runner selftests/perf_tool/chroot_run.sh sets
 * it to another release's perf), a directory of files for each run, perf
 * started in its own process group and reaped within a time limit, and the
 * start of every test program (workload or test run). Nothing here knows
 * the kselftest harness: perf_tool_harness.h holds what does.
 */
#ifndef RINGCHECK_PERF_RUN_H
#define RINGCHECK_PERF_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define PAGE		4096UL
/* A limit against hangs, never a timing assertion. */
#define PERF_TIMEOUT_S	20
#define ARGV_MAX	40

/* This program (re-executed as the workload) and the perf binary. */
extern char self_exe[4096];
extern const char *perf_bin;

struct perf_run {
	char	dir[64];
	char	data[128];	/* dir/perf.data */
	char	log[128];	/* perf's stdout and stderr */
	char	aux[128];	/* the workload's output file */
};

/* A fresh directory for one run of perf, and the paths of its files. */
void run_paths(struct perf_run *r);
void remove_dir(const char *dir);

/*
 * Starts argv (perf) in its own process group, stdout and stderr to log,
 * or stderr to *err_fd (a pipe) when err_fd is given.
 */
pid_t spawn(char *const argv[], const char *log, int *err_fd);

/* The same with stdin from in_fd (perf top stops at the end of stdin). */
pid_t spawn_with_stdin(char *const argv[], const char *log, int in_fd);

/* The exit status of pid, killing its group after the limit; -1 then. */
int reap(pid_t pid);

/* What perf said (its first non-empty lines, joined), for messages. */
const char *first_line(const char *path);

/* "no perf" in why, and false, when there is no perf to run. */
bool perf_found(char *why, size_t len);

/*
 * The start of every perf tool test program: runs the workload when argv
 * asks for one, else finds this program and perf. Returns an exit status
 * (the workload's, or 2 when RINGCHECK_PERF names no executable: asked
 * for and missing is an error, not a skip), or -1 to go on to the tests.
 */
int perf_tool_start(int argc, char **argv, const char *name);

#endif
