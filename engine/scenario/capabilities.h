/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a reader declares it supports (ABI version 2) and what a case needs.
 * A version-1 reader is taken to support everything and has neither the
 * fd entry nor the callback entry; its ops are never read past push.
 */
#ifndef RINGCHECK_CAPABILITIES_H
#define RINGCHECK_CAPABILITIES_H

#include <stdbool.h>
#include <stddef.h>
#include <ringcheck/reader.h>

#include "plugin_caps.h"
#include "scenario.h"

/* The reader's capabilities; push only with a push entry. */
unsigned int reader_caps(const struct ringcheck_reader_ops *ops);
unsigned long reader_min_data_size(const struct ringcheck_reader_ops *ops);
/* The version-2 entries, NULL for a version-1 reader. */
void *(*reader_open_fd(const struct ringcheck_reader_ops *ops))
	(const struct ringcheck_fd_ring *);
int (*reader_drain(const struct ringcheck_reader_ops *ops))
	(void *, void *, ringcheck_record_fn);
/* Its runtime installs fault handlers at load: re-arm after load. */
bool reader_runtime_fault_handlers(const struct ringcheck_reader_ops *ops);
/* NULL if ops has what a plugin needs, else what is missing. */
const char *reader_ops_incomplete(const struct ringcheck_reader_ops *ops);

/* What case s needs of a reader (enum ringcheck_cap). */
unsigned int scenario_needs(const struct scenario *s);
/* Every record s writes is a PERF_SAMPLE_RAW sample or a LOST. */
bool scenario_raw_samples_only(const struct scenario *s);
/* NULL if ops can run s, else every capability it lacks ("overwrite,
 * push") or the limit it declares that s is outside of. */
const char *scenario_unsupported(const struct scenario *s,
				 const struct ringcheck_reader_ops *ops);
/*
 * s as this reader uses the ring: for a reader that releases only once a
 * cycle, a forward case's per-record consumes become one a cycle (in buf);
 * otherwise s itself.
 */
const struct scenario *
scenario_for_reader(const struct scenario *s,
		    const struct ringcheck_reader_ops *ops,
		    struct scenario *buf);
const char *cap_name(unsigned int cap);
/* One line: the capabilities, the smallest data area, the entries, the
 * ABI version. */
void reader_caps_describe(const struct ringcheck_reader_ops *ops, char *buf,
			  size_t len);

#endif /* RINGCHECK_CAPABILITIES_H */
