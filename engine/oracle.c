// SPDX-License-Identifier: GPL-2.0-only
/*
 * The oracle. The truth is the ledger: which records the writer committed,
 * where, with which bytes. Forward rings must deliver every committed record
 * exactly once, in order; overwrite cycles exactly the records written since
 * the previous cycle that are still whole, newest first; push the same
 * bytes in at most two chunks. Around every call the control page is
 * compared (a reader writes nothing but data_tail), and a record pointer is
 * checked again after writer activity (it must stay valid until the next
 * call).
 */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <linux/perf_event.h>

#include "capabilities.h"
#include "diagnose.h"
#include "oracle.h"
#include "oracle_fd.h"
#include "oracle_evlist.h"

#define RING_CACHE	8
#define DRAIN_CYCLES	64
#define TAIL_OFFSET	offsetof(struct perf_event_mmap_page, data_tail)
/* What the write check compares: struct perf_event_mmap_page and more. */
#define CTRL_CHECKED	4096

struct run {
	const struct scenario		*s;
	const struct ringcheck_reader_ops *ops;
	void				*rd;
	struct fake_ring		*ring;
	bool				overwrite;
	int				step;
	struct oracle_result		*res;
	jmp_buf				fail;

	/* forward */
	size_t				next_row;
	uint64_t			delivered_end;
	uint64_t			snap_head;
	uint64_t			cycle_bytes;
	bool				in_cycle;
	/* overwrite */
	size_t				boundary, boundary_next;
	size_t				*expect;
	size_t				nexpect, cursor;
	/* Until the first cycle ends, history (rows before opened_rows)
	 * may be delivered or not: the first nexpect_new of expect. */
	bool				first_cycle;
	size_t				opened_rows, nexpect_new;
	/* lifetime */
	const struct perf_event_header	*last_ev;
	uint8_t				*last_copy;
	/* the record returned before the call under way, while it lies in
	 * the ring: no call may change it (clause 6) */
	const uint8_t			*held;
	uint8_t				*held_copy;
	uintptr_t			ring_lo, ring_hi;	/* the reader's
								 * view */
	bool				writer_acted;
	/* nested reservations */
	long				tokens[16];
	int				ntokens;
	bool				corrupted;
	bool				garbled;	/* the ledger's bytes
							 * are gone */
	/* the head a push on a corrupt backward ring saw: the reader may
	 * end its next cycle there or not */
	bool				pushed;
	uint64_t			pushed_head;
	/* a backward ring the reader mapped writable: the writer keeps
	 * the oldest data (fd entry) */
	bool				keeps_oldest;
	/* no pull entry: cycles go through drain (callback entry) */
	bool				callback;
	bool				stale_head;	/* quirk showing */
	/* the lowest head a callback reader could see in this cycle: the
	 * snapshot, or a stale head showing when a callback returned */
	uint64_t			low_head;
	uint8_t				*ctrl;
	uint8_t				*rec;
	uint64_t			seq;
	/* wrong bytes, for the report: the owed row and the first
	 * differing byte; the delivered bytes are in last_copy */
	const struct fake_ring_entry	*diff_row;
	long				diff_at;
};

static struct fake_ring *ring_cache[RING_CACHE];

static struct fake_ring *get_ring(const struct fake_ring_config *cfg)
{
	char err[256];
	int i;

	for (i = 0; i < RING_CACHE && ring_cache[i]; i++)
		if (!fake_ring_reconfigure(ring_cache[i], cfg))
			return ring_cache[i];
	if (i == RING_CACHE) {
		fake_ring_free(ring_cache[RING_CACHE - 1]);
		i = RING_CACHE - 1;
	}
	memmove(ring_cache + 1, ring_cache, i * sizeof(ring_cache[0]));
	ring_cache[0] = fake_ring_new(cfg, err, sizeof(err));
	if (!ring_cache[0]) {
		fprintf(stderr, "ringcheck: fake ring: %s\n", err);
		abort();
	}
	return ring_cache[0];
}

/* check: the name of the check that fired (diagnose.c's table). */
static void __attribute__((noreturn, format(printf, 3, 4)))
fail(struct run *r, const char *check, const char *fmt, ...)
{
	va_list ap;

	r->res->verdict = VERDICT_FAIL;
	r->res->step = r->step;
	snprintf(r->res->check, sizeof(r->res->check), "%s", check);
	va_start(ap, fmt);
	vsnprintf(r->res->msg, sizeof(r->res->msg), fmt, ap);
	va_end(ap);
	longjmp(r->fail, 1);
}

static const struct fake_ring_config *cfg_of(struct run *r)
{
	return fake_ring_config(r->ring);
}

/* --- guards around every reader call --- */

static void before_call(struct run *r)
{
	/* A record returned by read_event stays valid until this call. */
	if (r->last_ev && r->writer_acted &&
	    memcmp(r->last_ev, r->last_copy,
		   ((const struct perf_event_header *)r->last_copy)->size))
		fail(r, "record-lifetime",
		     "the record read_event returned changed under writer "
			"activity before the next call: the reader handed out "
			"space it had released: released-pointer (5)");
	if (r->last_ev && (uintptr_t)r->last_ev >= r->ring_lo &&
	    (uintptr_t)r->last_ev < r->ring_hi) {
		uint8_t *t = r->held_copy;

		r->held = (const uint8_t *)r->last_ev;
		r->held_copy = r->last_copy;
		r->last_copy = t;
	}
	r->last_ev = NULL;
	r->writer_acted = false;
	memcpy(r->ctrl, fake_ring_control_page(r->ring), CTRL_CHECKED);
}

static void after_call(struct run *r, const char *call)
{
	const uint8_t *now = fake_ring_control_page(r->ring);
	const uint8_t *held = r->held;
	size_t i;

	r->held = NULL;
	if (held && memcmp(held, r->held_copy,
			   ((const struct perf_event_header *)r->held_copy)->size)) {
		r->res->stray = true;
		fail(r, "record-scribbled",
		     "%s changed a record of the ring the reader had returned "
			"before: a reader writes nothing but data_tail", call);
	}
	if (!memcmp(now, r->ctrl, TAIL_OFFSET) &&
	    !memcmp(now + TAIL_OFFSET + 8, r->ctrl + TAIL_OFFSET + 8,
		    CTRL_CHECKED - TAIL_OFFSET - 8) &&
	    (r->overwrite ? !memcmp(now + TAIL_OFFSET, r->ctrl + TAIL_OFFSET, 8)
			  : true))
		return;
	for (i = 0; i < CTRL_CHECKED; i++) {
		if (now[i] == r->ctrl[i])
			continue;
		if (!r->overwrite && i >= TAIL_OFFSET && i < TAIL_OFFSET + 8)
			continue;
		r->res->stray = true;
		fail(r, "control-page-write",
		     "%s wrote the control page at offset %zu: a reader "
			"writes nothing but data_tail", call, i);
	}
}

/*
 * Past CTRL_CHECKED a 16/64 KiB control page is zero and nobody writes it:
 * a write there stays, so one look after the last reader call (close)
 * finds it, without a scan around every call.
 */
static void check_ctrl_rest(struct run *r, struct oracle_result *res)
{
	static const uint8_t zero[65536 - CTRL_CHECKED];
	const uint8_t *page = fake_ring_control_page(r->ring);
	size_t i, ps = cfg_of(r)->page_size;

	if (ps <= CTRL_CHECKED || ps > CTRL_CHECKED + sizeof(zero) ||
	    !memcmp(page + CTRL_CHECKED, zero, ps - CTRL_CHECKED))
		return;
	for (i = CTRL_CHECKED; i < ps; i++) {
		if (!page[i])
			continue;
		if (res->verdict != VERDICT_FAIL) {
			res->verdict = VERDICT_FAIL;
			res->stray = true;
			res->step = r->s->nsteps;
			snprintf(res->check, sizeof(res->check),
				 "control-page-write");
			snprintf(res->msg, sizeof(res->msg), "the reader wrote "
				 "the control page at offset %zu of %lu: a "
				 "reader writes nothing but data_tail", i, ps);
		}
		return;
	}
}

/* --- forward expectations --- */

/* The next record the reader owes, or NULL if none is published. */
static const struct fake_ring_entry *owed(struct run *r, uint64_t head)
{
	size_t n = fake_ring_ledger_count(r->ring);

	while (r->next_row < n) {
		const struct fake_ring_entry *e =
			fake_ring_ledger_entry(r->ring, r->next_row);

		if (e->outcome == FAKE_RING_DROPPED) {
			r->next_row++;
			continue;
		}
		if (e->outcome != FAKE_RING_WRITTEN ||
		    e->start + e->size - r->s->cfg.start >
			    head - r->s->cfg.start)
			return NULL;
		return e;
	}
	return NULL;
}

static void check_structure(struct run *r, const struct perf_event_header *ev)
{
	if (ev->size < 8 || ev->size % 8)
		fail(r, "record-size",
		     "read_event returned a record of size %u: the kernel "
			"writes none below 8 or off 8-byte alignment, a reader "
			"stops there", ev->size);
	/* A forward ring never has a whole ring outstanding: bytes from
	 * such a range are stale, whatever they look like. */
	if (!r->overwrite && r->corrupted &&
	    r->snap_head - r->delivered_end >= cfg_of(r)->data_size)
		fail(r, "stale-range",
		     "read_event returned a record although data_head is "
			"%" PRIu64 " bytes past what was delivered, more than "
			"the data area holds", r->snap_head - r->delivered_end);
	r->cycle_bytes += ev->size;
	if (r->cycle_bytes > cfg_of(r)->data_size)
		fail(r, "cycle-overrun",
		     "one cycle returned %" PRIu64 " bytes from a %lu-byte "
			"data area", r->cycle_bytes, cfg_of(r)->data_size);
}

static void keep_for_lifetime(struct run *r, const struct perf_event_header *ev)
{
	r->last_ev = ev;
	memcpy(r->last_copy, ev, ev->size);
}

/* Same size, wrong bytes: where, and which. */
static void __attribute__((noreturn))
fail_bytes(struct run *r, const char *check, const char *what,
	   const struct perf_event_header *ev, const struct fake_ring_entry *e,
	   size_t row)
{
	const uint8_t *want = fake_ring_entry_bytes(r->ring, e);
	long at = diag_first_difference(want, (const uint8_t *)ev, e->size);
	char w[64], g[64];

	memcpy(r->last_copy, ev, e->size);
	r->diff_row = e;
	r->diff_at = at;
	fail(r, check, "%s ledger row %zu (ring offset %" PRIu64 ", %u bytes, "
	     "type %u) with wrong bytes from byte %ld: expected %s, got %s",
	     what, row, e->start & (cfg_of(r)->data_size - 1), e->size,
	     e->type, at, diag_hex_window(w, sizeof(w), want, e->size,
					  (size_t)at, 6),
	     diag_hex_window(g, sizeof(g), r->last_copy, e->size, (size_t)at,
			     6));
}

static void judge_forward(struct run *r, const struct perf_event_header *ev)
{
	const struct fake_ring_entry *e;
	char c[48];

	if (r->corrupted) {
		check_structure(r, ev);
		return;
	}
	e = owed(r, r->snap_head);
	if (!e) {
		e = owed(r, fake_ring_data_head(r->ring));
		if (e && ev->size == e->size &&
		    !memcmp(ev, fake_ring_entry_bytes(r->ring, e), e->size))
			fail(r, "cycle-past-snapshot",
			     "read_event returned ledger row %zu, published "
				"after read_init (head %s): the cycle "
				"is not bounded by its snapshot, a faster "
				"writer keeps the caller in the loop: "
				"unbounded-drain (12)",
			     r->next_row, diag_counter(c, sizeof(c),
							r->snap_head));
		fail(r, "record-invented",
		     "read_event returned a record (size %u, type %u) but "
			"the ledger owes none: duplicated or invented",
		     ev->size, ev->type);
	}
	if (ev->size == e->size &&
	    memcmp(ev, fake_ring_entry_bytes(r->ring, e), e->size))
		fail_bytes(r, "record-wrong", "read_event returned", ev, e,
			   r->next_row);
	if (ev->size != e->size)
		fail(r, "record-wrong",
		     "read_event returned %u bytes (type %u) where ledger "
			"row %zu (start %" PRIu64 ", %u bytes, type %u) was "
			"owed",
		     ev->size, ev->type, r->next_row, e->start, e->size,
		     e->type);
	r->next_row++;
	r->delivered_end = e->start + e->size;
	keep_for_lifetime(r, ev);
}

static void check_tail(struct run *r, const char *call)
{
	uint64_t tail = fake_ring_data_tail(r->ring);
	bool ahead = (int64_t)(tail - r->delivered_end) > 0;
	char t[48], d[48];

	if (r->corrupted || tail == r->delivered_end)
		return;
	/* the call just made is the one that set data_tail wrong */
	fail(r, ahead ? "tail-ahead" : "tail-behind",
	     "%s set data_tail to %s, the end of what was returned is %s: "
	     "%s", call, diag_counter(t, sizeof(t), tail),
	     diag_counter(d, sizeof(d), r->delivered_end),
	     ahead ? "it released records never returned" :
	     strcmp(call, "consume") ? "it did not release what was returned" :
	     "it must release up to the last record returned, not wait for "
	     "read_done");
}


/* --- overwrite expectations --- */

static void overwrite_expect(struct run *r)
{
	size_t n = fake_ring_ledger_count(r->ring), k, m = 0;

	uint64_t pos = fake_ring_data_head(r->ring);

	/*
	 * The new whole records a walk from data_head can reach: each one
	 * starts where the one before it ended, in the data area. A record that wrapped over
	 * its own LOST is whole, but its LOST header, the first step of the
	 * walk, is gone: neither it nor anything older can be found.
	 */
	r->expect = realloc(r->expect, (n + 1) * sizeof(*r->expect));
	k = fake_ring_whole_entries(r->ring, r->expect, n);
	for (size_t i = 0; i < k; i++) {
		const struct fake_ring_entry *e =
			fake_ring_ledger_entry(r->ring, r->expect[i]);

		/* positions in the data area: with a LOST as long as the
		 * ring, the record's header is where the walk begins */
		if (r->expect[i] < r->boundary ||
		    ((e->start - pos) & (cfg_of(r)->data_size - 1)))
			break;
		pos += e->size;
		r->expect[m++] = r->expect[i];
	}
	r->nexpect = m;
	r->nexpect_new = m;
	if (r->first_cycle)
		for (r->nexpect_new = 0; r->nexpect_new < m &&
		     r->expect[r->nexpect_new] >= r->opened_rows;
		     r->nexpect_new++)
			;
	r->cursor = 0;
	r->boundary_next = n;
}

static void judge_overwrite(struct run *r, const struct perf_event_header *ev)
{
	const struct fake_ring_entry *e;

	if (r->corrupted) {
		check_structure(r, ev);
		return;
	}
	if (r->cursor == r->nexpect)
		fail(r, "overwrite-extra",
		     "read_event returned a record (size %u) after the %zu "
			"records that are whole and new in this cycle: cut by "
			"the window, or from an earlier cycle",
		     ev->size, r->nexpect);
	e = fake_ring_ledger_entry(r->ring, r->expect[r->cursor]);
	if (ev->size == e->size &&
	    memcmp(ev, fake_ring_entry_bytes(r->ring, e), e->size))
		fail_bytes(r, "overwrite-wrong", "this cycle returned, newest "
			   "first,", ev, e, r->expect[r->cursor]);
	if (ev->size != e->size)
		fail(r, "overwrite-wrong",
		     "record %zu of this cycle: %u bytes (type %u) where "
			"ledger row %zu (start %" PRIu64 ", %u bytes, type %u) "
			"was due, newest first",
		     r->cursor, ev->size, ev->type, r->expect[r->cursor],
		     e->start, e->size, e->type);
	r->cursor++;
	keep_for_lifetime(r, ev);
}

/* how: what ended the cycle, for the message */
static void overwrite_end(struct run *r, const char *how)
{
	/* the first cycle may stop where the records written before the
	 * reader opened the ring begin (it started at the head at open) */
	if (!r->corrupted && r->cursor < r->nexpect &&
	    r->cursor != r->nexpect_new)
		fail(r, "overwrite-short",
		     "%s after %zu of %zu whole new records of the "
			"cycle; next due: ledger row %zu", how,
		     r->cursor, r->nexpect, r->expect[r->cursor]);
}

/* --- the reader calls --- */

static void do_init(struct run *r)
{
	int ret;

	before_call(r);
	r->snap_head = fake_ring_data_head(r->ring);
	ret = r->ops->read_init(r->rd);
	after_call(r, "read_init");
	r->cycle_bytes = 0;
	r->in_cycle = ret == 0;
	/* A lower head than before (pre-2019 kernels): an error is a fine
	 * answer; a duplicate is not. */
	if (ret && ret != -EAGAIN && !r->corrupted && !r->stale_head)
		fail(r, "init-error",
		     "read_init returned %d on a conforming ring", ret);
	if (r->overwrite && !r->corrupted) {
		overwrite_expect(r);
		if (ret == -EAGAIN && r->nexpect_new)
			fail(r, "init-missed",
			     "read_init said nothing new, but %zu whole "
				"records were written since the last cycle",
			     r->nexpect_new);
	} else if (!r->overwrite && ret == -EAGAIN && !r->corrupted &&
		   owed(r, r->snap_head)) {
		fail(r, "init-missed",
		     "read_init said nothing new, but ledger row %zu is "
			"published and not yet delivered", r->next_row);
	}
}

static const struct perf_event_header *do_event(struct run *r)
{
	const struct perf_event_header *ev;

	before_call(r);
	ev = r->ops->read_event(r->rd);
	after_call(r, "read_event");
	if (!ev)
		return NULL;
	if (!r->in_cycle)
		fail(r, "event-outside-cycle",
		     "read_event returned a record outside a cycle "
			"(read_init did not return 0)");
	if (r->overwrite)
		judge_overwrite(r, ev);
	else
		judge_forward(r, ev);
	return ev;
}

static void do_consume(struct run *r)
{
	before_call(r);
	r->ops->consume(r->rd);
	after_call(r, "consume");
	if (!r->overwrite)
		check_tail(r, "consume");
}

static void do_done(struct run *r)
{
	before_call(r);
	r->ops->read_done(r->rd);
	after_call(r, "read_done");
	if (r->overwrite && r->in_cycle) {
		overwrite_end(r, "read_done ended the cycle");
		r->boundary = r->boundary_next;
		r->first_cycle = false;
	}
	r->in_cycle = false;
}

struct sink_buf {
	uint8_t		*bytes;
	size_t		len, cap;
	int		calls;
	bool		failing;
};

static int sink(void *ctx, const void *buf, unsigned long len)
{
	struct sink_buf *sb = ctx;

	sb->calls++;
	if (sb->failing)
		return -1;
	if (sb->len + len > sb->cap) {
		sb->cap = 2 * (sb->len + len);
		sb->bytes = realloc(sb->bytes, sb->cap);
	}
	memcpy(sb->bytes + sb->len, buf, len);
	sb->len += len;
	return 0;
}

/*
 * The bytes one cycle owes now, and where the oracle stands after it;
 * *new_len: the bytes of the records written since the reader opened the
 * ring, the shorter answer a first backward cycle may give.
 */
static size_t push_expect(struct run *r, struct sink_buf *want,
			  size_t *new_len, size_t *next_row, uint64_t *end)
{
	const struct fake_ring_entry *e;
	size_t saved = r->next_row, i;

	*end = r->delivered_end;
	if (r->overwrite) {
		overwrite_expect(r);
		for (i = 0; i < r->nexpect; i++) {
			e = fake_ring_ledger_entry(r->ring, r->expect[i]);
			sink(want, fake_ring_entry_bytes(r->ring, e), e->size);
			if (i + 1 == r->nexpect_new)
				*new_len = want->len;
		}
		*next_row = 0;
		return r->nexpect_new;
	}
	for (i = 0; (e = owed(r, fake_ring_data_head(r->ring))); i++) {
		sink(want, fake_ring_entry_bytes(r->ring, e), e->size);
		*end = e->start + e->size;
		r->next_row++;
	}
	*next_row = r->next_row;
	r->next_row = saved;
	return i;
}

/*
 * The ring's own walk from counter *pos, for bytes no ledger row holds
 * (garbage, a lapped backward window): whole records of a size a kernel
 * writes (8 <= size, size % 8 == 0) that end at or before limit, their
 * bytes into want. Returns how many; *at: where the walk stopped.
 */
static size_t ring_walk(struct run *r, uint64_t *at, uint64_t limit,
			struct sink_buf *want)
{
	const uint8_t *data = fake_ring_data(r->ring);
	uint64_t mask = cfg_of(r)->data_size - 1, pos = *at, i;
	size_t n = 0;
	uint32_t size;

	for (; limit - pos >= 8 && limit - pos <= mask + 1; n++) {
		size = data[(pos + 6) & mask] | data[(pos + 7) & mask] << 8;
		if (size < 8 || size % 8 || size > limit - pos)
			break;
		for (i = 0; i < size; i++)
			r->rec[i] = data[(pos + i) & mask];
		sink(want, r->rec, size);
		pos += size;
	}
	*at = pos;
	return n;
}

/*
 * Push on a corrupt ring (clause 3.1): what it may deliver, in want, and
 * whether it must report a fault. Forward: the records the ledger owes
 * wholly below the published head (an unaligned one too), up to the
 * first one no kernel writes; none where the head is behind or a ring
 * or more ahead (stale). Backward: nothing where the head is above the
 * start or unaligned; else the walk from the head over the ring's bytes.
 */
static size_t push_expect_hostile(struct run *r, struct sink_buf *want,
				  size_t *next_row, bool *fault)
{
	uint64_t head = fake_ring_data_head(r->ring), pos = r->delivered_end;
	uint64_t ds = cfg_of(r)->data_size, start = r->s->cfg.start;
	const struct fake_ring_entry *e;
	size_t saved = r->next_row, n = 0;

	*next_row = r->next_row;
	if (r->overwrite) {
		if ((int64_t)(start - head) <= 0 || (start - head) % 8) {
			*fault = head != start &&
				 !(r->pushed && r->pushed_head == head);
			r->pushed = true;
			r->pushed_head = head;
			return 0;
		}
		pos = head;
		n = ring_walk(r, &pos, head + (start - head < ds ?
					       start - head : ds), want);
		/* a lapped window may end at a record it cuts; an unlapped
		 * range ends at the start or at a fault, reported once */
		*fault = start - head <= ds && pos != start &&
			 !(r->pushed && r->pushed_head == head);
		r->pushed = true;
		r->pushed_head = head;
		return n;
	}
	if ((int64_t)(head - pos) < 0 || head - pos >= ds) {
		*fault = head != pos;
		return 0;
	}
	if (r->garbled) {
		n = ring_walk(r, &pos, head, want);
		*fault = pos != head;
		return n;
	}
	while ((e = owed(r, head)) && e->start == pos && e->size >= 8 &&
	       e->size % 8 == 0) {
		sink(want, fake_ring_entry_bytes(r->ring, e), e->size);
		pos += e->size;
		r->next_row++;
		n++;
	}
	*fault = pos != head;
	*next_row = r->next_row;
	r->next_row = saved;
	return n;
}

/* Whether len bytes of a walk's records end on one of their boundaries. */
static bool on_boundary(const struct sink_buf *want, size_t len)
{
	size_t at = 0;
	uint16_t size;

	while (at < len) {
		memcpy(&size, want->bytes + at + 6, sizeof(size));
		at += size;
	}
	return at == len;
}

static void judge_push_hostile(struct run *r, const struct sink_buf *got,
			       const struct sink_buf *want, int ret,
			       bool fault, uint64_t tail0, size_t next_row)
{
	uint64_t tail = fake_ring_data_tail(r->ring);
	size_t common = got->len < want->len ? got->len : want->len;
	long at = diag_first_difference(got->bytes, want->bytes, common);
	char c0[48], c1[48];

	/* forward: nothing, or every record before the fault; backward:
	 * the walk may stop early, where the reader's last cycle began */
	if (got->len > want->len || at >= 0 ||
	    (!r->overwrite && got->len && got->len != want->len) ||
	    !on_boundary(want, got->len))
		fail(r, "push-hostile-bytes",
		     "push on a corrupt ring delivered %zu bytes in %d chunks; "
			"it may deliver nothing, or the %zu bytes of the whole "
			"records before the first one it cannot validate; the "
			"first byte past them or differing is at %ld: "
			"zero-size (8)", got->len, got->calls, want->len,
		     at >= 0 ? at : (long)common);
	if (got->calls > 2)
		fail(r, "push-chunks",
		     "push called the sink %d times (at most two chunks)",
		     got->calls);
	if (fault && ret != -1)
		fail(r, "push-hostile-silent",
		     "push returned %d on a ring it could not read to its "
			"head: it must report the fault (-1)", ret);
	if (!fault && ret != 0 && ret != -1 && !(ret == 1 && !got->len))
		fail(r, "push-error", "push returned %d", ret);
	if (r->overwrite)
		return;
	if (tail != tail0 + got->len)
		fail(r, (int64_t)(tail - tail0 - got->len) > 0 ?
			"tail-ahead" : "tail-behind",
		     "push on a corrupt ring moved data_tail from %s to %s "
			"after delivering %zu bytes: it releases what it "
			"delivered, nothing past it",
		     diag_counter(c0, sizeof(c0), tail0),
		     diag_counter(c1, sizeof(c1), tail), got->len);
	r->delivered_end = tail;
	if (got->len)
		r->next_row = next_row;
}

static void do_push(struct run *r, bool failing)
{
	struct sink_buf got = { .failing = failing }, want = { 0 };
	uint64_t tail0 = fake_ring_data_tail(r->ring), end = 0;
	char c0[48], c1[48];
	size_t next_row, n, new_len = 0;
	bool fault = false;
	int ret;

	if (r->corrupted)
		n = push_expect_hostile(r, &want, &next_row, &fault);
	else
		n = push_expect(r, &want, &new_len, &next_row, &end);
	if (!r->overwrite)
		new_len = want.len;
	before_call(r);
	ret = r->ops->push(r->rd, &got, sink);
	after_call(r, "push");
	if (r->corrupted && !failing) {
		judge_push_hostile(r, &got, &want, ret, fault, tail0, next_row);
		goto out;
	}
	if (failing) {
		if (n && ret != -1)
			fail(r, "push-sink-error",
			     "push returned %d when the sink failed", ret);
		if (fake_ring_data_tail(r->ring) != tail0)
			fail(r, "push-tail-moved",
			     "push moved data_tail from %s to %s although the "
			     "sink failed", diag_counter(c0, sizeof(c0), tail0),
			     diag_counter(c1, sizeof(c1),
					  fake_ring_data_tail(r->ring)));
		goto out;
	}
	if (ret == 1 && n)
		fail(r, "push-missed",
		     "push said nothing new, but %zu records were owed", n);
	if (ret != 0 && ret != 1)
		fail(r, "push-error",
		     "push returned %d on a conforming ring", ret);
	if (got.calls > 2)
		fail(r, "push-chunks",
		     "push called the sink %d times (at most two chunks)",
		     got.calls);
	if ((got.len != want.len && got.len != new_len) ||
	    (got.len && memcmp(got.bytes, want.bytes, got.len)))
		fail(r, "push-wrong",
		     "push delivered %zu bytes in %d chunks, the ledger owes "
			"%zu bytes (%zu records); the first differing byte "
			"is at %ld of the cycle",
		     got.len, got.calls, want.len, n,
		     diag_first_difference(got.bytes, want.bytes,
					   got.len < want.len ? got.len
							      : want.len));
	if (ret == 1)
		goto out;	/* nothing new: nothing consumed either */
	if (r->overwrite) {
		r->boundary = r->boundary_next;
		r->first_cycle = false;
	} else {
		r->next_row = next_row;
		r->delivered_end = end;
		check_tail(r, "push");
	}
out:
	free(got.bytes);
	free(want.bytes);
}

/* --- the writer --- */

static void do_write(struct run *r, unsigned int size, uint32_t type,
		     const uint8_t *bytes)
{
	int ret;

	if (!bytes)
		fake_ring_make_record(r->rec, type ? type : FAKE_RING_TYPE_SAMPLE,
				      size, r->seq++);
	ret = fake_ring_write(r->ring, bytes ? bytes : r->rec, size, NULL);
	if (ret < 0)
		fail(r, "scenario-error",
		     "scenario error: %s", fake_ring_error(r->ring));
	if (ret == 1 && r->keeps_oldest && !fake_ring_paused(r->ring))
		fail(r, "backward-writable",
		     "ledger row %zu was dropped: the reader mapped the "
			"backward ring writable, so the kernel honours "
			"data_tail and keeps the oldest data instead of "
			"overwriting it: overwrite-mapped-writable (2)",
		     fake_ring_ledger_count(r->ring) - 1);
}

static void poke_size(struct run *r, uint32_t size, int64_t past)
{
	struct perf_event_header hdr = { .type = 9, .size = (uint16_t)size };
	uint64_t head = fake_ring_data_head(r->ring);
	uint64_t at = r->overwrite ? head - (uint64_t)past : head;

	fake_ring_poke(r->ring, at, &hdr, sizeof(hdr));
	fake_ring_publish_raw_head(r->ring, r->overwrite ? at
							 : head + (uint64_t)past);
}

static void garbage(struct run *r, uint32_t head, int64_t seed)
{
	unsigned long ds = cfg_of(r)->data_size, i;
	uint64_t x = (uint64_t)seed * 0x9e3779b97f4a7c15ull + 1;
	uint8_t *buf = malloc(ds);

	for (i = 0; i < ds; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		buf[i] = (uint8_t)x;
		if (i % 8 == 7 && (x >> 20) % 3 == 0)
			buf[i] = 0;	/* small sizes are the sharp ones */
	}
	fake_ring_poke(r->ring, 0, buf, ds);
	free(buf);
	fake_ring_publish_raw_head(r->ring, r->s->cfg.start +
				   (r->overwrite ? -(uint64_t)head : head));
}

static void writer_step(struct run *r, const struct step *st)
{
	int64_t i;

	r->writer_acted = true;
	switch (st->op) {
	case ST_WRITE:
		for (i = 0; i < (st->arg2 >> 32 ? st->arg2 >> 32 : 1); i++)
			do_write(r, st->arg, (uint32_t)st->arg2, st->bytes);
		break;
	case ST_RESERVE:
		fake_ring_make_record(r->rec, FAKE_RING_TYPE_SAMPLE, st->arg,
				      r->seq++);
		if (r->ntokens < 16 &&
		    fake_ring_reserve(r->ring, r->rec, st->arg, NULL,
				      &r->tokens[r->ntokens]) == 0)
			r->ntokens++;
		break;
	case ST_COMMIT:
		if (r->ntokens)
			fake_ring_commit(r->ring, r->tokens[--r->ntokens]);
		break;
	case ST_PAUSE:
		fake_ring_pause(r->ring, true);
		break;
	case ST_RESUME:
		fake_ring_pause(r->ring, false);
		break;
	case ST_STALE_HEAD:
		fake_ring_publish_stale_head(r->ring);
		r->stale_head = true;
		break;
	case ST_REPUBLISH:
		fake_ring_publish_head(r->ring);
		r->stale_head = false;
		break;
	case ST_POKE_SIZE:
		r->corrupted = true;
		poke_size(r, st->arg, st->arg2);
		break;
	case ST_RAW_HEAD:
		r->corrupted = true;
		fake_ring_publish_raw_head(r->ring,
					   r->s->cfg.start + (uint64_t)st->arg2);
		break;
	case ST_GARBAGE:
		r->corrupted = true;
		r->garbled = true;
		garbage(r, st->arg, st->arg2);
		break;
	case ST_UNALIGNED_FILL:
		r->corrupted = true;
		do_write(r, 12, 0, NULL);
		break;
	}
}

static void reader_step(struct run *r, const struct step *st)
{
	const struct perf_event_header *ev;

	/* Callers skip a cycle whose read_init failed (perf's own do):
	 * a reader is not judged on calls the usage never makes. */
	if (!r->in_cycle && st->op != RD_INIT && st->op != RD_PUSH &&
	    st->op != RD_PUSH_FAIL)
		return;
	switch (st->op) {
	case RD_INIT:
		do_init(r);
		break;
	case RD_EVENT:
		if (!do_event(r) && r->overwrite && r->in_cycle)
			overwrite_end(r, "read_event returned NULL");
		break;
	case RD_DRAIN:
	case RD_DRAIN_EACH:
		/* bounded: the oracle fails a cycle past its snapshot or
		 * past data_size bytes, and the runner's time limit the rest */
		while ((ev = do_event(r)))
			if (st->op == RD_DRAIN_EACH)
				do_consume(r);
		if (r->overwrite && r->in_cycle)
			overwrite_end(r, "read_event returned NULL");
		break;
	case RD_CONSUME:
		do_consume(r);
		break;
	case RD_DONE:
		do_done(r);
		break;
	case RD_PUSH:
	case RD_PUSH_FAIL:
		do_push(r, st->op == RD_PUSH_FAIL);
		break;
	}
}

/* --- the callback entry (ABI version 2, drain) --- */

struct drain_ctx {
	struct run	*r;
	int		at;	/* the next step of the cycle to run */
	int		end;	/* the cycle's read_done (or the last step) */
	bool		all;	/* the usage takes every record from here */
	bool		stop;	/* it takes no more: ask the reader to stop */
	size_t		records;
};

/*
 * Runs the cycle's writer steps up to the next record its usage takes (a
 * read_event, or every record from a drain on); none left: stop. What a
 * pull reader would do between two read_event calls happens between two
 * callbacks. A callback reader releases when drain returns: the cycle's
 * consume steps have no counterpart.
 */
static void drain_advance(struct drain_ctx *c)
{
	const struct step *st;

	for (; !c->all && c->at < c->end; c->at++) {
		st = &c->r->s->steps[c->at];
		if (st->op == RD_EVENT) {
			c->at++;
			return;
		}
		if (st->op == RD_DRAIN || st->op == RD_DRAIN_EACH) {
			c->all = true;
			c->at++;
			return;
		}
		if (st->op < RD_INIT) {
			c->r->step = c->at;
			writer_step(c->r, st);
		}
	}
	c->stop = !c->all;
}

/* The count a LOST record reports: the ledger's, or for a kernel's record
 * the u64 after the header and the id (struct lost_event). */
static long long lost_truth(struct run *r, const struct fake_ring_entry *e)
{
	uint64_t lost;

	if (e->is_lost)
		return (long long)e->lost;
	if (e->type != FAKE_RING_TYPE_LOST || e->size < 24)
		return -1;
	memcpy(&lost, fake_ring_entry_bytes(r->ring, e) + 16, 8);
	return (long long)lost;
}

static int drain_record(void *ctx, const struct perf_event_header *ev,
			long long lost)
{
	struct drain_ctx *c = ctx;
	struct run *r = c->r;
	const struct fake_ring_entry *e;
	long long truth;

	after_call(r, "drain");
	if (c->stop)
		fail(r, "drain-after-stop",
		     "drain went on after the callback asked it to stop");
	if (!ev)
		fail(r, "drain-null", "drain handed the callback a NULL record");
	if (r->overwrite)
		judge_overwrite(r, ev);
	else
		judge_forward(r, ev);
	c->records++;
	if (!r->corrupted) {
		e = fake_ring_ledger_entry(r->ring, r->overwrite
					   ? r->expect[r->cursor - 1]
					   : r->next_row - 1);
		truth = lost_truth(r, e);
		if (lost >= 0 && truth < 0)
			fail(r, "lost-count-invented",
			     "drain reported a LOST count of %lld for a "
				"record of type %u", lost, ev->type);
		if (lost >= 0 && lost != truth)
			fail(r, "lost-count-wrong",
			     "drain decoded a LOST count of %lld where the "
				"LOST record reports %lld: lost-count-from-id "
				"(11)", lost, truth);
	}
	drain_advance(c);
	/* what the reader sees when it reloads the head now (clause 1.4) */
	if (r->stale_head &&
	    (int64_t)(fake_ring_data_head(r->ring) - r->low_head) < 0)
		r->low_head = fake_ring_data_head(r->ring);
	before_call(r);
	return c->stop;
}

/*
 * One cycle of a callback reader: steps [from, end) of the scenario, from
 * its read_init on. all: every record (the final drain). When drain
 * returns, what it delivered must be released and, unless the usage
 * stopped it early, nothing published before it began may be left.
 */
static int drain_cycle(struct run *r, int from, int end, bool all)
{
	struct drain_ctx c = { .r = r, .at = from + 1, .end = end,
			       .all = all };
	const struct fake_ring_entry *e;
	int ret;

	drain_advance(&c);
	if (c.stop)	/* the usage takes no record: no cycle */
		goto writers;
	r->step = from;
	before_call(r);
	r->snap_head = fake_ring_data_head(r->ring);
	r->low_head = r->snap_head;
	r->cycle_bytes = 0;
	r->in_cycle = true;
	if (r->overwrite && !r->corrupted)
		overwrite_expect(r);
	ret = reader_drain(r->ops)(r->rd, &c, drain_record);
	after_call(r, "drain");
	r->step = c.at;
	/* a head lower than before (pre-2019 kernels): an error is a fine
	 * answer, as from read_init */
	if (ret && !r->corrupted && !r->stale_head)
		fail(r, "drain-error", "drain returned %d on a conforming ring",
		     ret);
	if (r->overwrite) {
		if (!c.stop)
			overwrite_end(r, "drain returned");
		r->boundary = r->boundary_next;
		r->first_cycle = false;
	} else {
		check_tail(r, "drain");
		/*
		 * A reader that reloads the head may stop at a lower one
		 * shown mid-cycle, as a pull reader's read_event may return
		 * NULL there (1.4: nothing new); what lies below it is
		 * still owed. The reload itself is judged where records
		 * come past the snapshot (12).
		 */
		e = r->corrupted || c.stop ? NULL : owed(r, r->low_head);
		if (e)
			fail(r, "drain-missed",
			     "drain returned before ledger row %zu (start %"
				PRIu64 "), published before it began",
			     r->next_row, e->start);
	}
	r->in_cycle = false;
writers:
	for (; c.at < end; c.at++)
		if (r->s->steps[c.at].op < RD_INIT) {
			r->step = c.at;
			writer_step(r, &r->s->steps[c.at]);
		}
	/* where the caller goes on: past the read_done, or at the next
	 * read_init */
	return end < r->s->nsteps && r->s->steps[end].op == RD_DONE ? end
								  : end - 1;
}

/* The read_done that ends the cycle starting at from (or the next
 * read_init, or the end). */
static int cycle_end(const struct scenario *s, int from)
{
	int i;

	for (i = from + 1; i < s->nsteps && s->steps[i].op != RD_DONE &&
			   s->steps[i].op != RD_INIT; i++)
		;
	return i;
}

/* After the steps: the writer settles and the reader drains. */
static void final_drain(struct run *r)
{
	const struct fake_ring_entry *e;
	char c[48];
	int i;

	r->step = r->s->nsteps;
	while (r->ntokens)
		fake_ring_commit(r->ring, r->tokens[--r->ntokens]);
	fake_ring_publish_head(r->ring);
	r->stale_head = false;
	r->writer_acted = true;
	if (r->corrupted)
		return;
	if (r->overwrite) {
		fake_ring_pause(r->ring, true);
		if (r->callback) {
			drain_cycle(r, r->s->nsteps, r->s->nsteps, true);
			return;
		}
		do_init(r);
		reader_step(r, &(struct step){ RD_DRAIN, 0, 0, NULL });
		do_done(r);
		return;
	}
	fake_ring_pause(r->ring, false);
	for (i = 0; i < DRAIN_CYCLES && r->callback; i++) {
		size_t row = r->next_row;

		drain_cycle(r, r->s->nsteps, r->s->nsteps, true);
		if (row == r->next_row)
			break;
	}
	for (i = 0; i < DRAIN_CYCLES && !r->callback; i++) {
		do_init(r);
		if (!r->in_cycle)
			break;
		/* in the way the reader releases */
		if (reader_caps(r->ops) & RINGCHECK_CAP_RELEASE_RECORD) {
			reader_step(r, &(struct step){ .op = RD_DRAIN_EACH });
		} else {
			reader_step(r, &(struct step){ .op = RD_DRAIN });
			do_consume(r);
		}
		do_done(r);
	}
	e = owed(r, fake_ring_data_head(r->ring));
	if (e)
		fail(r, "never-delivered",
		     "ledger row %zu (start %s, %u bytes) was never "
		     "delivered: a read_done that moves past records not "
		     "returned is read-done-skips (7)", r->next_row,
		     diag_counter(c, sizeof(c), e->start), e->size);
}

/* The fd entry: the writer then follows the protection the reader chose. */
static void open_by_fd(struct run *r)
{
	const struct fake_ring_config *cfg = cfg_of(r);
	struct ringcheck_fd_ring ring = { fake_ring_fd(r->ring), cfg->page_size,
					  cfg->data_size, cfg->backward };
	int writable = 1;

	r->rd = reader_open_fd(r->ops)(&ring);
	if (!r->rd)
		fail(r, "open-refused", "open_fd refused a conforming %s ring",
		     fake_ring_mode_name(cfg));
	writable = fd_reader_mapping(ring.fd, fake_ring_base(r->ring),
				     fake_ring_control_page(r->ring), &r->ring_lo,
				     &r->ring_hi);
	r->ring_lo += cfg->page_size;
	/* a forward ring mapped read-only cannot be consumed, and faults on
	 * the first consume: only a backward ring's mode depends on it */
	if (!cfg->backward && writable >= 0)
		writable = 1;
	if (writable == -2)
		fail(r, "scenario-error", "cannot read /proc/self/maps");
	if (writable < 0)
		fail(r, "open-fd-unmapped",
		     "open_fd did not map the ring's control page from the "
			"fd it was given");
	r->keeps_oldest = cfg->backward && writable;
	fake_ring_set_overwrite(r->ring, !writable);
}

static void describe(struct run *r, FILE *out)
{
	const struct scenario *s = r->s;
	int i;

	fprintf(out, "case %s: %s\n", s->id, r->res->msg);
	fprintf(out, "steps (the fault at %s):\n",
		r->res->step < s->nsteps ? ">>" : "the final drain");
	for (i = 0; i < s->nsteps; i++) {
		const struct step *st = &s->steps[i];

		fprintf(out, "  %s %3d %s", i == r->res->step ? ">>" : "  ", i,
			step_name(st->op));
		if (st->op == ST_WRITE)
			fprintf(out, " %u x%" PRId64, st->arg,
				st->arg2 >> 32 ? st->arg2 >> 32 : 1);
		else if (st->op == ST_RESERVE || st->op == ST_POKE_SIZE)
			fprintf(out, " %u", st->arg);
		fputc('\n', out);
	}
	if (!r->overwrite)
		fprintf(out, "delivered so far: up to counter %" PRIu64
			     "; next owed: ledger row %zu\n",
			r->delivered_end, r->next_row);
	else
		fprintf(out, "this cycle: %zu of %zu whole new records "
			     "delivered (rows from %zu on are new)\n",
			r->cursor, r->nexpect, r->boundary);
	if (r->diff_row)
		diag_hexdump_pair(out,
				  fake_ring_entry_bytes(r->ring, r->diff_row),
				  r->last_copy, r->diff_row->size,
				  (size_t)r->diff_at);
	fake_ring_draw(r->ring, out);
}

void oracle_run(const struct scenario *s, const struct ringcheck_reader_ops *ops,
		struct oracle_result *res, FILE *report)
{
	const struct fake_ring_config *cfg;
	struct fake_ring_config ring_cfg;
	struct run *r = calloc(1, sizeof(*r));
	struct ringcheck_ring desc;
	int i;

	if (s->evlist) {	/* many rings: engine/oracle_evlist.c */
		free(r);
		oracle_evlist_run(s, ops, res, report);
		return;
	}
	memset(res, 0, sizeof(*res));
	if (scenario_unsupported(s, ops)) {
		res->verdict = VERDICT_SKIP;
		snprintf(res->msg, sizeof(res->msg), "unsupported: %s",
			 scenario_unsupported(s, ops));
		free(r);
		return;
	}
	r->s = s;
	r->ops = ops;
	r->res = res;
	ring_cfg = s->cfg;
	if (reader_open_fd(ops))
		ring_cfg.flags |= FAKE_RING_READER_MAPS;
	r->ring = get_ring(&ring_cfg);
	cfg = fake_ring_config(r->ring);
	r->overwrite = cfg->overwrite;
	r->callback = !ops->read_init && reader_drain(ops);
	r->delivered_end = cfg->start;
	r->ctrl = malloc(CTRL_CHECKED);
	r->rec = malloc(65536);
	r->last_copy = malloc(65536);
	r->held_copy = malloc(65536);
	r->ring_lo = (uintptr_t)fake_ring_base(r->ring) + cfg->page_size;
	r->ring_hi = r->ring_lo + 2 * cfg->data_size;
	desc = (struct ringcheck_ring){ fake_ring_base(r->ring), cfg->page_size,
					cfg->data_size, cfg->overwrite };

	if (setjmp(r->fail) == 0) {
		/* an fd reader maps the ring before anything is written, as
		 * a perf fd is mapped before its event is enabled */
		if (reader_open_fd(ops))
			open_by_fd(r);
		/* what the kernel wrote before a reader given the mapping
		 * came */
		for (i = 0; i < s->nhistory; i++) {
			r->step = i;
			writer_step(r, &s->steps[i]);
		}
		r->first_cycle = true;
		if (!r->rd) {
			r->opened_rows = fake_ring_ledger_count(r->ring);
			r->rd = ops->open(&desc);
			if (!r->rd)
				fail(r, "open-refused",
				     "open refused a conforming %s ring",
				     fake_ring_mode_name(cfg));
		}
		for (; i < s->nsteps; i++) {
			r->step = i;
			if (s->steps[i].op < RD_INIT)
				writer_step(r, &s->steps[i]);
			else if (r->callback && s->steps[i].op == RD_INIT)
				i = drain_cycle(r, i, cycle_end(s, i), false);
			else
				reader_step(r, &s->steps[i]);
		}
		final_drain(r);
		res->verdict = VERDICT_PASS;
	} else if (report) {
		describe(r, report);
	}
	if (r->rd)
		ops->close(r->rd);
	fake_ring_set_overwrite(r->ring, s->cfg.overwrite);
	check_ctrl_rest(r, res);
	free(r->expect);
	free(r->ctrl);
	free(r->rec);
	free(r->last_copy);
	free(r->held_copy);
	free(r);
}
