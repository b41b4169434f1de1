/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The two kinds of stress round, for the driver (stress.c): forward
 * (stress_forward.c: consume each, consume once a cycle, drain) and
 * overwrite (stress_overwrite.c).
 */
#ifndef RINGCHECK_STRESS_ROUNDS_H
#define RINGCHECK_STRESS_ROUNDS_H

#include "stress_common.h"

void *forward_writer(void *arg);
int read_forward(struct stress *s, void *r, uint8_t *want);
int close_forward(struct stress *s);
void *overwrite_writer(void *arg);
int read_overwrite(struct stress *s, void *r, uint8_t *want);

#endif /* RINGCHECK_STRESS_ROUNDS_H */
