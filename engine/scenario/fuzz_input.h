/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A scenario from the bytes of a scenario fuzz input: what the fuzz target
 * (selftests/fuzz/fuzz_scenario.c) plays, and what `ringcheck run
 * --scenario FILE` replays from a finding the fuzzer saved.
 *
 * Byte 0: the mode (bit 0: 0 forward read-write, 1 backward read-only);
 * byte 1: the data size, 32 << (n % 8); byte 2: the start counter (bit 7:
 * one ring below 0, else (n & 7) * 8) and the LOST trailer ((n & 3) * 8);
 * then one step per byte (n % 9: write, write, cycle, cycle, push, a
 * write while paused, reserve, commit, a cycle with writes between its
 * calls), writes and reservations taking the next byte as their size.
 */
#ifndef RINGCHECK_FUZZ_INPUT_H
#define RINGCHECK_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "scenario.h"

/* The fewest bytes that make a scenario: the mode, the size, the start. */
#define FUZZ_INPUT_MIN	3

/* 0 and s built, with id; -1 when in is shorter than FUZZ_INPUT_MIN. */
int scenario_from_fuzz_input(struct scenario *s, const uint8_t *in,
			     size_t len, const char *id);

#endif /* RINGCHECK_FUZZ_INPUT_H */
