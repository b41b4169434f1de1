// SPDX-License-Identifier: GPL-2.0-only
/*
 * A plugin source as written against version 1 of the ABI, unchanged:
 * the version macro, the fields up to push, no RINGCHECK_READER_ABI.
 * Built against today's header it must still be a version-1 plugin and be
 * judged exactly as one (run_caps.sh); with -DRINGCHECK_READER_ABI=2 it
 * is a version-2 plugin that declares nothing, refused at load.
 *
 * It reads through the reference reader (reference_plugin.c built beside
 * it with -Dringcheck_reader=reference_entry).
 */
#include <stddef.h>
#include <ringcheck/reader.h>

const struct ringcheck_reader_ops *reference_entry(void);

static struct ringcheck_reader_ops ops = {
	.abi_version	= RINGCHECK_READER_ABI_VERSION,
	.name		= "v1-source",
};

const struct ringcheck_reader_ops *ringcheck_reader(void)
{
	const struct ringcheck_reader_ops *ref = reference_entry();

	ops.open = ref->open;
	ops.close = ref->close;
	ops.read_init = ref->read_init;
	ops.read_event = ref->read_event;
	ops.consume = ref->consume;
	ops.read_done = ref->read_done;
	ops.push = ref->push;
	return &ops;
}
