/* SPDX-License-Identifier: GPL-2.0-only */
/* The merged-reader entry of a loaded plugin (<ringcheck/evlist.h>). */
#ifndef RINGCHECK_PLUGIN_EVLIST_H
#define RINGCHECK_PLUGIN_EVLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <ringcheck/evlist.h>

/*
 * The ringcheck_evlist_reader() entry of the shared object that holds
 * ops (the plugin plugin_load() returned it from), checked; NULL with the
 * reason in err when the plugin has none or it is unusable.
 */
const struct ringcheck_evlist_ops *
plugin_evlist_ops(const struct ringcheck_reader_ops *ops, char *err,
		  size_t errlen);
/* Whether the reader merges by time, or only walks the rings. */
bool evlist_merges_by_time(const struct ringcheck_evlist_ops *ev);

#endif /* RINGCHECK_PLUGIN_EVLIST_H */
