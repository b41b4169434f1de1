// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scenario fuzz input decoded (fuzz_input.h). Every input of
 * FUZZ_INPUT_MIN bytes or more is a scenario: a fuzzer's mutations all
 * land on one, and the corpora of fixtures/corpus/scenario keep meaning
 * what they meant when they were found.
 */
#include <stdio.h>

#include "fuzz_input.h"

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

		switch (in[i] % 9) {
		case 0:
		case 1:
			scenario_write(s, size, 1 + in[i] / 9 % 4);
			i++;
			break;
		case 2:
			scenario_cycle(s, mode ? CYCLE_OVERWRITE : CYCLE_EACH);
			break;
		case 3:
			scenario_cycle(s, mode ? CYCLE_OVERWRITE : CYCLE_ONCE);
			break;
		case 4:
			scenario_cycle(s, CYCLE_PUSH);
			break;
		case 5:
			scenario_add(s, ST_PAUSE, 0, 0);
			scenario_write(s, size, 1);
			scenario_add(s, ST_RESUME, 0, 0);
			i++;
			break;
		case 6:
			if (!mode && open < 3) {
				scenario_add(s, ST_RESERVE, size, 0);
				open++;
			}
			i++;
			break;
		case 7:
			if (open) {
				scenario_add(s, ST_COMMIT, 0, 0);
				open--;
			}
			break;
		case 8:
			/* a forward cycle with the writer between its calls */
			if (!mode) {
				scenario_add(s, RD_INIT, 0, 0);
				scenario_add(s, RD_EVENT, 0, 0);
				scenario_write(s, size, 1);
				scenario_add(s, RD_DRAIN_EACH, 0, 0);
				scenario_write(s, size, 1);
				scenario_add(s, RD_DONE, 0, 0);
			}
			i++;
			break;
		}
	}
	while (open--)
		scenario_add(s, ST_COMMIT, 0, 0);
	return 0;
}
