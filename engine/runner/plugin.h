/* SPDX-License-Identifier: GPL-2.0-only */
/* Loading reader plugins through the ABI of <ringcheck/reader.h>. */
#ifndef RINGCHECK_PLUGIN_H
#define RINGCHECK_PLUGIN_H

#include <stddef.h>
#include <ringcheck/reader.h>

/* In this process: dlopen, ringcheck_reader(), ABI checks. */
const struct ringcheck_reader_ops *plugin_load(const char *path, char *err,
					       size_t errlen);
/* How long loading a plugin may take, in every process that loads it. */
#define PLUGIN_LOAD_TIMEOUT_MS	10000

/* The same in a child, so a plugin that crashes on load cannot take the
 * caller down; the time limit is the caller's. Fills the reader's name and
 * (caps may be NULL) a line of its capabilities; 0, or -1 with the reason. */
int plugin_probe(const char *path, char *name, size_t namelen, char *caps,
		 size_t capslen, char *err, size_t errlen);
/* build/plugins/reference.so next to the running ringcheck. */
const char *plugin_reference_path(void);

#endif
