/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Playing an evlist scenario (s->evlist set): many rings, one merged
 * reader, judged by judge/evlist.c.
 */
#ifndef RINGCHECK_PLAY_EVLIST_H
#define RINGCHECK_PLAY_EVLIST_H

#include <stdio.h>
#include <ringcheck/reader.h>

#include "judge/verdict.h"
#include "scenario/scenario.h"

void play_evlist(const struct scenario *s,
		 const struct ringcheck_reader_ops *ops,
		 struct judge_result *res, FILE *report);
/* A fault during an evlist case (crash_hook.c): the verdict names its
 * place and the case comes back to play_evlist(), which reports it. */
void play_evlist_fault(int sig, void *addr);

#endif /* RINGCHECK_PLAY_EVLIST_H */
