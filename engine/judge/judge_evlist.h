/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The judge of a merged reader (clauses 12-17): every record the stream
 * delivers, against the rings' ledgers and the clock of fake_cpus. The
 * player (player/play_evlist.c) runs the plan's writes and rounds and
 * hands the reader evlist_judge_deliver() as its callback. Unlike one
 * ring's judge, a failure does not jump: the first is the verdict, and the
 * player stops at the next step.
 */
#ifndef RINGCHECK_JUDGE_EVLIST_H
#define RINGCHECK_JUDGE_EVLIST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/perf_event.h>

#include "fake_cpus.h"
#include "scenario/evlist_plan.h"
#include "verdict.h"

struct evlist_judge;

/*
 * by_time: the reader merges by time (clauses 15, 16 apply); otherwise it
 * walks the rings, and each ring's records come in the ring's order.
 */
struct evlist_judge *evlist_judge_new(const struct evlist_plan *pl,
				      struct fake_cpus *fc,
				      struct judge_result *res, bool by_time);
void evlist_judge_free(struct evlist_judge *ej);

void evlist_judge_at_step(struct evlist_judge *ej, int step);
void __attribute__((format(printf, 3, 4)))
evlist_judge_fail(struct evlist_judge *ej, const char *check,
		  const char *fmt, ...);
bool evlist_judge_failed(const struct evlist_judge *ej);

/* The reader's callback (ringcheck_evlist_ops' deliver), ctx the judge. */
int evlist_judge_deliver(void *ctx, unsigned int ring,
			 const struct perf_event_header *rec);
/* Around a round of the reader's: what it guarantees, and after it. */
void evlist_judge_round_begin(struct evlist_judge *ej, unsigned int round);
void evlist_judge_round_end(struct evlist_judge *ej, unsigned int round);
/* After the last round and the flush: every written record delivered. */
void evlist_judge_final(struct evlist_judge *ej);

/* The reader's call under way (NULL: none), and a fault during the case:
 * the verdict names the call and what the address lies in. */
void evlist_judge_call(struct evlist_judge *ej, const char *call);
void evlist_judge_crashed(struct evlist_judge *ej, int sig, uintptr_t addr);

size_t evlist_judge_delivered(const struct evlist_judge *ej);
void evlist_judge_report(const struct evlist_judge *ej, FILE *out);

#endif /* RINGCHECK_JUDGE_EVLIST_H */
