// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reference merged reader behind the plugin entry of
 * <ringcheck/evlist.h>, in build/plugins/reference.so beside the
 * single-ring reader.
 */
#include <stddef.h>
#include <ringcheck/evlist.h>

#include "evlist_reader.h"

static void *reference_evlist_open(const struct ringcheck_evlist *ev)
{
	char msg[200];

	return evlist_reader_open(ev, msg, sizeof(msg));
}

static void reference_evlist_close(void *r)
{
	evlist_reader_close(r);
}

static int reference_evlist_round(void *r, void *ctx,
				  ringcheck_evlist_record_fn deliver)
{
	return evlist_reader_round(r, ctx, deliver);
}

static int reference_evlist_flush(void *r, void *ctx,
				  ringcheck_evlist_record_fn deliver)
{
	return evlist_reader_flush(r, ctx, deliver);
}

static const struct ringcheck_evlist_ops reference_evlist_ops = {
	.abi_version	= RINGCHECK_EVLIST_ABI_VERSION,
	.name		= "reference",
	.open		= reference_evlist_open,
	.close		= reference_evlist_close,
	.read_round	= reference_evlist_round,
	.flush		= reference_evlist_flush,
};

const struct ringcheck_evlist_ops *ringcheck_evlist_reader(void)
{
	return &reference_evlist_ops;
}
