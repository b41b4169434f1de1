// SPDX-License-Identifier: GPL-2.0-only
/*
 * A small correct reader written from the plugin ABI and the kernel's
 * ring rules alone, sharing no code with reader/: the second correct
 * reader the stress test must pass (make stress READER=this file).
 *
 * Forward rings: data_head loaded with acquire (barrier C of
 * kernel/events/ring_buffer.c), records read from the tail up to that
 * snapshot, data_tail stored with release after they were read (D).
 * Backward overwrite rings: from data_head up to the last cycle's head,
 * or one ring's worth, stopping at the first record that does not fit.
 */
/* written against version 2 of the plugin ABI (reader.h) */
#define RINGCHECK_READER_ABI 2
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/perf_event.h>
#include <ringcheck/reader.h>

#define MAX_RECORD	65536

struct small_reader {
	struct perf_event_mmap_page	*pc;
	const uint8_t			*data;
	uint64_t			 size;
	int				 overwrite;
	uint64_t			 prev, head, pos, end;
	uint8_t				 copy[MAX_RECORD];
};

static void *small_open(const struct ringcheck_ring *ring)
{
	struct small_reader *r;

	if (!ring->base || !ring->data_size ||
	    ring->data_size & (ring->data_size - 1))
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->pc = ring->base;
	r->data = (const uint8_t *)ring->base + ring->page_size;
	r->size = ring->data_size;
	r->overwrite = ring->overwrite;
	r->prev = __atomic_load_n(r->overwrite ? &r->pc->data_head :
				  &r->pc->data_tail, __ATOMIC_ACQUIRE);
	return r;
}

static void small_close(void *reader)
{
	free(reader);
}

static int small_read_init(void *reader)
{
	struct small_reader *r = reader;

	r->head = __atomic_load_n(&r->pc->data_head, __ATOMIC_ACQUIRE);
	if (r->head == r->prev)
		return -EAGAIN;
	if (!r->overwrite) {
		if (r->head - r->prev >= r->size || (r->head - r->prev) % 8)
			return -EIO;
		r->pos = r->prev;
		r->end = r->head;
		return 0;
	}
	r->pos = r->head;
	r->end = r->prev - r->head > r->size ? r->head + r->size : r->prev;
	return 0;
}

static const struct perf_event_header *small_read_event(void *reader)
{
	struct small_reader *r = reader;
	uint64_t mask = r->size - 1, off = r->pos & mask;
	struct perf_event_header h;

	if (r->end - r->pos < sizeof(h))
		return NULL;
	memcpy(&h, r->data + off, sizeof(h));
	if (h.size < sizeof(h) || h.size % 8 || h.size > r->end - r->pos)
		return NULL;
	r->pos += h.size;
	if (off + h.size <= r->size)
		return (const void *)(r->data + off);
	memcpy(r->copy, r->data + off, r->size - off);
	memcpy(r->copy + (r->size - off), r->data, h.size - (r->size - off));
	return (const void *)r->copy;
}

static void small_consume(void *reader)
{
	struct small_reader *r = reader;

	if (!r->overwrite)
		__atomic_store_n(&r->pc->data_tail, r->pos, __ATOMIC_RELEASE);
}

static void small_read_done(void *reader)
{
	struct small_reader *r = reader;

	r->prev = r->overwrite ? r->head : r->pos;
}

static const struct ringcheck_reader_ops small_ops = {
	.abi_version	= RINGCHECK_READER_ABI_VERSION,
	.name		= "small",
	.open		= small_open,
	.close		= small_close,
	.read_init	= small_read_init,
	.read_event	= small_read_event,
	.consume	= small_consume,
	.read_done	= small_read_done,
	/* what the stress test runs: both forward release patterns and
	 * backward overwrite rounds (no push) */
	.caps		= RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_OVERWRITE |
			  RINGCHECK_CAP_RELEASE_RECORD |
			  RINGCHECK_CAP_RELEASE_CYCLE,
};

const struct ringcheck_reader_ops *ringcheck_reader(void)
{
	return &small_ops;
}
