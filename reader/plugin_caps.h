/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a plugin declares it can do (enum ringcheck_cap), read the same way
 * by the simulated families (engine/capabilities.c) and the kernel tests
 * (kernel_ring/kring.c), so that a capability means the same everywhere.
 */
#ifndef RINGCHECK_PLUGIN_CAPS_H
#define RINGCHECK_PLUGIN_CAPS_H

#include <stddef.h>
#include <ringcheck/reader.h>

/* What a version-1 plugin is taken to support: every ability, no limit. */
#define READER_CAPS_ALL	(RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_OVERWRITE | \
			 RINGCHECK_CAP_PUSH | RINGCHECK_CAP_RELEASE_RECORD | \
			 RINGCHECK_CAP_RELEASE_CYCLE | RINGCHECK_CAP_PART_PAGE | \
			 RINGCHECK_CAP_RING_IN_USE)

/* The plugin's capabilities: all for version 1; push only with push(). */
unsigned int plugin_caps(const struct ringcheck_reader_ops *ops);
/* NULL, or why ops cannot be tested at all (a version-2 plugin declaring
 * neither direction): a load error, not a run of skips. */
const char *plugin_caps_refused(const struct ringcheck_reader_ops *ops);
/* "overwrite", "release-per-record", ...; "?" for anything but one bit. */
const char *plugin_cap_name(unsigned int cap);
/* Every capability of mask by name, ", " between: "overwrite, push". */
void plugin_caps_list(unsigned int mask, char *buf, size_t len);

#endif
