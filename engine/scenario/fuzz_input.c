// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scenario fuzz input decoded (fuzz_input.h): version 1 here, and the
 * steps both versions share. Every input of FUZZ_INPUT_MIN bytes or more
 * is a scenario: a fuzzer's mutations all land on one, and the corpora of
 * fixtures/corpus/scenario keep meaning what they meant when they were
 * found.
 */
#include <stdio.h>

#include "fuzz_input.h"

int fuzz_input_step(struct scenario *s, unsigned int op, unsigned int count,
		    unsigned int size, int *open)
{
	bool bwd = s->cfg.overwrite;

	switch (op) {
	case 0:
	case 1:
		scenario_write(s, size, count);
		return 1;
	case 2:
		scenario_cycle(s, bwd ? CYCLE_OVERWRITE : CYCLE_EACH);
		return 0;
	case 3:
		scenario_cycle(s, bwd ? CYCLE_OVERWRITE : CYCLE_ONCE);
		return 0;
	case 4:
		scenario_cycle(s, CYCLE_PUSH);
		return 0;
	case 5:
		scenario_add(s, ST_PAUSE, 0, 0);
		scenario_write(s, size, 1);
		scenario_add(s, ST_RESUME, 0, 0);
		return 1;
	case 6:
		if (!bwd && *open < 3) {
			scenario_add(s, ST_RESERVE, size, 0);
			(*open)++;
		}
		return 1;
	case 7:
		if (*open) {
			scenario_add(s, ST_COMMIT, 0, 0);
			(*open)--;
		}
		return 0;
	case 8:
		/* a forward cycle with the writer between its calls */
		if (!bwd) {
			scenario_add(s, RD_INIT, 0, 0);
			scenario_add(s, RD_EVENT, 0, 0);
			scenario_write(s, size, 1);
			scenario_add(s, RD_DRAIN_EACH, 0, 0);
			scenario_write(s, size, 1);
			scenario_add(s, RD_DONE, 0, 0);
		}
		return 1;
	case 9:
		/* kernels before 2019: the head published before the last
		 * one shows again, for one cycle, as interleave's stale
		 * writer shows it (a forward ring, no writer nested) */
		if (!bwd && !*open) {
			scenario_add(s, ST_STALE_HEAD, 0, 0);
			scenario_cycle(s, count % 2 ? CYCLE_EACH : CYCLE_ONCE);
			scenario_add(s, ST_REPUBLISH, 0, 0);
		}
		return 0;
	}
	return 0;
}

int scenario_from_fuzz_input(struct scenario *s, const uint8_t *in,
			     size_t len, const char *id)
{
	static const char *const modes[] = { "fwd-rw", "bwd-ro" };
	unsigned long ds;
	uint64_t start;
	size_t i;
	int open = 0, mode;

	if (len < FUZZ_INPUT_MIN)
		return -1;
	if (len >= FUZZ_INPUT_V2_MIN && in[0] == FUZZ_INPUT_V2_MAGIC0 &&
	    in[1] == FUZZ_INPUT_V2_MAGIC1)
		return scenario_from_fuzz_input_v2(s, in, len, id);
	mode = in[0] & 1;
	ds = 32ul << (in[1] % 8);	/* 32 .. 4096 */
	start = in[2] & 0x80 ? (uint64_t)0 - ds : (uint64_t)(in[2] & 7) * 8;
	scenario_init(s, modes[mode], ds, mode ? 0 : start);
	/* a backward head is at or below 0, reached as a kernel does */
	if (mode)
		scenario_backward_head(s, (int64_t)start > 0 ? -start : start);
	s->cfg.lost_trailer = (in[2] & 3) * 8;
	snprintf(s->id, sizeof(s->id), "%s", id);
	for (i = 3; i < len && s->nsteps < SCENARIO_MAX_STEPS - 8; i++) {
		unsigned int size = 8 * (1 + (i + 1 < len ? in[i + 1] : 0) %
					       (ds / 4 + 2));

		i += fuzz_input_step(s, in[i] % 9, 1 + in[i] / 9 % 4, size,
				     &open);
	}
	while (open--)
		scenario_add(s, ST_COMMIT, 0, 0);
	return 0;
}
