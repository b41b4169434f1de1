// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reference reader behind the plugin ABI: build/plugins/reference.so
 * (version 2: it maps its rings itself from the fd) and, built with
 * -DREFERENCE_ABI_V1, reference-v1.so (version 1: given the mapping), and
 * with -DREFERENCE_CALLBACK, reference-callback.so (version 2, the callback
 * entry only: each cycle through drain, LOST counts decoded).
 * The suite loads it through the same path as any other reader.
 */
/* written against version 2 of the plugin ABI (reader.h) */
#define RINGCHECK_READER_ABI 2
#include <stddef.h>
#include <ringcheck/reader.h>

#include "ring_reader.h"

static void *reference_open(const struct ringcheck_ring *ring)
{
	int err;

	return ring_reader_open(ring, &err, NULL, 0);
}

#ifndef REFERENCE_ABI_V1
static void *reference_open_fd(const struct ringcheck_fd_ring *ring)
{
	int err;

	return ring_reader_map(ring->fd, ring->page_size, ring->data_size,
			       ring->backward, &err, NULL, 0);
}
#endif


static void reference_close(void *r)
{
	ring_reader_close(r);
}

#ifndef REFERENCE_CALLBACK
static int reference_read_init(void *r)
{
	return ring_reader_read_init(r);
}

static const struct perf_event_header *reference_read_event(void *r)
{
	return ring_reader_read_event(r);
}

static void reference_consume(void *r)
{
	ring_reader_consume(r);
}

static void reference_read_done(void *r)
{
	ring_reader_read_done(r);
}

static int reference_push(void *r, void *ctx, ringcheck_sink_fn sink)
{
	return ring_reader_push(r, ctx, sink);
}
#else
static int reference_drain(void *r, void *ctx, ringcheck_record_fn fn)
{
	return ring_reader_drain(r, ctx, fn);
}
#endif

static const struct ringcheck_reader_ops reference_ops = {
#ifdef REFERENCE_ABI_V1
	.abi_version	= 1,
#else
	.abi_version	= RINGCHECK_READER_ABI_VERSION,
#endif
#if defined(REFERENCE_ABI_V1)
	.name		= "reference-v1",
#elif defined(REFERENCE_CALLBACK)
	.name		= "reference-callback",
#else
	.name		= "reference",
#endif
	.open		= reference_open,
	.close		= reference_close,
#ifndef REFERENCE_CALLBACK
	.read_init	= reference_read_init,
	.read_event	= reference_read_event,
	.consume	= reference_consume,
	.read_done	= reference_read_done,
	.push		= reference_push,
#else
	.drain		= reference_drain,
#endif
#if !defined(REFERENCE_ABI_V1) && !defined(REFERENCE_CALLBACK)
	/* every case: the reference reader is what the others are held to */
	.caps		= RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_OVERWRITE |
			  RINGCHECK_CAP_PUSH | RINGCHECK_CAP_RELEASE_RECORD |
			  RINGCHECK_CAP_RELEASE_CYCLE | RINGCHECK_CAP_PART_PAGE |
			  RINGCHECK_CAP_RING_IN_USE,
	.open_fd	= reference_open_fd,
#elif defined(REFERENCE_CALLBACK)
	/* a callback reader releases the whole batch when drain returns */
	.caps		= RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_OVERWRITE |
			  RINGCHECK_CAP_RELEASE_CYCLE | RINGCHECK_CAP_PART_PAGE |
			  RINGCHECK_CAP_RING_IN_USE,
	.open_fd	= reference_open_fd,
#endif
};

const struct ringcheck_reader_ops *ringcheck_reader(void)
{
	return &reference_ops;
}
