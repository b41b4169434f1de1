// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test plugins that misbehave, for the engine's isolation tests. Built
 * three times: -DCRASH (read_event dies of SIGSEGV on its third call),
 * -DHANG (read_init never returns), -DBAD_ABI (a future ABI version).
 */
/* written against version 2 of the plugin ABI (reader.h) */
#define RINGCHECK_READER_ABI 2
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <ringcheck/reader.h>

#ifdef CRASH
static int calls;
#endif

static void *bad_open(const struct ringcheck_ring *ring)
{
	return calloc(1, 1);
}

static void bad_close(void *r)
{
	free(r);
}

static int bad_read_init(void *r)
{
#ifdef HANG
	for (volatile int spin = 1; spin;)
		;
#endif
	return 0;
}

static const struct perf_event_header *bad_read_event(void *r)
{
#ifdef CRASH
	if (++calls == 3)
		raise(SIGSEGV);	/* a real signal, with or without sanitizers */
#endif
	return NULL;
}

static void bad_noop(void *r)
{
}

static const struct ringcheck_reader_ops bad_ops = {
#ifdef BAD_ABI
	.abi_version	= RINGCHECK_READER_ABI_VERSION + 98,
#else
	.abi_version	= RINGCHECK_READER_ABI_VERSION,
#endif
	.name		= "misbehaving",
	.open		= bad_open,
	.close		= bad_close,
	.read_init	= bad_read_init,
	.read_event	= bad_read_event,
	.consume	= bad_noop,
	.read_done	= bad_noop,
	.caps		= RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_OVERWRITE |
			  RINGCHECK_CAP_RELEASE_RECORD |
			  RINGCHECK_CAP_RELEASE_CYCLE | RINGCHECK_CAP_PART_PAGE |
			  RINGCHECK_CAP_RING_IN_USE,
};

const struct ringcheck_reader_ops *ringcheck_reader(void)
{
	return &bad_ops;
}
