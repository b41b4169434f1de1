// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reference reader. Where it departs from libperf (tools/lib/perf/mmap.c)
 * the comment says why; the bug numbers are those of ringcheck's bug zoo.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <linux/perf_event.h>

#include "ring_reader.h"

#define HEADER_SIZE	sizeof(struct perf_event_header)
#define BOUNCE_SIZE	65536	/* any u16 size: no cap on wrapped copies (3) */
/*
 * Each header's address depends on the size before it: a chain of
 * dependent loads, as slow as the cache level they hit. Asking for the
 * bytes this far ahead of the next record gets the following headers on
 * their way (make bench: 24..256-byte records 0.98x to 1.44x libperf).
 */
#define PREFETCH_AHEAD	256

/*
 * The fields read_event uses come first, together. A cycle's
 * range is [pos, end): read_init opens it, a fault, the window's cut
 * record and read_done close it (end = pos), so the one test left < 8
 * covers them all on the fast path.
 */
struct ring_reader {
	const uint8_t			*data;
	uint64_t			mask;		/* data_size - 1 */
	uint64_t			pos;		/* next record */
	uint64_t			end;		/* end of the range */
	uint64_t			size;		/* data_size */
	uint8_t				*bounce;
	bool				overwrite;
	bool				windowed;	/* overwrite: lapped */
	bool				in_cycle;
	bool				stopped;	/* fault in this cycle */

	struct perf_event_mmap_page	*pc;
	/* Forward: first byte the next cycle reads. Overwrite: the head of
	 * the last cycle, where the next one must stop (1). */
	uint64_t			prev;
	uint64_t			head;		/* snapshot of this cycle */
	uint64_t			released;	/* data_tail we stored */

	struct ring_reader_fault	fault;
	void				*map;		/* ring_reader_map() */
	size_t				map_len;
};

static bool is_pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

static int set_fault(struct ring_reader *r, int code, uint64_t pos,
		     uint32_t size, const char *fmt, ...)
{
	va_list ap;

	r->fault.code = code;
	r->fault.head = r->head;
	r->fault.prev = r->prev;
	r->fault.pos = pos;
	r->fault.size = size;
	va_start(ap, fmt);
	vsnprintf(r->fault.what, sizeof(r->fault.what), fmt, ap);
	va_end(ap);
	r->stopped = true;
	r->end = r->pos;	/* nothing more this cycle */
	return code;
}

/*
 * Whether [addr, addr + 8) is mapped writable, from /proc/self/maps.
 * Returns -1 when the mapping is not found.
 */
static int mapped_writable(const void *addr)
{
	uintptr_t a = (uintptr_t)addr;
	char line[512];
	int ret = -1;
	FILE *f = fopen("/proc/self/maps", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		uintptr_t lo, hi;
		char perms[5];

		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %4s", &lo, &hi,
			   perms) != 3)
			continue;
		if (a >= lo && a + 8 <= hi) {
			ret = perms[1] == 'w';
			break;
		}
	}
	fclose(f);
	return ret;
}

/* mapped_prot: 1 or 0 when the caller made the mapping itself, writable
 * or not; -1 when only /proc/self/maps can tell. */
static int check_layout(const struct ringcheck_ring *ring, int mapped_prot,
			char *msg, unsigned long msglen)
{
	const struct perf_event_mmap_page *pc = ring->base;
	int writable;

	if (!ring->base) {
		snprintf(msg, msglen, "no mapping");
		return -EINVAL;
	}
	if (!is_pow2(ring->page_size) || ring->page_size < 4096) {
		snprintf(msg, msglen, "page size %lu is not a power of two "
			 ">= 4096", ring->page_size);
		return -EINVAL;
	}
	if (ring->data_size && !is_pow2(ring->data_size)) {
		snprintf(msg, msglen, "data size %lu is not a power of two",
			 ring->data_size);
		return -EINVAL;
	}
	/* Kernels before 4.1 leave these 0: then the description decides. */
	if (pc->data_offset && pc->data_offset != ring->page_size) {
		snprintf(msg, msglen, "control page data_offset %llu "
			 "contradicts page size %lu (20)",
			 (unsigned long long)pc->data_offset, ring->page_size);
		return -EINVAL;
	}
	if (pc->data_size && pc->data_size != ring->data_size) {
		snprintf(msg, msglen, "control page data_size %llu "
			 "contradicts data size %lu",
			 (unsigned long long)pc->data_size, ring->data_size);
		return -EINVAL;
	}
	/*
	 * The mapping decides the kernel's mode, not the description: a
	 * writable overwrite ring would have its data_tail honoured and keep
	 * the oldest data (2); a read-only forward ring cannot be consumed.
	 */
	writable = mapped_prot >= 0 ? mapped_prot :
		   mapped_writable(&pc->data_tail);
	if (writable == 1 && ring->overwrite) {
		snprintf(msg, msglen, "overwrite ring mapped writable: the "
			 "kernel would honour data_tail and keep the oldest "
			 "data (2)");
		return -EINVAL;
	}
	if (writable == 0 && !ring->overwrite) {
		snprintf(msg, msglen, "forward ring mapped read-only: "
			 "data_tail cannot be stored");
		return -EINVAL;
	}
	return 0;
}

static struct ring_reader *open_mapped(const struct ringcheck_ring *ring,
				      int mapped_prot, int *err, char *msg,
				      unsigned long msglen)
{
	struct ring_reader *r;
	char scratch[160];

	if (!msg) {
		msg = scratch;
		msglen = sizeof(scratch);
	}
	*err = check_layout(ring, mapped_prot, msg, msglen);
	if (*err)
		return NULL;
	r = calloc(1, sizeof(*r));
	if (r)
		r->bounce = malloc(BOUNCE_SIZE);
	if (!r || !r->bounce) {
		free(r);
		*err = -ENOMEM;
		snprintf(msg, msglen, "out of memory");
		return NULL;
	}
	r->pc = ring->base;
	r->data = (const uint8_t *)ring->base + ring->page_size;
	r->size = ring->data_size;
	r->mask = ring->data_size - 1;
	r->overwrite = ring->overwrite;
	/* Forward: resume where the last reader released. Overwrite: the
	 * ring's history before this reader is not ours to deliver. */
	r->prev = r->overwrite ? __atomic_load_n(&r->pc->data_head,
						 __ATOMIC_ACQUIRE)
			       : __atomic_load_n(&r->pc->data_tail,
						 __ATOMIC_ACQUIRE);
	r->released = r->prev;
	return r;
}

struct ring_reader *ring_reader_open(const struct ringcheck_ring *ring,
				     int *err, char *msg, unsigned long msglen)
{
	return open_mapped(ring, -1, err, msg, msglen);
}

struct ring_reader *ring_reader_map(int fd, unsigned long page_size,
				    unsigned long data_size, bool backward,
				    int *err, char *msg, unsigned long msglen)
{
	/* the kernel overwrites a backward ring only while no one can
	 * store data_tail: a read-only mapping (2) */
	int prot = backward ? PROT_READ : PROT_READ | PROT_WRITE;
	size_t len = page_size + data_size;
	struct ringcheck_ring ring = { NULL, page_size, data_size, backward };
	struct ring_reader *r;

	ring.base = mmap(NULL, len, prot, MAP_SHARED, fd, 0);
	if (ring.base == MAP_FAILED) {
		*err = -errno;
		if (msg)
			snprintf(msg, msglen, "mmap: %s", strerror(errno));
		return NULL;
	}
	/* its own mapping: the protection is the one asked for, not a
	 * question for /proc/self/maps */
	r = open_mapped(&ring, !!(prot & PROT_WRITE), err, msg, msglen);
	if (!r) {
		munmap(ring.base, len);
		return NULL;
	}
	r->map = ring.base;
	r->map_len = len;
	return r;
}

/* ring_reader_lost(), inlined in drain's loop */
static inline long long lost_count(const struct perf_event_header *ev)
{
	uint64_t lost;

	/* struct { header; u64 id; u64 lost; sample_id } */
	if (ev->type != PERF_RECORD_LOST || ev->size < 24)
		return -1;
	memcpy(&lost, (const uint8_t *)ev + 16, sizeof(lost));
	return (long long)lost;
}

long long ring_reader_lost(const struct perf_event_header *ev)
{
	return lost_count(ev);
}

void ring_reader_close(struct ring_reader *r)
{
	if (!r)
		return;
	if (r->map)
		munmap(r->map, r->map_len);
	free(r->bounce);
	free(r);
}

const struct ring_reader_fault *ring_reader_fault(const struct ring_reader *r)
{
	return &r->fault;
}

int ring_reader_read_init(struct ring_reader *r)
{
	uint64_t dist;

	memset(&r->fault, 0, sizeof(r->fault));
	r->in_cycle = false;
	r->stopped = false;
	r->windowed = false;
	r->end = r->pos;	/* an empty range until one is opened */
	/* Barrier C: no data load may pass this one. 64-bit atomic load,
	 * so a 32-bit build never sees a torn head (18). */
	r->head = __atomic_load_n(&r->pc->data_head, __ATOMIC_ACQUIRE);

	/* Signed 64-bit distances throughout: no truncation at 2 GiB (9). */
	dist = r->overwrite ? r->prev - r->head : r->head - r->prev;
	if (!dist)
		return -EAGAIN;
	if ((int64_t)dist < 0)
		/* Pre-2019 kernels could briefly publish a lower head (10):
		 * report it, keep prev, never move data_tail back. */
		return set_fault(r, -ERANGE, r->head, 0,
				 "data_head %" PRIu64 " is %s prev %" PRIu64,
				 r->head, r->overwrite ? "above" : "behind",
				 r->prev);
	if (dist % 8)
		return set_fault(r, -EBADMSG, r->head, 0,
				 "data_head %" PRIu64 " is %" PRIu64
				 " bytes from prev, not a multiple of 8",
				 r->head, dist);
	if (r->overwrite) {
		r->pos = r->head;
		if (dist > r->size) {
			/* Lapped: only [head, head + size) is this lap's. */
			r->windowed = true;
			dist = r->size;
		}
		r->end = r->head + dist;
	} else {
		/* The kernel keeps a byte free: head - tail < size. */
		if (dist >= r->size)
			return set_fault(r, -ERANGE, r->head, 0,
					 "data_head %" PRIu64 " is %" PRIu64
					 " bytes past prev %" PRIu64
					 ", not below data_size %" PRIu64,
					 r->head, dist, r->prev, r->size);
		r->pos = r->prev;
		r->end = r->head;
	}
	r->in_cycle = true;
	return 0;
}

/*
 * A record that crosses the end of the data area: whole, into the bounce
 * buffer (13, 14); the header keeps the size we checked.
 */
static __attribute__((noinline))
const struct perf_event_header *bounce_record(struct ring_reader *r,
					      const uint8_t *rec, uint64_t off,
					      uint32_t size)
{
	uint64_t first = r->size - off;

	memcpy(r->bounce, rec, first);
	memcpy(r->bounce + first, r->data, size - first);
	((struct perf_event_header *)r->bounce)->size = (uint16_t)size;
	r->pos += size;
	return (const struct perf_event_header *)r->bounce;
}

/*
 * A size the fast path refused: below the header, off 8, or past the end
 * of the range (left bytes). In a lapped overwrite window a record larger
 * than the data area may have written over its own header: no whole
 * record is left, the cycle ends as at the record the window cuts (4).
 * Anywhere else it is a fault. Closes the range: NULL.
 */
static __attribute__((noinline, cold))
const struct perf_event_header *refuse_record(struct ring_reader *r,
					      uint32_t size, uint64_t left)
{
	if (r->windowed) {
		r->end = r->pos;
		return NULL;
	}
	if (size < HEADER_SIZE || size % 8)
		set_fault(r, -EBADMSG, r->pos, size,
			  "record at %" PRIu64 " has size %u: %s", r->pos,
			  size, size < HEADER_SIZE ?
			  "below the 8-byte header (8)" :
			  "not a multiple of 8 (15)");
	else
		set_fault(r, -EBADMSG, r->pos, size,
			  "record at %" PRIu64 " of %u bytes crosses the end "
			  "of the range at %" PRIu64, r->pos, size, r->end);
	return NULL;
}

/* Whether a record's size is refused: < 8, off 8, or over left (>= 8). */
static inline bool bad_size(uint64_t size, uint64_t left)
{
	/* size < 8 wraps above left - 8: one compare for both bounds */
	return (size - HEADER_SIZE > left - HEADER_SIZE) | (size % 8);
}

/* The size field of the header at offset off of the data area: 8-aligned
 * positions never split a header at its end (15). */
static inline uint32_t size_at(const uint8_t *data, uint64_t off)
{
	uint16_t size;

	memcpy(&size, data + off + offsetof(struct perf_event_header, size),
	       sizeof(size));
	return size;
}

/*
 * The fast path: loads of the struct and of the header, one store (pos);
 * every other case is a tail call out of line, so it needs no stack
 * frame. Inlined in read_event and in drain's loop.
 */
static inline __attribute__((always_inline))
const struct perf_event_header *next_event(struct ring_reader *r)
{
	uint64_t pos = r->pos, left = r->end - pos;
	uint64_t off = pos & r->mask;
	const uint8_t *rec = r->data + off;
	uint32_t size;

	/* the end of the range, a fault, the window's cut, no cycle */
	if (__builtin_expect(left < HEADER_SIZE, 0))
		return NULL;
	size = size_at(r->data, off);
	if (__builtin_expect(bad_size(size, left), 0))
		return refuse_record(r, size, left);
	if (__builtin_expect(off + size > r->size, 0))
		return bounce_record(r, rec, off, size);
	/* the next headers: the caller's next call waits on them */
	__builtin_prefetch(r->data + ((pos + size + PREFETCH_AHEAD) &
				      r->mask));
	r->pos += size;
	return (const struct perf_event_header *)rec;
}

const struct perf_event_header *ring_reader_read_event(struct ring_reader *r)
{
	return next_event(r);
}

void ring_reader_consume(struct ring_reader *r)
{
	if (r->overwrite || !r->in_cycle || r->pos == r->released)
		return;
	/* Barrier D: the data loads before the tail store (release). Only
	 * what was returned is released (5). */
	__atomic_store_n(&r->pc->data_tail, r->pos, __ATOMIC_RELEASE);
	r->released = r->pos;
}

void ring_reader_read_done(struct ring_reader *r)
{
	if (!r->in_cycle)
		return;
	/* Not libperf's prev = head: a record published after the last
	 * read_event would be skipped (7). Overwrite: the next cycle ends
	 * where this one began (1). */
	r->prev = r->overwrite ? r->head : r->pos;
	r->in_cycle = false;
	r->end = r->pos;
}

/*
 * push's walk over left bytes from offset off of a data area of size
 * bytes (left <= size, so size >= 8 when the loop runs): the headers
 * checked as read_event checks them, nothing copied and nothing stored.
 * The offset is not masked on each record (that would lengthen the chain
 * of dependent loads); it is brought back once a record crosses the end.
 * Returns the bytes of whole, valid records.
 */
static uint64_t walk_records(const uint8_t *data, uint64_t size,
			     uint64_t off, uint64_t left)
{
	uint64_t start = left;

	for (;;) {
		while (left >= HEADER_SIZE && off < size) {
			uint32_t n = size_at(data, off);

			if (__builtin_expect(bad_size(n, left), 0))
				return start - left;
			/* the lines ahead: the chain waits on them (a
			 * prefetch past the mapping does not fault) */
			__builtin_prefetch(data + off + PREFETCH_AHEAD);
			off += n;
			left -= n;
		}
		if (left < HEADER_SIZE)
			return start - left;
		off -= size;	/* past the end of the data area */
	}
}

int ring_reader_push(struct ring_reader *r, void *ctx, ringcheck_sink_fn sink)
{
	uint64_t start, len, off, first, left;
	int ret = ring_reader_read_init(r);

	if (ret == -EAGAIN)
		return 1;
	if (ret)
		return -1;
	start = r->pos;
	off = start & r->mask;
	len = walk_records(r->data, r->size, off, r->end - start);
	r->pos = start + len;
	left = r->end - r->pos;
	if (left >= HEADER_SIZE)	/* stopped on a bad size: which */
		refuse_record(r, size_at(r->data, r->pos & r->mask), left);
	first = off + len > r->size ? r->size - off : len;
	if (len && (sink(ctx, r->data + off, first) ||
		    (first < len && sink(ctx, r->data, len - first)))) {
		/* The sink failed: nothing consumed, the same data again. */
		r->pos = start;
		r->end = start;
		r->in_cycle = false;
		return -1;
	}
	ring_reader_consume(r);
	ring_reader_read_done(r);
	return r->stopped ? -1 : 0;
}

int ring_reader_drain(struct ring_reader *r, void *ctx,
		      ringcheck_record_fn fn)
{
	const struct perf_event_header *ev;
	int ret = ring_reader_read_init(r);

	if (ret == -EAGAIN)
		return 0;
	if (ret)
		return -1;
	while ((ev = next_event(r)))
		if (fn(ctx, ev, lost_count(ev)))
			break;
	ring_reader_consume(r);
	ring_reader_read_done(r);
	return 0;
}
