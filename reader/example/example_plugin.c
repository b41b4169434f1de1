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
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
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
	uint8_t				copy[65536];	/* wrapped records */
};

static void *example_open(const struct ringcheck_ring *ring)
{
	struct example *x = calloc(1, sizeof(*x));

	if (!x)
		return NULL;
	x->pc = ring->base;
	x->data = (uint8_t *)ring->base + ring->page_size;
	x->mask = ring->data_size - 1;
	x->overwrite = ring->overwrite;
	x->prev = ring->overwrite ? x->pc->data_head : x->pc->data_tail;
	x->pos = x->prev;	/* consume before any record releases nothing */
	return x;
}

static void example_close(void *r)
{
	free(r);
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

static const struct ringcheck_reader_ops example_ops = {
	.abi_version	= RINGCHECK_READER_ABI_VERSION,
	.name		= "example",
	.open		= example_open,
	.close		= example_close,
	.read_init	= example_read_init,
	.read_event	= example_read_event,
	.consume	= example_consume,
	.read_done	= example_read_done,
	.push		= NULL,		/* optional: its cases are skipped */
	/* version 2: what it supports; other cases are skipped as
	 * "unsupported: <capability>" */
	.caps		= RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_OVERWRITE |
			  RINGCHECK_CAP_RELEASE_RECORD |
			  RINGCHECK_CAP_RELEASE_CYCLE | RINGCHECK_CAP_PART_PAGE |
			  RINGCHECK_CAP_RING_IN_USE,
};

const struct ringcheck_reader_ops *ringcheck_reader(void)
{
	return &example_ops;
}
