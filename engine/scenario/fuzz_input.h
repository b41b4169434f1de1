/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A scenario from the bytes of a scenario fuzz input: what the fuzz target
 * (selftests/fuzz/fuzz_scenario.c) plays, and what `ringcheck run
 * --scenario FILE` replays from a finding the fuzzer saved.
 *
 * Version 1 (every input that does not start with the version 2 magic):
 * byte 0: the mode (bit 0: 0 forward read-write, 1 backward read-only);
 * byte 1: the data size, 32 << (n % 8); byte 2: the start counter (bit 7:
 * one ring below 0, else (n & 7) * 8) and the LOST trailer ((n & 3) * 8);
 * then one step per byte (n % 9: write, write, cycle, cycle, push, a
 * write while paused, reserve, commit, a cycle with writes between its
 * calls), writes and reservations taking the next byte as their size.
 *
 * Version 2 (FUZZ_INPUT_V2_MAGIC0 and 1, then at least 3 bytes;
 * fuzz_input_v2.c): byte 2: the mode (bit 0), the page size (bits 1-2:
 * 4096 << 2 * (n % 3)) and bit 3, a family case first; byte 3: the data
 * size, 32 << (n % 12), at least one page of 16 or 64 KiB (with 4 KiB
 * pages, the smaller rings of version 1); byte 4: start and LOST trailer
 * as version 1's byte 2. With bit 3, byte 5 picks a family of
 * fuzz_v2_families[] and bytes 6-7 (little-endian) one of its cases
 * (modulo their count): the scenario is that case, built and validated
 * by the family, and the steps follow it (after a hostile family's case,
 * only reader cycles: pulls and pushes; its writer wrote what the hostile
 * model allows;
 * an index that is no case of the family, or bytes 5-7 missing: the ring
 * of bytes 2-4, the steps from byte 8 still).
 * Then one step per byte (n % 10): version 1's nine, writes and
 * reservations taking the next two bytes (little-endian) as their size,
 * 8 * (1 + m % 8191), up to 65528; and 9, a stale data_head (a kernel
 * before 2019, forward rings) shown for one reader cycle.
 */
#ifndef RINGCHECK_FUZZ_INPUT_H
#define RINGCHECK_FUZZ_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"

/* The fewest bytes that make a scenario: the mode, the size, the start. */
#define FUZZ_INPUT_MIN	3

/* Version 2's first two bytes (a version 1 input starts so once in 65536:
 * it now decodes as version 2). */
#define FUZZ_INPUT_V2_MAGIC0	0xfc
#define FUZZ_INPUT_V2_MAGIC1	0x02
/* The magic and the mode, the data size, the start. */
#define FUZZ_INPUT_V2_MIN	5

/* The families whose cases a version 2 input starts from. */
extern const char *const fuzz_v2_families[];
extern const unsigned int fuzz_v2_nfamilies;

/*
 * One step of either version on s (forward or backward as s->cfg is):
 * op n % 9 of version 1, or 9, a stale head; count, the writes' repeat;
 * size, what writes and reservations take; *open, the reservations still
 * open. 1 when the step took size, 0 when it did not.
 */
int fuzz_input_step(struct scenario *s, unsigned int op, unsigned int count,
		    unsigned int size, int *open);

/* 0 and s built, with id; -1 when in is shorter than FUZZ_INPUT_MIN. */
int scenario_from_fuzz_input(struct scenario *s, const uint8_t *in,
			     size_t len, const char *id);
/* Version 2, the magic included; -1 when shorter than FUZZ_INPUT_V2_MIN. */
int scenario_from_fuzz_input_v2(struct scenario *s, const uint8_t *in,
				size_t len, const char *id);

#endif /* RINGCHECK_FUZZ_INPUT_H */
