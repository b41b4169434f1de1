// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the op language of `ringcheck sim`. The input is split
 * at spaces into ops; each is parsed, and the ones that parse are run
 * against a small fake ring (bounded), which must refuse bad sizes with an
 * error, never a crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fake_ring.h"
#include "sim_ops.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	static struct fake_ring *ring;
	static uint8_t rec[65536];
	char *text = malloc(len + 1), *save, *tok, err[256];
	uint64_t v, seq = 0;

	if (!ring) {
		struct fake_ring_config cfg = { .page_size = 4096,
						.data_size = 256 };

		ring = fake_ring_new(&cfg, err, sizeof(err));
	}
	fake_ring_reset(ring);
	memcpy(text, in, len);
	text[len] = '\0';
	sim_parse_u64(text, &v);
	for (tok = strtok_r(text, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		struct sim_op op;
		unsigned long i;

		if (sim_op_parse(tok, &op, err, sizeof(err))) {
			if (!strstr(err, "bad op"))
				abort();
			continue;
		}
		if (op.kind == SIM_OP_CONSUME)
			fake_ring_consume(ring);
		else if (op.kind != SIM_OP_WRITE)
			fake_ring_pause(ring, op.kind == SIM_OP_PAUSE);
		for (i = 0; op.kind == SIM_OP_WRITE && i < op.count && i < 64;
		     i++) {
			fake_ring_make_record(rec, op.type, op.size, seq++);
			if (fake_ring_write(ring, rec, op.size, NULL) < 0 &&
			    !*fake_ring_error(ring))
				abort();	/* a refusal says why */
		}
	}
	free(text);
	return 0;
}
