/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ringcheck run --scenario FILE: a scenario fuzz input (a finding of make
 * fuzz, engine/scenario/fuzz_input.h) read from a file.
 */
#ifndef RINGCHECK_SCENARIO_FILE_H
#define RINGCHECK_SCENARIO_FILE_H

#include <stddef.h>

#include "scenario/scenario.h"

/* The largest file taken: far past what a fuzzer's input is. */
#define SCENARIO_FILE_MAX	(1u << 20)

/* 0 and s built; -1 with the reason in err for a file that is not one. */
int scenario_from_file(const char *path, struct scenario *s, char *err,
		       size_t errlen);
/* The ring and the number of steps, for the report's first line. */
void scenario_file_describe(const struct scenario *s, char *buf, size_t len);

#endif /* RINGCHECK_SCENARIO_FILE_H */
