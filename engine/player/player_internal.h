/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the player's files share: one case being played on one ring.
 * Nothing outside engine/player/ includes this.
 */
#ifndef RINGCHECK_PLAYER_INTERNAL_H
#define RINGCHECK_PLAYER_INTERNAL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "fake_ring.h"
#include "judge/judge.h"
#include "player.h"

struct player {
	const struct scenario		*s;
	struct scenario			*adapted;	/* s, in the
							 * reader's usage */
	const struct ringcheck_reader_ops *ops;
	void				*rd;
	struct fake_ring		*ring;
	struct judge			*j;
	jmp_buf				fail;	/* where a failed check
						 * lands */
	bool				overwrite;
	/* no pull entry: cycles go through drain (callback entry) */
	bool				callback;
	/* nested reservations */
	long				tokens[16];
	int				ntokens;
	uint8_t				*rec;	/* the record being written */
	uint64_t			seq;
	bool				faulted;	/* the reader
							 * crashed */
};

/* crash_hook.c: the scenario a fault is reported in */
void play_set_current(struct player *p);

/* writer_steps.c: one writer step, what the kernel would do */
void play_writer_step(struct player *p, const struct step *st);

/* reader_calls.c: one reader step through the pull or push entry */
void play_reader_step(struct player *p, const struct step *st);
void play_init(struct player *p);
void play_done(struct player *p);
void play_consume(struct player *p);

/* drain.c: a cycle of a callback reader, from steps [from, end); returns
 * the step the caller goes on after */
int play_drain_cycle(struct player *p, int from, int end, bool all);
int play_cycle_end(const struct scenario *s, int from);

#endif /* RINGCHECK_PLAYER_INTERNAL_H */
