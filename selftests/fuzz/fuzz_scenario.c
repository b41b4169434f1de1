// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: scenarios. The input becomes a fake_ring configuration
 * and a sequence of writer steps and reader calls; the oracle judges the
 * reference reader against the ledger, and a contract violation aborts:
 * the fuzzer searches for violations, not only for crashes.
 *
 * Input: byte 0 mode, byte 1 data size (32 << n), byte 2 LOST trailer and
 * start counter, then one step per byte (and a size byte for writes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "player/player.h"
#include "scenario/scenario.h"

const struct ringcheck_reader_ops *ringcheck_reader(void);

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	static const char *const modes[] = { "fwd-rw", "bwd-ro" };
	static struct scenario s;
	struct judge_result res;
	unsigned long ds;
	uint64_t start;
	size_t i;
	int open = 0, mode;

	if (len < 3)
		return 0;
	mode = in[0] & 1;
	ds = 32ul << (in[1] % 8);	/* 32 .. 4096 */
	start = in[2] & 0x80 ? (uint64_t)0 - ds : (uint64_t)(in[2] & 7) * 8;
	scenario_init(&s, modes[mode], ds, mode ? 0 : start);
	/* a backward head is at or below 0, reached as a kernel does */
	if (mode)
		scenario_backward_head(&s, (int64_t)start > 0 ? -start : start);
	s.cfg.lost_trailer = (in[2] & 3) * 8;
	snprintf(s.id, sizeof(s.id), "fuzz");
	for (i = 3; i < len && s.nsteps < SCENARIO_MAX_STEPS - 8; i++) {
		unsigned int size = 8 * (1 + (i + 1 < len ? in[i + 1] : 0) %
					       (ds / 4 + 2));

		switch (in[i] % 9) {
		case 0:
		case 1:
			scenario_write(&s, size, 1 + in[i] / 9 % 4);
			i++;
			break;
		case 2:
			scenario_cycle(&s, mode ? CYCLE_OVERWRITE : CYCLE_EACH);
			break;
		case 3:
			scenario_cycle(&s, mode ? CYCLE_OVERWRITE : CYCLE_ONCE);
			break;
		case 4:
			scenario_cycle(&s, CYCLE_PUSH);
			break;
		case 5:
			scenario_add(&s, ST_PAUSE, 0, 0);
			scenario_write(&s, size, 1);
			scenario_add(&s, ST_RESUME, 0, 0);
			i++;
			break;
		case 6:
			if (!mode && open < 3) {
				scenario_add(&s, ST_RESERVE, size, 0);
				open++;
			}
			i++;
			break;
		case 7:
			if (open) {
				scenario_add(&s, ST_COMMIT, 0, 0);
				open--;
			}
			break;
		case 8:
			/* a forward cycle with the writer between its calls */
			if (!mode) {
				scenario_add(&s, RD_INIT, 0, 0);
				scenario_add(&s, RD_EVENT, 0, 0);
				scenario_write(&s, size, 1);
				scenario_add(&s, RD_DRAIN_EACH, 0, 0);
				scenario_write(&s, size, 1);
				scenario_add(&s, RD_DONE, 0, 0);
			}
			i++;
			break;
		}
	}
	while (open--)
		scenario_add(&s, ST_COMMIT, 0, 0);
	play_scenario(&s, ringcheck_reader(), &res, NULL);
	if (res.verdict == VERDICT_FAIL) {
		play_scenario(&s, ringcheck_reader(), &res, stderr);
		abort();
	}
	return 0;
}
