// SPDX-License-Identifier: GPL-2.0-only
/*
 * An independent reader of the perf_event ring buffer, written from the
 * kernel's documentation (perf_event_open(2), the comments on struct
 * perf_event_mmap_page in include/uapi/linux/perf_event.h) with libperf's
 * conventions: a position "prev" per ring, a cycle [start, end) fixed at
 * read_init, records returned one by one, a backward ring that starts at
 * prev = 0 as perf_mmap__mmap() leaves it.
 *
 * It shares no code with reader/ring_reader.c on purpose: the suite's
 * verdicts on readers it did not write are what this plugin checks. A
 * correct reader must pass every family and every kernel test.
 *
 * Built twice: build/plugins/independent.so (ABI version 1, given the
 * mapping) and, with -DINDEPENDENT_ABI_V2, independent-v2.so (maps the
 * ring itself from a file descriptor).
 *
 * With -DINDEPENDENT_PAST_HEAD (past-head.so, past-head-v2.so) it has one
 * planted fault: it trusts a record's size up to the data area, not up to
 * the published head, so it returns a record that runs past data_head
 * (72 bytes where 64 are published). The suite must fail it (clause 6).
 * With -DINDEPENDENT_READ_PAST (read-past-v2.so) it reads the header of
 * one record past the end of its own mapping's data area on every
 * read_event: that must fault on the guard page the suite puts there.
 * With -DINDEPENDENT_PAST_WINDOW (past-window.so) a backward cycle walks
 * records up to two rings from the head, past the window's end: the
 * suite must fail it as a walk past the window (2), not as a forward
 * drain that never ends (12).
 * With -DINDEPENDENT_BEHIND_NOTHING (behind-nothing.so) it answers a
 * head behind it with nothing new instead of an error, in read_init and
 * so in push (1): correct too, it must pass every case.
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

struct indep {
	struct perf_event_mmap_page	*pc;
	const uint8_t			*data;
	uint64_t			 size, mask;
	int				 backward;
	uint64_t			 prev;	/* where the next cycle begins */
	uint64_t			 start, end, pos;	/* this cycle */
	uint64_t			 head;	/* the head at read_init */
	int				 cycle;
	void				*map;	/* mapped by us (fd entry) */
	size_t				 map_len;
	uint8_t				 copy[65536];	/* a wrapped record */
};

static uint64_t load_head(struct indep *r)
{
	/* pairs with the kernel's smp_wmb() before it stores data_head */
	return __atomic_load_n(&r->pc->data_head, __ATOMIC_ACQUIRE);
}

static void store_tail(struct indep *r, uint64_t tail)
{
	/* all our reads of the data happen before the kernel may reuse it */
	__atomic_store_n(&r->pc->data_tail, tail, __ATOMIC_RELEASE);
}

static void copy_out(struct indep *r, void *dst, uint64_t at, uint64_t len)
{
	uint64_t off = at & r->mask, first = r->size - off;

	if (len <= first) {
		memcpy(dst, r->data + off, len);
		return;
	}
	memcpy(dst, r->data + off, first);
	memcpy((uint8_t *)dst + first, r->data, len - first);
}

/* The size of the record at at, or 0 if it cannot be one below limit. */
static uint64_t record_size(struct indep *r, uint64_t at, uint64_t limit)
{
	struct perf_event_header hdr;

	if (limit - at < sizeof(hdr))
		return 0;
	copy_out(r, &hdr, at, sizeof(hdr));
#ifndef INDEPENDENT_PAST_HEAD
	if (hdr.size < sizeof(hdr) || hdr.size % 8 || hdr.size > limit - at)
		return 0;
#else
	if (hdr.size < sizeof(hdr) || hdr.size % 8 || hdr.size > r->size)
		return 0;
#endif
	return hdr.size;
}

static struct indep *indep_new(void *base, unsigned long page_size,
			       unsigned long data_size, int backward)
{
	struct indep *r;

	if (!base || !data_size || (data_size & (data_size - 1)) ||
	    data_size > (1ul << 30))
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->pc = base;
	r->data = (const uint8_t *)base + page_size;
	r->size = data_size;
	r->mask = data_size - 1;
	r->backward = backward;
	/* forward: the kernel keeps what lies past data_tail, so that is
	 * where reading begins; backward: libperf's prev = 0, the head of
	 * a new ring */
	r->prev = backward ? 0 : __atomic_load_n(&r->pc->data_tail,
						  __ATOMIC_ACQUIRE);
	return r;
}

static void indep_close(void *p)
{
	struct indep *r = p;

	if (r->map)
		munmap(r->map, r->map_len);
	free(r);
}

/* Backward: the records whole in [head, head + size), walked from head. */
static uint64_t backward_end(struct indep *r, uint64_t head)
{
	uint64_t at = head, n;

#ifndef INDEPENDENT_PAST_WINDOW
	while ((n = record_size(r, at, head + r->size)))
		at += n;
#else
	while ((n = record_size(r, at, head + 2 * r->size)))
		at += n;
#endif
	return at;
}

static int indep_read_init(void *p)
{
	struct indep *r = p;
	uint64_t head = load_head(r);

	r->cycle = 0;
	r->head = head;
	if (head == r->prev)
		return -EAGAIN;
#ifdef INDEPENDENT_BEHIND_NOTHING
	/* a head behind us (forward: below prev; backward: above it) is
	 * nothing new, the other answer clause 1.4 allows */
	if ((int64_t)(r->backward ? r->prev - head : head - r->prev) < 0)
		return -EAGAIN;
#endif
	if (r->backward) {
		/* a backward head goes down: the new bytes are [head, prev) */
		r->start = head;
		r->end = r->prev - head <= r->size ? r->prev
						   : backward_end(r, head);
	} else {
		r->start = r->prev;
		r->end = head;
		/* a forward head is never behind us nor more than a ring
		 * ahead: the kernel does not overwrite unread data */
		if (head - r->prev > r->size)
			return -EIO;
	}
	r->pos = r->start;
	r->cycle = 1;
	return 0;
}

static const struct perf_event_header *indep_read_event(void *p)
{
	struct indep *r = p;
	uint64_t n, off;
	const void *rec;

	if (!r->cycle)
		return NULL;
#ifdef INDEPENDENT_READ_PAST
	{
		volatile const uint8_t *past = r->data + r->size;

		(void)*past;
	}
#endif
	n = record_size(r, r->pos, r->end);
	if (!n) {
		r->end = r->pos;	/* nothing sane beyond: stop here */
		return NULL;
	}
	off = r->pos & r->mask;
	if (off + n <= r->size) {
		rec = r->data + off;
	} else {
		copy_out(r, r->copy, r->pos, n);
		rec = r->copy;
	}
	r->pos += n;
	return rec;
}

static void indep_consume(void *p)
{
	struct indep *r = p;

	if (!r->backward && r->cycle)
		store_tail(r, r->pos);
}

static void indep_read_done(void *p)
{
	struct indep *r = p;

	if (!r->cycle)
		return;
	/* backward: everything from the snapshot's head up is seen */
	r->prev = r->backward ? r->head : r->pos;
	r->cycle = 0;
}

static int indep_push(void *p, void *ctx, ringcheck_sink_fn sink)
{
	struct indep *r = p;
	uint64_t off, first, len, end;
	int ret = indep_read_init(r);

	if (ret == -EAGAIN)
		return 1;
	if (ret)
		return -1;
	/* a backward head above prev or off 8 bytes from it: no kernel
	 * publishes one, nothing from it can be trusted */
	if (r->backward && ((int64_t)(r->prev - r->head) < 0 ||
			    (r->prev - r->head) % 8)) {
		r->cycle = 0;
		return -1;
	}
	/* whole records only, each one checked: the cycle ends at the last
	 * one, and one short of the end is a fault to report */
	end = r->end;
	while (indep_read_event(r))
		;
	len = r->pos - r->start;
	off = r->start & r->mask;
	first = r->size - off < len ? r->size - off : len;
	if ((len && sink(ctx, r->data + off, first)) ||
	    (len > first && sink(ctx, r->data, len - first))) {
		r->cycle = 0;	/* prev unchanged: the cycle repeats */
		return -1;
	}
	indep_consume(r);
	indep_read_done(r);
	return r->pos == end ? 0 : -1;
}

#ifndef INDEPENDENT_ABI_V2
static void *indep_open(const struct ringcheck_ring *ring)
{
	return indep_new(ring->base, ring->page_size, ring->data_size,
			 ring->overwrite);
}
#else
/* As perf_mmap__mmap(): read-only for an overwrite ring, else read-write. */
static void *indep_open_fd(const struct ringcheck_fd_ring *ring)
{
	size_t len = ring->page_size + ring->data_size;
	int prot = PROT_READ | (ring->backward ? 0 : PROT_WRITE);
	void *base = mmap(NULL, len, prot, MAP_SHARED, ring->fd, 0);
	struct indep *r;

	if (base == MAP_FAILED)
		return NULL;
	r = indep_new(base, ring->page_size, ring->data_size,
		      ring->backward);
	if (!r) {
		munmap(base, len);
		return NULL;
	}
	r->map = base;
	r->map_len = len;
	return r;
}
#endif

static const struct ringcheck_reader_ops indep_ops = {
#ifndef INDEPENDENT_ABI_V2
	.abi_version	= 1,
#if defined(INDEPENDENT_BEHIND_NOTHING)
	.name		= "behind-nothing",
#elif !defined(INDEPENDENT_PAST_HEAD)
	.name		= "independent",
#else
	.name		= "past-head",
#endif
	.open		= indep_open,
#else
	.abi_version	= 2,
#if defined(INDEPENDENT_READ_PAST)
	.name		= "read-past-v2",
#elif !defined(INDEPENDENT_PAST_HEAD)
	.name		= "independent-v2",
#else
	.name		= "past-head-v2",
#endif
	.open_fd	= indep_open_fd,
	.caps		= RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_OVERWRITE |
			  RINGCHECK_CAP_PUSH | RINGCHECK_CAP_RELEASE_RECORD |
			  RINGCHECK_CAP_RELEASE_CYCLE | RINGCHECK_CAP_PART_PAGE |
			  RINGCHECK_CAP_RING_IN_USE,
#endif
	.close		= indep_close,
	.read_init	= indep_read_init,
	.read_event	= indep_read_event,
	.consume	= indep_consume,
	.read_done	= indep_read_done,
	.push		= indep_push,
};

const struct ringcheck_reader_ops *ringcheck_reader(void)
{
	return &indep_ops;
}
