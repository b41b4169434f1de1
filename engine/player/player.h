/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The player: runs one scenario's steps against the simulated writer and
 * a reader, through the entry the reader offers (pull, push, the fd it
 * maps itself, a callback drain, or an event list's merged rounds), and
 * has the judge (engine/judge/) decide every call.
 */
#ifndef RINGCHECK_PLAYER_H
#define RINGCHECK_PLAYER_H

#include <stdio.h>
#include <ringcheck/reader.h>

#include "judge/verdict.h"
#include "scenario/scenario.h"

/*
 * Plays s against ops. With report non-NULL, a failure is described there:
 * the steps, the ring (head, tail, records around the fault), what the
 * ledger expected and what the reader delivered.
 */
void play_scenario(const struct scenario *s,
		   const struct ringcheck_reader_ops *ops,
		   struct judge_result *res, FILE *report);

/*
 * The worker's fault handler: a reader that faulted (sig, at addr) while
 * play_scenario() runs fails the case with the call under way and the
 * address in its message (res->crash_signal set) and play_scenario()
 * returns; the caller then dies of sig. Returns only when no scenario is
 * under way, or on a second fault.
 */
void play_fault(int sig, void *addr);

#endif /* RINGCHECK_PLAYER_H */
