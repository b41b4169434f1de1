/* SPDX-License-Identifier: GPL-2.0-only */
/* make bench: the parts of selftests/bench/. */
#ifndef RINGCHECK_BENCH_H
#define RINGCHECK_BENCH_H

#include <stdio.h>
#include <ringcheck/reader.h>

const struct ringcheck_reader_ops *ringcheck_reader(void);	/* reference */
double bench_now(void);
/* The reference reader vs every plugins/libperf-*.so beside self, and its
 * callback entry vs plugins/bcc-*.so and libbpf-*.so; one line a
 * record-size mix into dat. 0, or -1 when a reader read short. */
int bench_peers(const char *self, FILE *dat);
int bench_push(void);

#endif
