// SPDX-License-Identifier: GPL-2.0-only
/*
 * The writer. Each step mirrors kernel/events/ring_buffer.c:
 * __perf_output_begin() is fake_ring_reserve(), perf_output_put_handle()
 * is the publication in fake_ring_commit(). Where this file and the kernel
 * disagree, the kernel is right and this file has a bug.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/perf_event.h>

#include "fake_ring.h"
#include "ledger.h"

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE	0x0010
#endif

#define REDZONE_BYTE	0xa5

struct fake_ring {
	struct fake_ring_config	cfg;
	unsigned long		sys_page;
	int			memfd;
	size_t			file_len;	/* control page + data span */
	size_t			data_span;	/* data area rounded to pages */
	uint8_t			*region;	/* reader view, guards included */
	size_t			region_len;
	uint8_t			*base;		/* reader view control page */
	uint8_t			*wview;		/* writer view of the file */
	uint64_t		ctrl_gen;	/* fake_ring_control_gen() */
	struct perf_event_mmap_page *pc;	/* writer view control page */
	uint8_t			*data;		/* writer view data area */

	/* struct perf_buffer, as far as the writer needs it */
	uint64_t		head;		/* rb->head */
	uint64_t		lost;		/* rb->lost */
	uint64_t		published;	/* last data_head published */
	uint64_t		prev_published;	/* the one before it */
	unsigned int		nest;		/* rb->nest */
	bool			paused;		/* rb->paused */

	/* the wakeup state of struct perf_buffer (fake_ring_wakeups) */
	uint64_t		watermark;	/* rb->watermark */
	uint64_t		wakeup;		/* rb->wakeup */
	uint32_t		wakeup_events;	/* attr.wakeup_events in use */
	uint32_t		events;		/* rb->events */
	uint64_t		fired;		/* perf_output_wakeup() calls */
	bool			poll;		/* rb->poll is POLLIN */
	uint64_t		handle_wakeup;	/* the outermost handle->wakeup */

	size_t			pending_from;	/* first unreported drop */
	uint64_t		fills;		/* records filled so far */
	bool			out_of_order;	/* an inner commit came first */
	uint64_t		seen_tail;	/* poisoning: tail last seen */
	uint64_t		poisoned_to;	/* bytes below were poisoned */
	bool			poisoned_any;

	struct ledger		ledger;
	char			err[256];
};

static int ring_fail(struct fake_ring *ring, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ring->err, sizeof(ring->err), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool is_pow2(unsigned long x)
{
	return x && !(x & (x - 1));
}

static int check_config(const struct fake_ring_config *cfg, char *err,
			size_t errlen)
{
	if (cfg->page_size != 4096 && cfg->page_size != 16384 &&
	    cfg->page_size != 65536) {
		snprintf(err, errlen,
			 "page size %lu: must be 4096, 16384 or 65536",
			 cfg->page_size);
		return -EINVAL;
	}
	if (cfg->data_size && (!is_pow2(cfg->data_size) ||
			       cfg->data_size < 8)) {
		snprintf(err, errlen,
			 "data size %lu: must be 0 or a power of two >= 8",
			 cfg->data_size);
		return -EINVAL;
	}
	if (cfg->data_size > (1ul << 31)) {
		snprintf(err, errlen, "data size %lu: larger than 2 GiB",
			 cfg->data_size);
		return -EINVAL;
	}
	if (cfg->lost_trailer % 8 || cfg->lost_trailer > 64) {
		snprintf(err, errlen,
			 "LOST trailer %u: must be a multiple of 8, at most 64",
			 cfg->lost_trailer);
		return -EINVAL;
	}
	return 0;
}

static int map_views(struct fake_ring *ring, char *err, size_t errlen)
{
	const struct fake_ring_config *cfg = &ring->cfg;
	int ctrl_prot = cfg->overwrite ? PROT_READ : PROT_READ | PROT_WRITE;
	int data_prot = PROT_READ;
	uint8_t *p;

	ring->data_span = (cfg->data_size + ring->sys_page - 1) &
			  ~(ring->sys_page - 1);
	ring->file_len = cfg->page_size + ring->data_span;
	ring->region_len = ring->file_len + 2 * ring->sys_page;

	ring->memfd = memfd_create(FAKE_RING_MEMFD_NAME,
				    MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (ring->memfd < 0 || ftruncate(ring->memfd, ring->file_len)) {
		snprintf(err, errlen, "memfd: %s", strerror(errno));
		return -errno;
	}
	if (cfg->flags & FAKE_RING_SINGLE_VIEW) {
		ctrl_prot = data_prot = PROT_READ | PROT_WRITE;
	}
	ring->region = mmap(NULL, ring->region_len, PROT_NONE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (ring->region == MAP_FAILED)
		goto fail;
	ring->base = ring->region + ring->sys_page;
	ring->wview = cfg->flags & FAKE_RING_SINGLE_VIEW ? ring->base :
		      mmap(NULL, ring->file_len, PROT_READ | PROT_WRITE,
			   MAP_SHARED, ring->memfd, 0);
	if (ring->wview == MAP_FAILED)
		goto fail;
	if (ctrl_prot & PROT_WRITE) {
		p = mmap(ring->base, cfg->page_size, ctrl_prot,
			 MAP_SHARED | MAP_FIXED, ring->memfd, 0);
		if (p == MAP_FAILED)
			goto fail;
	}
	/*
	 * From here on no new mapping of the file can be made writable:
	 * the reader's read-only views below cannot be mprotect()ed to
	 * PROT_WRITE, so a write to them faults instead of changing records
	 * the oracle already judged. (Linux 5.1; older kernels go without.)
	 */
	if (!(data_prot & PROT_WRITE) &&
	    !(cfg->flags & FAKE_RING_READER_MAPS))
		fcntl(ring->memfd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE);
	if (!(ctrl_prot & PROT_WRITE)) {
		p = mmap(ring->base, cfg->page_size, ctrl_prot,
			 MAP_SHARED | MAP_FIXED, ring->memfd, 0);
		if (p == MAP_FAILED)
			goto fail;
	}
	if (ring->data_span) {
		p = mmap(ring->base + cfg->page_size, ring->data_span,
			 data_prot, MAP_SHARED | MAP_FIXED, ring->memfd,
			 cfg->page_size);
		if (p == MAP_FAILED)
			goto fail;
	}
	ring->pc = (struct perf_event_mmap_page *)ring->wview;
	ring->data = ring->wview + cfg->page_size;
	return 0;
fail:
	snprintf(err, errlen, "mmap: %s", strerror(errno));
	return -ENOMEM;
}

struct fake_ring *fake_ring_new(const struct fake_ring_config *cfg,
				char *err, size_t errlen)
{
	struct fake_ring *ring;

	if (check_config(cfg, err, errlen))
		return NULL;
	ring = calloc(1, sizeof(*ring));
	if (!ring) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	ring->cfg = *cfg;
	ring->memfd = -1;
	ring->region = MAP_FAILED;
	ring->wview = MAP_FAILED;
	ring->sys_page = sysconf(_SC_PAGESIZE);
	/* before anything can fail: fake_ring_free() frees the ledger (an
	 * arena left at 0 from calloc would close fd 0) */
	ledger_init(&ring->ledger);
	if (map_views(ring, err, errlen)) {
		fake_ring_free(ring);
		return NULL;
	}
	fake_ring_reset(ring);
	return ring;
}

void fake_ring_free(struct fake_ring *ring)
{
	if (!ring)
		return;
	if (ring->wview != MAP_FAILED && ring->wview != ring->base)
		munmap(ring->wview, ring->file_len);
	if (ring->region != MAP_FAILED)
		munmap(ring->region, ring->region_len);
	if (ring->memfd >= 0)
		close(ring->memfd);
	ledger_free(&ring->ledger);
	free(ring);
}

/* The byte count the watermark is measured on: __perf_output_begin()
 * counts a backward ring's head from 0 down, and negates it. */
static uint64_t written_pos(const struct fake_ring *ring)
{
	return ring->cfg.backward ? -ring->head : ring->head;
}

/*
 * ring_buffer_init(): the watermark asked for (perf_mmap() passes
 * attr.wakeup_watermark only when attr.watermark is set), at most the data
 * area; none, or 0, is half the data area. wakeup_events counts samples
 * only when attr.watermark is clear (perf_output_sample()): the two share
 * a union. rb->wakeup starts where the ring starts (0 on a real ring).
 */
static void reset_wakeups(struct fake_ring *ring)
{
	const struct fake_ring_config *cfg = &ring->cfg;
	uint64_t asked = cfg->watermark ? cfg->wakeup : 0;

	if (!asked)
		ring->watermark = cfg->data_size / 2;
	else
		ring->watermark = asked < cfg->data_size ? asked
							 : cfg->data_size;
	ring->wakeup_events = cfg->watermark ? 0 : cfg->wakeup;
	ring->events = 0;
	ring->fired = 0;
	ring->poll = false;
	ring->wakeup = written_pos(ring);
	ring->handle_wakeup = ring->wakeup;
}

/* What perf_mmap() and perf_event_init_userpage() leave in a new mapping. */
void fake_ring_reset(struct fake_ring *ring)
{
	const struct fake_ring_config *cfg = &ring->cfg;

	ring->ctrl_gen++;
	memset(ring->wview, 0, cfg->page_size + cfg->data_size);
	/* Past a tiny data area: bytes a real mapping would not have. */
	memset(ring->data + cfg->data_size, REDZONE_BYTE,
	       ring->data_span - cfg->data_size);
	ring->pc->cap_bit0_is_deprecated = 1;
	ring->pc->size = offsetof(struct perf_event_mmap_page, __reserved);
	ring->pc->data_offset = cfg->page_size;
	ring->pc->data_size = cfg->data_size;
	ring->pc->data_tail = cfg->start;
	__atomic_store_n(&ring->pc->data_head, cfg->start, __ATOMIC_RELEASE);

	ring->head = cfg->start;
	ring->published = cfg->start;
	ring->prev_published = cfg->start;
	ring->lost = 0;
	ring->nest = 0;
	/* ring_buffer_init(): a ring without data pages is paused for good */
	ring->paused = !cfg->data_size;
	reset_wakeups(ring);
	ring->pending_from = 0;
	ring->fills = 0;
	ring->out_of_order = false;
	ring->seen_tail = cfg->start;
	ring->poisoned_to = cfg->start;
	ring->poisoned_any = false;
	ring->err[0] = '\0';
	ledger_clear(&ring->ledger);
}

int fake_ring_reconfigure(struct fake_ring *ring,
			  const struct fake_ring_config *cfg)
{
	char err[sizeof(ring->err)];

	if (cfg->page_size != ring->cfg.page_size ||
	    cfg->data_size != ring->cfg.data_size ||
	    cfg->overwrite != ring->cfg.overwrite ||
	    ((cfg->flags ^ ring->cfg.flags) &
	     (FAKE_RING_SINGLE_VIEW | FAKE_RING_READER_MAPS)))
		return ring_fail(ring, "reconfigure: another mapping");
	if (check_config(cfg, err, sizeof(err)))
		return ring_fail(ring, "%s", err);
	ring->cfg = *cfg;
	fake_ring_reset(ring);
	return 0;
}

const struct fake_ring_config *fake_ring_config(const struct fake_ring *ring)
{
	return &ring->cfg;
}

void *fake_ring_base(const struct fake_ring *ring)
{
	return ring->base;
}

int fake_ring_fd(const struct fake_ring *ring)
{
	return ring->memfd;
}

void fake_ring_set_overwrite(struct fake_ring *ring, bool overwrite)
{
	ring->cfg.overwrite = overwrite;
}

void fake_ring_write_through(struct fake_ring *ring, void *base)
{
	uint8_t *view = base ? base : ring->wview;

	ring->ctrl_gen++;
	ring->pc = (struct perf_event_mmap_page *)view;
	ring->data = view + ring->cfg.page_size;
}

const uint8_t *fake_ring_data(const struct fake_ring *ring)
{
	return ring->data;
}

uint64_t fake_ring_data_head(const struct fake_ring *ring)
{
	return __atomic_load_n(&ring->pc->data_head, __ATOMIC_ACQUIRE);
}

uint64_t fake_ring_data_tail(const struct fake_ring *ring)
{
	return __atomic_load_n(&ring->pc->data_tail, __ATOMIC_ACQUIRE);
}

uint64_t fake_ring_lost_pending(const struct fake_ring *ring)
{
	return ring->lost;
}

const char *fake_ring_error(const struct fake_ring *ring)
{
	return ring->err;
}

unsigned int fake_ring_nesting(const struct fake_ring *ring)
{
	return ring->nest;
}

void fake_ring_pause(struct fake_ring *ring, bool paused)
{
	/* PERF_EVENT_IOC_PAUSE_OUTPUT; without data pages it stays paused */
	ring->paused = paused || !ring->cfg.data_size;
}

bool fake_ring_paused(const struct fake_ring *ring)
{
	return ring->paused;
}

void fake_ring_set_tail(struct fake_ring *ring, uint64_t tail)
{
	ring->ctrl_gen++;
	__atomic_store_n(&ring->pc->data_tail, tail, __ATOMIC_RELEASE);
}

void fake_ring_consume(struct fake_ring *ring)
{
	fake_ring_set_tail(ring, fake_ring_data_head(ring));
}

static void publish(struct fake_ring *ring, uint64_t head)
{
	/* smp_wmb() (B) then WRITE_ONCE(data_head): a release store */
	ring->ctrl_gen++;
	__atomic_store_n(&ring->pc->data_head, head, __ATOMIC_RELEASE);
}

/* perf_output_wakeup(): POLLIN for the next perf_poll(), and the irq_work
 * that wakes the event's wait queue (its epoll and poll sleepers). */
static void output_wakeup(struct fake_ring *ring, struct fake_ring_entry *e)
{
	ring->poll = true;
	ring->fired++;
	if (e)
		e->woke = true;
}

/*
 * perf_output_put_handle() of the outermost writer: publish, then wake if
 * rb->wakeup moved since perf_output_get_handle() took the handle (the
 * writer's own watermark crossing, a sample's wakeup_events, or those of
 * writers nested in it, whose own put_handle neither publishes nor wakes).
 */
static void put_outermost(struct fake_ring *ring, struct fake_ring_entry *e)
{
	publish(ring, ring->head);
	if (ring->handle_wakeup != ring->wakeup)
		output_wakeup(ring, e);
}

/*
 * __perf_output_begin(), after the head moved: one watermark's worth
 * of wakeup once the bytes since rb->wakeup exceed it, strictly. Only one
 * per write, even when the write is larger than two watermarks: rb->wakeup
 * then lags, and the next write wakes again.
 */
static void count_watermark(struct fake_ring *ring)
{
	if (written_pos(ring) - ring->wakeup > ring->watermark)
		ring->wakeup += ring->watermark;
}

/*
 * The end of perf_output_sample(): with attr.wakeup_events set (and
 * attr.watermark not), every wakeup_events-th sample bumps rb->wakeup by
 * one, which the outermost put_handle sees. Other records never count.
 */
static void count_sample(struct fake_ring *ring)
{
	if (!ring->wakeup_events)
		return;
	if (++ring->events >= ring->wakeup_events) {
		ring->events -= ring->wakeup_events;
		ring->wakeup++;
	}
}

void fake_ring_wakeup_state(const struct fake_ring *ring,
			    struct fake_ring_wakeups *w)
{
	*w = (struct fake_ring_wakeups){
		.watermark = ring->watermark,
		.wakeup = ring->wakeup,
		.wakeup_events = ring->wakeup_events,
		.events = ring->events,
		.fired = ring->fired,
		.poll = ring->poll,
	};
}

bool fake_ring_poll(struct fake_ring *ring)
{
	bool due = ring->poll;

	ring->poll = false;
	return due;
}

void fake_ring_publish_stale_head(struct fake_ring *ring)
{
	publish(ring, ring->prev_published);
}

void fake_ring_publish_head(struct fake_ring *ring)
{
	publish(ring, ring->published);
}

void fake_ring_publish_raw_head(struct fake_ring *ring, uint64_t head)
{
	publish(ring, head);
}

void *fake_ring_control_page(struct fake_ring *ring)
{
	return ring->pc;
}

uint64_t fake_ring_control_gen(const struct fake_ring *ring)
{
	return ring->ctrl_gen;
}

static void put(struct fake_ring *ring, uint64_t pos, const uint8_t *src,
		int byte, size_t len);

void fake_ring_poke(struct fake_ring *ring, uint64_t pos, const void *bytes,
		    size_t len)
{
	if (ring->cfg.data_size)
		put(ring, pos, bytes, 0, len);
}

/* ring_buffer_has_space(): CIRC_SPACE, mirrored for backward rings. */
static bool has_space(const struct fake_ring *ring, uint64_t head,
		      uint64_t tail, unsigned int size)
{
	uint64_t mask = ring->cfg.data_size - 1;

	if (!ring->cfg.backward)
		return ((tail - (head + 1)) & mask) >= size;
	return ((head - (tail + 1)) & mask) >= size;
}

/*
 * Bytes into the data area from counter pos, chunk by chunk in order: src,
 * or byte where src is NULL. A record larger than the data area overwrites
 * its own beginning, as __output_copy() does.
 */
static void put(struct fake_ring *ring, uint64_t pos, const uint8_t *src,
		int byte, size_t len)
{
	uint64_t mask = ring->cfg.data_size - 1;

	while (len) {
		size_t off = pos & mask;
		size_t n = ring->cfg.data_size - off;

		if (n > len)
			n = len;
		if (src) {
			memcpy(ring->data + off, src, n);
			src += n;
		} else {
			memset(ring->data + off, byte, n);
		}
		pos += n;
		len -= n;
	}
}

/* Poison what the reader released since the last write (option). */
static void poison_released(struct fake_ring *ring)
{
	uint64_t tail, span;

	if (!(ring->cfg.flags & FAKE_RING_POISON_RELEASED) ||
	    ring->cfg.backward || ring->cfg.overwrite)
		return;
	tail = fake_ring_data_tail(ring);
	span = tail - ring->seen_tail;
	/* A tail outside [seen, head] is the reader's bug; leave the bytes. */
	if (span && span <= ring->head - ring->seen_tail) {
		put(ring, ring->seen_tail, NULL, FAKE_RING_POISON, span);
		ring->poisoned_to = tail;
		ring->poisoned_any = true;
	}
	ring->seen_tail = tail;
}

static int check_request(struct fake_ring *ring, unsigned int size)
{
	bool unaligned = ring->cfg.flags & FAKE_RING_QUIRK_UNALIGNED;

	if (size < 8)
		return ring_fail(ring, "record size %u: below the 8-byte header",
				 size);
	if (unaligned ? size > 65535 : size > FAKE_RING_MAX_RECORD)
		return ring_fail(ring, "record size %u: larger than %u", size,
				 unaligned ? 65535 : FAKE_RING_MAX_RECORD);
	if (!unaligned && size % 8)
		return ring_fail(ring,
				 "record size %u: not a multiple of 8 (the "
				 "kernel pads every record)",
				 size);
	return 0;
}

static void make_lost(struct fake_ring *ring, uint8_t *buf,
		      const uint8_t *rec, unsigned int size,
		      const void *trailer)
{
	unsigned int tl = ring->cfg.lost_trailer;
	struct perf_event_header hdr = {
		.type = FAKE_RING_TYPE_LOST,
		.misc = 0,
		.size = FAKE_RING_LOST_SIZE + tl,
	};

	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + 8, &ring->cfg.event_id, 8);
	memcpy(buf + 16, &ring->lost, 8);
	memset(buf + 24, 0, tl);
	if (trailer)
		memcpy(buf + 24, trailer, tl);
	else if (size >= 8 + tl)
		memcpy(buf + 24, rec + size - tl, tl);
}

static void drop(struct fake_ring *ring, const void *rec, unsigned int size)
{
	ledger_add(&ring->ledger, ring->head, rec, size, FAKE_RING_DROPPED);
	/* perf_buffer.paused without pages: nothing counted */
	if (ring->cfg.data_size)
		ring->lost++;
}

/* fake_ring_reserve(), handing back the reservation's row (writable). */
static int reserve_row(struct fake_ring *ring, const void *rec,
		       unsigned int size, const void *lost_trailer,
		       struct fake_ring_entry **row)
{
	uint8_t lost_rec[FAKE_RING_LOST_SIZE + 64];
	unsigned int lost_size = 0, total;
	uint64_t tail, offset;

	if (check_request(ring, size))
		return -EINVAL;
	if (ring->paused) {	/* before any handle: no publish, no wakeup */
		drop(ring, rec, size);
		return 1;
	}
	/*
	 * perf_output_get_handle(): the outermost handle's rb->wakeup. The
	 * kernel's nested writers end before the one they interrupted, so
	 * the commit that ends the nest is the outermost's; fake_ring lets
	 * commits come in any order and compares with the first reservation.
	 */
	if (!ring->nest)
		ring->handle_wakeup = ring->wakeup;
	poison_released(ring);

	if (ring->lost) {
		lost_size = FAKE_RING_LOST_SIZE + ring->cfg.lost_trailer;
		make_lost(ring, lost_rec, rec, size, lost_trailer);
	}
	total = size + lost_size;

	/* READ_ONCE(data_tail) and the control dependency (A) on it, which
	 * orders the data stores after it: an acquire load in C11 terms */
	tail = __atomic_load_n(&ring->pc->data_tail, __ATOMIC_ACQUIRE);
	if (!ring->cfg.overwrite && !has_space(ring, ring->head, tail, total)) {
		drop(ring, rec, size);
		/* perf_output_put_handle() on the fail path publishes too */
		if (!ring->nest)
			put_outermost(ring, NULL);
		return 1;
	}

	if (!ring->cfg.backward) {
		offset = ring->head;
		ring->head += total;
	} else {
		ring->head -= total;
		offset = ring->head;
	}
	count_watermark(ring);
	ring->nest++;

	if (lost_size) {
		struct fake_ring_entry *le = ledger_add(&ring->ledger, offset,
							lost_rec, lost_size,
							FAKE_RING_RESERVED);

		ledger_mark_reported(&ring->ledger, ring->pending_from,
				     (long)ring->ledger.end - 1);
		le->is_lost = true;
		le->lost = ring->lost;
		ring->lost = 0;
		offset += lost_size;
	}
	*row = ledger_add(&ring->ledger, offset, rec, size,
			  FAKE_RING_RESERVED);
	ring->pending_from = ring->ledger.end;
	return 0;
}

int fake_ring_reserve(struct fake_ring *ring, const void *rec,
		      unsigned int size, const void *lost_trailer, long *token)
{
	struct fake_ring_entry *e;
	int ret = reserve_row(ring, rec, size, lost_trailer, &e);

	/* the reservation's row is the newest */
	*token = ret ? -1 : (long)ring->ledger.end - 1;
	return ret;
}

/* fake_ring_commit() of a row known to be a reservation. */
static void commit_row(struct fake_ring *ring, struct fake_ring_entry *e)
{
	const uint8_t *bytes = ring->ledger.arena;

	/* a reservation's LOST row is kept while it is reserved */
	if (e != ring->ledger.entries && e[-1].is_lost &&
	    e[-1].outcome == FAKE_RING_RESERVED) {
		put(ring, e[-1].start, bytes + e[-1].bytes, 0, e[-1].size);
		e[-1].outcome = FAKE_RING_WRITTEN;
		e[-1].filled = ++ring->fills;
	}
	if ((e->start & (ring->cfg.data_size - 1)) + e->size <=
	    ring->cfg.data_size)	/* the common case, without a call */
		memcpy(ring->data + (e->start & (ring->cfg.data_size - 1)),
		       bytes + e->bytes, e->size);
	else
		put(ring, e->start, bytes + e->bytes, 0, e->size);
	e->outcome = FAKE_RING_WRITTEN;
	e->filled = ++ring->fills;
	if (ring->nest > 1)
		ring->out_of_order = true;
	/* perf_output_sample() runs between begin and end */
	if (e->type == FAKE_RING_TYPE_SAMPLE)
		count_sample(ring);

	/* Only the outermost writer publishes, after all nested ones. */
	if (--ring->nest == 0) {
		ring->prev_published = ring->published;
		ring->published = ring->head;
		put_outermost(ring, e);
	}
}

int fake_ring_commit(struct fake_ring *ring, long token)
{
	struct fake_ring_entry *e = token < 0 ? NULL :
		ledger_row(&ring->ledger, (size_t)token);

	if (!e || e->outcome != FAKE_RING_RESERVED || e->is_lost)
		return ring_fail(ring, "commit of %ld: not a reservation",
				 token);
	commit_row(ring, e);
	return 0;
}

int fake_ring_write_holes(struct fake_ring *ring, const void *rec,
			  unsigned int size, const struct fake_ring_hole *holes,
			  unsigned int nholes)
{
	struct fake_ring_entry *e;
	uint8_t *bytes;
	unsigned int i, b;
	long token;
	int ret;

	for (i = 0; i < nholes; i++)
		if (holes[i].off < 8 || holes[i].off > size ||
		    holes[i].len > size - holes[i].off)
			return ring_fail(ring, "hole %u..%u outside the %u-byte "
					 "record, or in its header",
					 holes[i].off, holes[i].off + holes[i].len,
					 size);
	ret = fake_ring_reserve(ring, rec, size, NULL, &token);
	if (ret)
		return ret;
	/* the ledger takes the ring's current bytes where the kernel skips */
	e = ledger_row(&ring->ledger, (size_t)token);
	bytes = ring->ledger.arena + e->bytes;
	for (i = 0; i < nholes; i++)
		for (b = holes[i].off; b < holes[i].off + holes[i].len; b++)
			bytes[b] = ring->data[(e->start + b) &
					      (ring->cfg.data_size - 1)];
	return fake_ring_commit(ring, token);
}

int fake_ring_write(struct fake_ring *ring, const void *rec, unsigned int size,
		    const void *lost_trailer)
{
	struct fake_ring_entry *e;
	int ret = reserve_row(ring, rec, size, lost_trailer, &e);

	if (!ret)	/* no token to look up: the row is at hand */
		commit_row(ring, e);
	return ret;
}

size_t fake_ring_ledger_count(const struct fake_ring *ring)
{
	return ring->ledger.end;
}

const struct fake_ring_entry *fake_ring_ledger_entry(
	const struct fake_ring *ring, size_t index)
{
	const struct fake_ring_entry *e = ledger_row(&ring->ledger, index);

	/* out of the ledger, rows are seen only through the read-only view */
	return e ? ledger_ro(&ring->ledger, e) : NULL;
}

const uint8_t *fake_ring_entry_bytes(const struct fake_ring *ring,
				     const struct fake_ring_entry *e)
{
	return ledger_bytes(&ring->ledger, e);
}

uint64_t fake_ring_count(const struct fake_ring *ring,
			 enum fake_ring_outcome outcome)
{
	return ledger_count(&ring->ledger, outcome);
}

/*
 * Derived from counters only, never from the data area, so that tests can
 * hold the bytes against it. Later writes cover [start + size, head) in a
 * forward ring and [head, start) in a backward one.
 */
/* Do [a, a + as) and [b, b + bs) share a byte of the data area? */
static bool overlap(uint64_t ds, uint64_t a, uint64_t as, uint64_t b,
		    uint64_t bs)
{
	uint64_t lo, hi;

	if (as >= ds || bs >= ds)
		return true;
	if ((int64_t)(a - b) < 0) {	/* order them: b below a */
		uint64_t t = a, ts = as;

		a = b, as = bs, b = t, bs = ts;
	}
	/* a byte p of A meets q of B when p - q is a multiple of ds */
	lo = a - (b + bs) + 1;
	hi = a + as - b - 1;
	return (int64_t)lo <= 0 || (hi >= ds && (hi / ds) * ds >= lo);
}

/*
 * Derived from counters only, never from the data area, so that tests can
 * hold the bytes against it. Later reservations cover [start + size, head)
 * in a forward ring and [head, start) in a backward one; when nested
 * writers committed out of order, an older reservation filled later may
 * cover it too.
 */
bool fake_ring_entry_whole(const struct fake_ring *ring,
			   const struct fake_ring_entry *e)
{
	uint64_t ds = ring->cfg.data_size;
	uint64_t reach;
	size_t i;

	/* its neighbours are looked at too: in the same view as entries */
	e = ledger_rw(&ring->ledger, e);
	if (e->outcome != FAKE_RING_WRITTEN || e->size > ds)
		return false;
	if (!ring->cfg.backward) {
		reach = ring->head - e->start;
	} else if (!e->is_lost && e != ring->ledger.entries && e[-1].is_lost &&
		   e[-1].start + e[-1].size == e->start) {
		/* Its own LOST lies below it but was copied before it: only
		 * later reservations, [head, LOST), can cover it. */
		uint64_t later = e[-1].start - ring->head;

		if (later && overlap(ds, e->start, e->size, ring->head, later))
			return false;
		reach = 0;
	} else {
		reach = e->start + e->size - ring->head;
	}
	if (reach > ds)
		return false;
	/* any byte below poisoned_to was released and poisoned */
	if (ring->poisoned_any && (int64_t)(ring->poisoned_to - e->start) > 0)
		return false;
	/* Backward: the record of a reservation lies above its LOST but is
	 * copied after it, so a large one wraps over its own LOST. */
	if (ring->cfg.backward && e->is_lost && e[1].size + e->size > ds)
		return false;
	if (!ring->out_of_order)
		return true;
	for (i = 0; i < ring->ledger.count; i++) {
		const struct fake_ring_entry *o = &ring->ledger.entries[i];

		if (o == e || o->outcome == FAKE_RING_DROPPED ||
		    (o->filled && o->filled < e->filled))
			continue;
		if (overlap(ds, e->start, e->size, o->start, o->size))
			return false;
	}
	return true;
}

/* The payload word at byte k of a record from seed: its byte 6, read as
 * a header's size, is odd, a size no kernel writes (a little-endian
 * word's bit 48; the bytes are the same on every host this runs on). */
static inline uint64_t payload_word(uint64_t seed, unsigned int k)
{
	uint64_t x = (seed + 1) * 0x9e3779b97f4a7c15ull + k;

	x ^= x >> 29;
	return x | 1ull << 48;
}

void fake_ring_make_record(void *buf, uint32_t type, unsigned int size,
			   uint64_t seed)
{
	struct perf_event_header hdr = {
		.type = type,
		.misc = 0,
		.size = (uint16_t)size,
	};
	uint8_t *p = buf;
	unsigned int k;
	uint64_t x;

	memcpy(p, &hdr, size < sizeof(hdr) ? size : sizeof(hdr));
	/* whole words by copies of constant size, which compilers make
	 * stores (a call per word, checked under a sanitizer, was most of
	 * a fuzzer's input); the last part of one after them */
	for (k = 8; k + 8 <= size; k += 8) {
		x = payload_word(seed, k);
		memcpy(p + k, &x, 8);
	}
	if (k < size) {
		x = payload_word(seed, k);
		memcpy(p + k, &x, size - k);
	}
	/*
	 * A sample is laid out as a PERF_SAMPLE_RAW one (u32 size, then the
	 * data, padded to 8 as the kernel does), as BPF programs write them:
	 * readers that parse it (BCC, libbpf) hand its data on. Bytes 14-15
	 * keep the odd size above.
	 */
	if (type == FAKE_RING_TYPE_SAMPLE && size >= 16) {
		uint32_t raw = size - 12;

		memcpy(p + 8, &raw, sizeof(raw));
	}
}

struct counter_order {
	const struct fake_ring	*ring;
	uint64_t		ref;
};

static int by_counter(const void *a, const void *b, void *arg)
{
	const struct counter_order *o = arg;
	uint64_t kx = ledger_row(&o->ring->ledger, *(const size_t *)a)->start -
		      o->ref;
	uint64_t ky = ledger_row(&o->ring->ledger, *(const size_t *)b)->start -
		      o->ref;

	return kx < ky ? -1 : kx > ky;
}

size_t fake_ring_whole_entries(const struct fake_ring *ring, size_t *idx,
			       size_t max)
{
	struct counter_order o = { .ring = ring };
	size_t i, n = 0;

	for (i = 0; i < ring->ledger.count; i++) {
		if (!fake_ring_entry_whole(ring, &ring->ledger.entries[i]))
			continue;
		if (n < max)
			idx[n] = ledger_row_number(&ring->ledger,
						   &ring->ledger.entries[i]);
		n++;
	}
	/* whole entries lie in [ref, ref + data_size): sort by distance */
	o.ref = ring->cfg.backward ? ring->head
				   : ring->head - ring->cfg.data_size;
	if (max)	/* idx may be NULL when only counting */
		qsort_r(idx, n < max ? n : max, sizeof(*idx), by_counter, &o);
	return n;
}

/*
 * Rows that can no longer matter: neither reserved nor whole (consumed,
 * overwritten, or dropped). Whole-ness never comes back: heads only move
 * on and poison only grows. A LOST row and its record stay or go together,
 * since whole-ness of one looks at the other. Nested writers that filled
 * out of order make whole-ness depend on every row: nothing is folded.
 */
size_t fake_ring_fold_ledger(struct fake_ring *ring)
{
	struct ledger *l = &ring->ledger;
	size_t i, before = l->count;
	bool *keep;

	if (ring->out_of_order || !l->count)
		return 0;
	keep = malloc(l->count * sizeof(*keep));
	if (!keep)
		return 0;	/* folding is an economy, never needed */
	for (i = 0; i < l->count; i++)
		keep[i] = l->entries[i].outcome == FAKE_RING_RESERVED ||
			  fake_ring_entry_whole(ring, &l->entries[i]);
	for (i = 0; i + 1 < l->count; i++)
		if (l->entries[i].is_lost && (keep[i] || keep[i + 1]))
			keep[i] = keep[i + 1] = true;
	ledger_fold(l, keep);
	free(keep);
	return before - l->count;
}
