// SPDX-License-Identifier: GPL-2.0-only
/*
 * A minimal ringcheck reader plugin: what to write to have your own reader
 * checked. Build it with `make plugin-example`, or outside this tree with
 *
 *	cc -shared -fPIC $(pkg-config --cflags ringcheck-reader) \
 *		-o example.so example_plugin.c
 *
 * and run `ringcheck run --reader example.so`. It reads forward rings and
 * backward overwrite rings correctly, in the fewest lines; unlike the
 * reference reader it does not defend against hostile ring contents beyond
 * stopping on sizes it cannot use, so expect findings in the hostile family.
 *
 * One reader, each entry of ABI version 2 (reader/include/ringcheck/reader.h)
 * in its own build:
 *   example.so            the pull entry: the suite maps the ring and calls
 *                         read_init, read_event, consume, read_done;
 *   example-fd.so         -DEXAMPLE_FD: open_fd, the reader maps the ring
 *                         from a file descriptor, as it would map a perf fd;
 *   example-callback.so   -DEXAMPLE_CALLBACK: open_fd and drain, a callback
 *                         reader that hands each record to the suite.
 */
/* written against version 2 of the plugin ABI (reader.h) */
#define RINGCHECK_READER_ABI 2
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <linux/perf_event.h>
#include <ringcheck/reader.h>

struct example {
	struct perf_event_mmap_page	*pc;
	uint8_t				*data;
	uint64_t			mask;
	int				overwrite;
	uint64_t			prev;	/* where the next cycle starts
						 * (forward) or ends (overwrite) */
	uint64_t			head, pos, end;
	void				*map;	/* open_fd: our mapping */
	size_t				map_len;
	uint8_t				copy[65536];	/* wrapped records */
};

static void *example_new(void *base, unsigned long page_size,
			 unsigned long data_size, int overwrite)
{
	struct example *x = calloc(1, sizeof(*x));

	if (!x)
		return NULL;
	x->pc = base;
	x->data = (uint8_t *)base + page_size;
	x->mask = data_size - 1;
	x->overwrite = overwrite;
	x->prev = overwrite ? x->pc->data_head : x->pc->data_tail;
	x->pos = x->prev;	/* consume before any record releases nothing */
	return x;
}

#if !defined(EXAMPLE_FD) && !defined(EXAMPLE_CALLBACK)
static void *example_open(const struct ringcheck_ring *ring)
{
	return example_new(ring->base, ring->page_size, ring->data_size,
			   ring->overwrite);
}
#else
/* Map it as perf does: read-only for a backward ring (the kernel then
 * overwrites the oldest data), read-write for a forward one (we store
 * data_tail, and the kernel keeps what we have not released). */
static void *example_open_fd(const struct ringcheck_fd_ring *ring)
{
	size_t len = ring->page_size + ring->data_size;
	int prot = ring->backward ? PROT_READ : PROT_READ | PROT_WRITE;
	void *base = mmap(NULL, len, prot, MAP_SHARED, ring->fd, 0);
	struct example *x;

	if (base == MAP_FAILED)
		return NULL;
	x = example_new(base, ring->page_size, ring->data_size,
			ring->backward);
	if (!x) {
		munmap(base, len);
		return NULL;
	}
	x->map = base;
	x->map_len = len;
	return x;
}
#endif

static void example_close(void *r)
{
	struct example *x = r;

	if (x->map)
		munmap(x->map, x->map_len);
	free(x);
}

static int example_read_init(void *r)
{
	struct example *x = r;

	/* acquire: the data is read only after the head that covers it */
	x->head = __atomic_load_n(&x->pc->data_head, __ATOMIC_ACQUIRE);
	if (x->head == x->prev)
		return -EAGAIN;
	if (x->overwrite) {
		/* newest first, from head up to where the last cycle began,
		 * at most one data area */
		x->pos = x->head;
		x->end = x->prev - x->head > x->mask + 1 ? x->head + x->mask + 1
							 : x->prev;
	} else {
		x->pos = x->prev;
		x->end = x->head;
	}
	return 0;
}

static const struct perf_event_header *example_read_event(void *r)
{
	struct example *x = r;
	struct perf_event_header *h;
	uint64_t off = x->pos & x->mask;

	if (x->end - x->pos < sizeof(*h))
		return NULL;
	h = (struct perf_event_header *)(x->data + off);
	if (h->size < sizeof(*h) || h->size > x->end - x->pos)
		return NULL;	/* the end, or the record the window cuts */
	if (off + h->size > x->mask + 1) {
		uint64_t first = x->mask + 1 - off;

		memcpy(x->copy, h, first);
		memcpy(x->copy + first, x->data, h->size - first);
		h = (struct perf_event_header *)x->copy;
	}
	x->pos += h->size;
	return h;
}

static void example_consume(void *r)
{
	struct example *x = r;

	/* release: our reads of the data happen before the kernel reuses it */
	if (!x->overwrite)
		__atomic_store_n(&x->pc->data_tail, x->pos, __ATOMIC_RELEASE);
}

static void example_read_done(void *r)
{
	struct example *x = r;

	x->prev = x->overwrite ? x->head : x->pos;
}

#ifdef EXAMPLE_CALLBACK
/*
 * A callback reader: one cycle, each record to fn (with the count of a
 * LOST record, which this reader decodes), then the whole batch released
 * at once. The suite runs its writer between two callbacks.
 */
static int example_drain(void *r, void *ctx, ringcheck_record_fn fn)
{
	const struct perf_event_header *h;
	long long lost;

	if (example_read_init(r))
		return 0;	/* nothing new */
	while ((h = example_read_event(r))) {
		lost = -1;
		if (h->type == PERF_RECORD_LOST && h->size >= 24)
			/* struct { header; u64 id; u64 lost; sample_id } */
			memcpy(&lost, (const uint8_t *)h + 16, sizeof(lost));
		if (fn(ctx, h, lost))
			break;
	}
	example_consume(r);
	example_read_done(r);
	return 0;
}
#endif

static const struct ringcheck_reader_ops example_ops = {
	.abi_version	= RINGCHECK_READER_ABI_VERSION,
	.close		= example_close,
#if !defined(EXAMPLE_FD) && !defined(EXAMPLE_CALLBACK)
	.name		= "example",
	.open		= example_open,
#elif defined(EXAMPLE_FD)
	.name		= "example-fd",
	.open_fd	= example_open_fd,
#else
	.name		= "example-callback",
	.open_fd	= example_open_fd,
	.drain		= example_drain,
#endif
#ifndef EXAMPLE_CALLBACK
	.read_init	= example_read_init,
	.read_event	= example_read_event,
	.consume	= example_consume,
	.read_done	= example_read_done,
	.push		= NULL,		/* optional: its cases are skipped */
	.caps		= RINGCHECK_CAP_RELEASE_RECORD |
#else
	.caps		=
#endif
	/* what it supports; other cases are skipped as "unsupported:
	 * <capability>" */
			  RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_OVERWRITE |
			  RINGCHECK_CAP_RELEASE_CYCLE | RINGCHECK_CAP_PART_PAGE |
			  RINGCHECK_CAP_RING_IN_USE,
};

const struct ringcheck_reader_ops *ringcheck_reader(void)
{
	return &example_ops;
}
