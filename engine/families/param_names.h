/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The names of enumerated case parameters (mode=bwd-ro, kind=head-2^32,
 * release=per-cycle), for the descriptions people read; case ids keep
 * the numbers.
 */
#ifndef RINGCHECK_PARAM_NAMES_H
#define RINGCHECK_PARAM_NAMES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "scenario/scenario.h"

/* The value of parameter param of family as a name into buf; 0, or -1
 * when the parameter is a plain number (buf untouched). */
int param_value_name(const char *family, const char *param, int64_t value,
		     char *buf, size_t len);
/* Every enumerated parameter with its values by name, a line each. */
void param_names_print(FILE *out);
/* "name=value ..." of a case's parameters, for reports. */
void scenario_describe(const struct scenario *s, char *buf, size_t len);

#endif
