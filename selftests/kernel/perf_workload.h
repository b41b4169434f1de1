/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The workloads of the perf tool tests: each test program re-executes
 * itself as `PROGRAM --workload KIND ...` under perf, and the workload makes
 * records the test knows exactly (page faults at known addresses, COMM
 * renames with numbered names, breakpoint writes of numbered values,
 * lseek offsets, execs under paths of known lengths). Pinned to one CPU,
 * so that its records come through one ring. The decoders that recognise
 * the records live with the tests.
 */
#ifndef RINGCHECK_PERF_WORKLOAD_H
#define RINGCHECK_PERF_WORKLOAD_H

/* the descriptor the numbered workloads seek on (perf trace filters it) */
#define WORKLOAD_SEEK_FD	77

#include <stdint.h>

/* Where the breakpoint workload's watched word lives (mapped fixed). */
#define BP_ADDR		0x200000000000UL
/* The pump's offsets: N + PUMP_GAP on, at most PUMP_MAX of them. */
#define PUMP_GAP	1000
#define PUMP_MAX	600
/* Records between two pauses of a workload (a 1-page ring holds 30-80). */
#define PACE		16

/* The marker the stack workload keeps on its stack when it faults page i. */
#define STACK_MAGIC	0x5453636b676e6972ULL	/* "ringckST" */
struct stack_marker {
	uint64_t magic, seq, inv;
};

/* Pins the caller to the first CPU it may run on: one ring for its records. */
void pin_to_one_cpu(void);

/*
 * Runs the workload argv names (argv[1] is "--workload"); its exit status:
 * 0, 2 for an unknown kind, 3 when it could not do its work.
 */
int workload(int argc, char **argv);

#endif
