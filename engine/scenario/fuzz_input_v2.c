// SPDX-License-Identifier: GPL-2.0-only
/*
 * Version 2 of the scenario fuzz input (fuzz_input.h): what version 1
 * cannot say. Records up to the ABI's 65528 bytes in data areas up to
 * 64 KiB, pages of 16 and 64 KiB, a stale head, and the hostile writers:
 * those only as a case of the hostile families, built and validated by
 * the family itself, so that a fuzz input shows no corruption the
 * documented hostile model does not (engine/families/family_hostile.c).
 */
#include <stdio.h>

#include "fuzz_input.h"

/*
 * The families whose cases an input may start from: the hostile writers,
 * whose corruptions only the family's own model may make.
 */
const char *const fuzz_v2_families[] = { "hostile", "hostile-push" };
const unsigned int fuzz_v2_nfamilies =
	sizeof(fuzz_v2_families) / sizeof(fuzz_v2_families[0]);

/*
 * After such a case, only reader cycles (1 << op): pulls of either kind
 * and pushes, in any order, as the judge models a corrupt ring
 * (engine/judge/hostile.c, push_hostile.c). No writer: what it would
 * write on a ring no kernel left is not a kernel's state.
 */
#define V2_HOSTILE_AFTER	(1u << 2 | 1u << 3 | 1u << 4)

/* Byte 2's bits. */
#define V2_BACKWARD	0x01
#define V2_PAGE_SHIFT	1	/* two bits: 4096 << 2 * (n % 3) */
#define V2_FAMILY	0x08

/* The case bytes 5-7 pick; 1 if built, 0 if there is none to build. */
static int family_case(struct scenario *s, const uint8_t *in, size_t len,
		       unsigned int *after)
{
	size_t n;
	int f;

	if (!(in[2] & V2_FAMILY) || len < 8)
		return 0;
	f = family_find(fuzz_v2_families[in[5] % fuzz_v2_nfamilies]);
	if (f < 0)
		return 0;
	n = family_count(f, BOUNDS_FULL);
	/* a tuple that is not a case of the family: the ring of bytes 2-4 */
	if (!n || scenario_build(f, BOUNDS_FULL,
				 (in[6] | (size_t)in[7] << 8) % n, s))
		return 0;
	*after = V2_HOSTILE_AFTER;
	return 1;
}

/* The ring of bytes 2-4, as version 1 makes its own. */
static void ring(struct scenario *s, const uint8_t *in)
{
	static const char *const modes[] = { "fwd-rw", "bwd-ro" };
	unsigned long ps = 4096ul << 2 * ((in[2] >> V2_PAGE_SHIFT & 3) % 3);
	unsigned long ds = 32ul << (in[3] % 12);	/* 32 .. 64 KiB */
	int bwd = in[2] & V2_BACKWARD;
	uint64_t start;

	/* a kernel maps whole pages: small rings only with 4 KiB ones,
	 * where they are the simulator's scaled-down rings of version 1 */
	if (ds < ps && ps > 4096)
		ds = ps;
	start = in[4] & 0x80 ? (uint64_t)0 - ds : (uint64_t)(in[4] & 7) * 8;
	scenario_init(s, modes[bwd], ds, bwd ? 0 : start);
	s->cfg.page_size = ps;
	if (bwd)
		scenario_backward_head(s, (int64_t)start > 0 ? -start : start);
	s->cfg.lost_trailer = (in[4] & 3) * 8;
}

int scenario_from_fuzz_input_v2(struct scenario *s, const uint8_t *in,
				size_t len, const char *id)
{
	unsigned int after = 0;
	size_t i;
	int open = 0;

	if (len < FUZZ_INPUT_V2_MIN)
		return -1;
	if (family_case(s, in, len, &after))
		i = 8;
	else {
		ring(s, in);
		i = in[2] & V2_FAMILY ? 8 : 5;
	}
	snprintf(s->id, sizeof(s->id), "%s", id);
	for (; i < len && s->nsteps < SCENARIO_MAX_STEPS - 8; i++) {
		unsigned int op = in[i] % 10, m;

		if (after && !(after & 1u << op))
			continue;
		m = (i + 1 < len ? in[i + 1] : 0) |
		    (i + 2 < len ? in[i + 2] : 0) << 8;
		if (fuzz_input_step(s, op, 1 + in[i] / 10 % 4,
				    8 * (1 + m % 8191), &open))
			i += 2;
	}
	while (open--)
		scenario_add(s, ST_COMMIT, 0, 0);
	return 0;
}
