// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reference reader declaring less than it can, for the capability
 * tests (run_caps.sh): what it does not declare must be skipped, with
 * every missing capability named, and never failed.
 *
 * -DFORWARD_CYCLE: a forward-only reader that releases once a cycle, as
 * many callback readers do (forward, release-per-cycle, part-page,
 * ring-in-use; no push, no overwrite, no per-record release). It refuses
 * a backward ring, as such a reader does, so a test that gives it one
 * anyway fails.
 * -DNO_CAPS: a version-2 plugin that declares no capability at all: it
 * must be refused at load.
 *
 * reference_plugin.c is built beside it with its entry point renamed
 * (-Dringcheck_reader=reference_entry).
 */
#define RINGCHECK_READER_ABI 2
#include <stddef.h>
#include <ringcheck/reader.h>

const struct ringcheck_reader_ops *reference_entry(void);

static struct ringcheck_reader_ops ops;
static const struct ringcheck_reader_ops *ref;

static void *forward_open(const struct ringcheck_ring *ring)
{
	return ring->overwrite ? NULL : ref->open(ring);
}

static void *forward_open_fd(const struct ringcheck_fd_ring *ring)
{
	return ring->backward ? NULL : ref->open_fd(ring);
}

const struct ringcheck_reader_ops *ringcheck_reader(void)
{
	ref = reference_entry();
	ops = *ref;
	ops.push = NULL;
#if defined(FORWARD_CYCLE)
	ops.name = "forward-cycle";
	ops.open = forward_open;
	ops.open_fd = forward_open_fd;
	ops.caps = RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_RELEASE_CYCLE |
		   RINGCHECK_CAP_PART_PAGE | RINGCHECK_CAP_RING_IN_USE;
#elif defined(NO_CAPS)
	ops.name = "no-caps";
	ops.caps = 0;
#else
#error "build with -DFORWARD_CYCLE or -DNO_CAPS"
#endif
	return &ops;
}
