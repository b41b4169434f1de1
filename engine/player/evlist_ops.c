// SPDX-License-Identifier: GPL-2.0-only
/*
 * The merged-reader entry is looked up in the same object as the plugin's
 * single-ring ops: dladdr() names it, dlopen(RTLD_NOLOAD) returns the
 * handle plugin_load() opened, dlsym() finds the entry.
 */
#include <dlfcn.h>
#include <stdio.h>

#include "evlist_ops.h"

const struct ringcheck_evlist_ops *
plugin_evlist_ops(const struct ringcheck_reader_ops *ops, char *err,
		  size_t errlen)
{
	const struct ringcheck_evlist_ops *(*entry)(void);
	const struct ringcheck_evlist_ops *ev;
	Dl_info info;
	void *dl;

	if (!dladdr(ops, &info) || !info.dli_fname) {
		snprintf(err, errlen, "the reader's object cannot be named");
		return NULL;
	}
	dl = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
	if (!dl)
		dl = dlopen(NULL, RTLD_LAZY);	/* linked into ringcheck */
	*(void **)&entry = dl ? dlsym(dl, "ringcheck_evlist_reader") : NULL;
	if (dl)		/* plugin_load() keeps the object loaded */
		dlclose(dl);
	if (!entry) {
		snprintf(err, errlen, "the reader has no merged-reader entry "
			 "(ringcheck_evlist_reader, <ringcheck/evlist.h>)");
		return NULL;
	}
	ev = entry();
	if (!ev || ev->abi_version < 1 ||
	    ev->abi_version > RINGCHECK_EVLIST_ABI_VERSION ||
	    !ev->open || !ev->close || !ev->read_round || !ev->flush) {
		snprintf(err, errlen, "ringcheck_evlist_reader(): %s",
			 !ev ? "NULL" : ev->abi_version < 1 || ev->abi_version >
			 RINGCHECK_EVLIST_ABI_VERSION ? "wrong ABI version"
			 : "an entry is missing");
		return NULL;
	}
	return ev;
}

bool evlist_merges_by_time(const struct ringcheck_evlist_ops *ev)
{
	/* flags came with version 2: a version-1 plugin has none */
	return ev->abi_version < 2 || !(ev->flags & RINGCHECK_EVLIST_WALKS_RINGS);
}
