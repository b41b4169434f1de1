/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The judge of one ring: what a reader owes at every call, from
 * fake_ring's ledger, and the verdict. The player (engine/player/) runs the
 * steps and the reader; it tells the judge what the writer did and calls it
 * before and after every reader call. The judge reads the ring and the
 * ledger and calls nothing above it. A check that fails records the verdict
 * and longjmps to the player's recovery point: the first failure is the
 * case's verdict.
 *
 * One file a clause group of docs/contract.md: forward.c (1), overwrite.c
 * (2), pull.c (a read_init .. read_done cycle over both), push.c and
 * push_hostile.c (3), hostile.c (6), around_calls.c (7, 8), drain.c (11),
 * evlist.c (12-17); report.c describes a failure.
 */
#ifndef RINGCHECK_JUDGE_H
#define RINGCHECK_JUDGE_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/perf_event.h>

#include "fake_ring.h"
#include "scenario/scenario.h"
#include "verdict.h"

struct judge;

/* fail: where a failed check jumps to (the player's setjmp). */
struct judge *judge_new(const struct scenario *s, struct fake_ring *ring,
			struct judge_result *res, jmp_buf *fail);
void judge_free(struct judge *j);

/* The step under way: a failure is reported at it. */
void judge_at_step(struct judge *j, int step);
void __attribute__((noreturn, format(printf, 3, 4)))
judge_fail(struct judge *j, const char *check, const char *fmt, ...);

/* --- what the writer did (player/writer_steps.c) --- */
void judge_writer_acted(struct judge *j);
/* fake_ring_write()'s answer for a write step */
void judge_write_result(struct judge *j, int ret);
/* the ring no longer holds what a kernel writes; garbled: nor the
 * ledger's bytes */
void judge_ring_corrupted(struct judge *j, bool garbled);
bool judge_ring_is_corrupted(const struct judge *j);
/* a stale, lower head shows (clause 1.4), or the true head again */
void judge_head_stale(struct judge *j, bool stale);

/* --- the reader's ring --- */
/* open() was called now: rows before this are history */
void judge_reader_opened(struct judge *j);
/* open_fd's own mapping: the data area [lo, hi); keeps_oldest: a
 * backward ring mapped writable, where the kernel keeps the oldest data;
 * guarded: guard pages around it (a crash report says so) */
void judge_reader_mapping(struct judge *j, uintptr_t lo, uintptr_t hi,
			  bool keeps_oldest, bool guarded);

/* --- around every call (clauses 7, 8) --- */
void judge_before_call(struct judge *j);
void judge_after_call(struct judge *j, const char *call);
/* after close: the control page past what is compared around calls */
void judge_control_rest(struct judge *j);

/* --- a pull cycle (clauses 1, 2) --- */
void judge_init_begin(struct judge *j);
void judge_init_end(struct judge *j, int ret);
bool judge_in_cycle(const struct judge *j);
void judge_event(struct judge *j, const struct perf_event_header *ev);
/* the cycle ended (how: for the message) with records it still owed */
void judge_cycle_end(struct judge *j, const char *how);
void judge_consume(struct judge *j);
void judge_done(struct judge *j);

/* --- push (clause 3) --- */
struct judge_push;
struct judge_push *judge_push_begin(struct judge *j, bool failing);
/* the sink handed to the reader's push, with the judge_push as ctx */
int judge_push_sink(void *ctx, const void *buf, unsigned long len);
void judge_push_end(struct judge *j, struct judge_push *p, int ret);

/* --- a callback reader's drain (clause 11) --- */
void judge_drain_begin(struct judge *j);
/* stopped: the usage had asked the reader to stop */
void judge_drain_record(struct judge *j, const struct perf_event_header *ev,
			long long lost, bool stopped);
/* the writer acted inside a callback: the head a reload would see */
void judge_drain_head_now(struct judge *j);
void judge_drain_end(struct judge *j, int ret, bool stopped);

/* --- a crash (crash.c) --- */
/* The reader faulted at addr with sig, inside a call or not: the verdict
 * names the call and what the address lies in, then the player's failure
 * path runs as for any failed check. */
void __attribute__((noreturn))
judge_crashed(struct judge *j, int sig, uintptr_t addr);

/* --- the end --- */
/* ledger rows delivered so far: the final drain stops when none come */
size_t judge_rows_delivered(const struct judge *j);
void judge_final_owed(struct judge *j);
/* the failure: steps, ring, expected and delivered bytes */
void judge_report(const struct judge *j, FILE *out);

#endif /* RINGCHECK_JUDGE_H */
