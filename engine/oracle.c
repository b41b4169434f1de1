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

#include "oracle.h"
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
	/* lifetime */
	const struct perf_event_header	*last_ev;
	uint8_t				*last_copy;
	bool				writer_acted;
	/* nested reservations */
	long				tokens[16];
	int				ntokens;
	bool				corrupted;
	bool				stale_head;	/* quirk showing */
	uint8_t				*ctrl;
	uint8_t				*rec;
	uint64_t			seq;
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

static void __attribute__((noreturn, format(printf, 2, 3)))
fail(struct run *r, const char *fmt, ...)
{
	va_list ap;

	r->res->verdict = VERDICT_FAIL;
	r->res->step = r->step;
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
		fail(r, "the record read_event returned changed under writer "
			"activity before the next call: the reader handed out "
			"space it had released (lifetime)");
	r->last_ev = NULL;
	r->writer_acted = false;
	memcpy(r->ctrl, fake_ring_control_page(r->ring), CTRL_CHECKED);
}

static void after_call(struct run *r, const char *call)
{
	const uint8_t *now = fake_ring_control_page(r->ring);
	size_t i;

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
		fail(r, "%s wrote the control page at offset %zu: a reader "
			"writes nothing but data_tail", call, i);
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
		fail(r, "read_event returned a record of size %u: the kernel "
			"writes none below 8 or off 8-byte alignment, a reader "
			"stops there", ev->size);
	/* A forward ring never has a whole ring outstanding: bytes from
	 * such a range are stale, whatever they look like. */
	if (!r->overwrite && r->corrupted &&
	    r->snap_head - r->delivered_end >= cfg_of(r)->data_size)
		fail(r, "read_event returned a record although data_head is "
			"%" PRIu64 " bytes past what was delivered, more than "
			"the data area holds", r->snap_head - r->delivered_end);
	r->cycle_bytes += ev->size;
	if (r->cycle_bytes > cfg_of(r)->data_size)
		fail(r, "one cycle returned %" PRIu64 " bytes from a %lu-byte "
			"data area", r->cycle_bytes, cfg_of(r)->data_size);
}

static void keep_for_lifetime(struct run *r, const struct perf_event_header *ev)
{
	r->last_ev = ev;
	memcpy(r->last_copy, ev, ev->size);
}

static void judge_forward(struct run *r, const struct perf_event_header *ev)
{
	const struct fake_ring_entry *e;

	if (r->corrupted) {
		check_structure(r, ev);
		return;
	}
	e = owed(r, r->snap_head);
	if (!e) {
		e = owed(r, fake_ring_data_head(r->ring));
		if (e && ev->size == e->size &&
		    !memcmp(ev, fake_ring_entry_bytes(r->ring, e), e->size))
			fail(r, "read_event returned ledger row %zu, published "
				"after read_init (head %" PRIu64 "): the cycle "
				"is not bounded by its snapshot, a faster writer "
				"keeps the caller in the loop (12)",
			     r->next_row, r->snap_head);
		fail(r, "read_event returned a record (size %u, type %u) but "
			"the ledger owes none: duplicated or invented",
		     ev->size, ev->type);
	}
	if (ev->size != e->size ||
	    memcmp(ev, fake_ring_entry_bytes(r->ring, e), e->size))
		fail(r, "read_event returned %u bytes (type %u) where ledger "
			"row %zu (start %" PRIu64 ", %u bytes, type %u) was "
			"owed%s",
		     ev->size, ev->type, r->next_row, e->start, e->size,
		     e->type, ev->size == e->size ? ": bytes differ" : "");
	r->next_row++;
	r->delivered_end = e->start + e->size;
	keep_for_lifetime(r, ev);
}

static void check_tail(struct run *r, const char *call)
{
	uint64_t tail = fake_ring_data_tail(r->ring);

	if (r->corrupted || tail == r->delivered_end)
		return;
	fail(r, "after %s data_tail is %" PRIu64 ", the end of what was "
		"returned is %" PRIu64 ": %s",
	     call, tail, r->delivered_end,
	     (int64_t)(tail - r->delivered_end) > 0
		     ? "released records never returned"
		     : "did not release what was returned");
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
		fail(r, "read_event returned a record (size %u) after the %zu "
			"records that are whole and new in this cycle: cut by "
			"the window, or from an earlier cycle",
		     ev->size, r->nexpect);
	e = fake_ring_ledger_entry(r->ring, r->expect[r->cursor]);
	if (ev->size != e->size ||
	    memcmp(ev, fake_ring_entry_bytes(r->ring, e), e->size))
		fail(r, "record %zu of this cycle: %u bytes (type %u) where "
			"ledger row %zu (start %" PRIu64 ", %u bytes, type %u) "
			"was due, newest first%s",
		     r->cursor, ev->size, ev->type, r->expect[r->cursor],
		     e->start, e->size, e->type,
		     ev->size == e->size ? ": bytes differ" : "");
	r->cursor++;
	keep_for_lifetime(r, ev);
}

static void overwrite_end(struct run *r)
{
	if (!r->corrupted && r->cursor < r->nexpect)
		fail(r, "the cycle ended after %zu of %zu whole new records; "
			"next due: ledger row %zu",
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
		fail(r, "read_init returned %d on a conforming ring", ret);
	if (r->overwrite && !r->corrupted) {
		overwrite_expect(r);
		if (ret == -EAGAIN && r->nexpect)
			fail(r, "read_init said nothing new, but %zu whole "
				"records were written since the last cycle",
			     r->nexpect);
	} else if (!r->overwrite && ret == -EAGAIN && !r->corrupted &&
		   owed(r, r->snap_head)) {
		fail(r, "read_init said nothing new, but ledger row %zu is "
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
		fail(r, "read_event returned a record outside a cycle "
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
		overwrite_end(r);
		r->boundary = r->boundary_next;
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

/* The bytes one cycle owes now, and where the oracle stands after it. */
static size_t push_expect(struct run *r, struct sink_buf *want,
			  size_t *next_row, uint64_t *end)
{
	const struct fake_ring_entry *e;
	size_t saved = r->next_row, i;

	*end = r->delivered_end;
	if (r->overwrite) {
		overwrite_expect(r);
		for (i = 0; i < r->nexpect; i++) {
			e = fake_ring_ledger_entry(r->ring, r->expect[i]);
			sink(want, fake_ring_entry_bytes(r->ring, e), e->size);
		}
		*next_row = 0;
		return r->nexpect;
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

static void do_push(struct run *r, bool failing)
{
	struct sink_buf got = { .failing = failing }, want = { 0 };
	uint64_t tail0 = fake_ring_data_tail(r->ring), end;
	size_t next_row, n;
	int ret;

	n = push_expect(r, &want, &next_row, &end);
	before_call(r);
	ret = r->ops->push(r->rd, &got, sink);
	after_call(r, "push");
	if (failing) {
		if (n && ret != -1)
			fail(r, "push returned %d when the sink failed", ret);
		if (fake_ring_data_tail(r->ring) != tail0)
			fail(r, "push moved data_tail from %" PRIu64 " to %"
				PRIu64 " although the sink failed",
			     tail0, fake_ring_data_tail(r->ring));
		goto out;
	}
	if (ret == 1 && n)
		fail(r, "push said nothing new, but %zu records were owed", n);
	if (ret != 0 && ret != 1)
		fail(r, "push returned %d on a conforming ring", ret);
	if (got.calls > 2)
		fail(r, "push called the sink %d times (at most two chunks)",
		     got.calls);
	if (got.len != want.len || (want.len &&
				    memcmp(got.bytes, want.bytes, want.len)))
		fail(r, "push delivered %zu bytes in %d chunks, the ledger owes "
			"%zu bytes (%zu records)%s",
		     got.len, got.calls, want.len, n,
		     got.len == want.len ? ": bytes differ" : "");
	if (ret == 1)
		goto out;	/* nothing new: nothing consumed either */
	if (r->overwrite) {
		r->boundary = r->boundary_next;
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
	if (!bytes)
		fake_ring_make_record(r->rec, type ? type : FAKE_RING_TYPE_SAMPLE,
				      size, r->seq++);
	if (fake_ring_write(r->ring, bytes ? bytes : r->rec, size, NULL) < 0)
		fail(r, "scenario error: %s", fake_ring_error(r->ring));
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
			overwrite_end(r);
		break;
	case RD_DRAIN:
	case RD_DRAIN_EACH:
		/* bounded: the oracle fails a cycle past its snapshot or
		 * past data_size bytes, and the runner's time limit the rest */
		while ((ev = do_event(r)))
			if (st->op == RD_DRAIN_EACH)
				do_consume(r);
		if (r->overwrite && r->in_cycle)
			overwrite_end(r);
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

/* After the steps: the writer settles and the reader drains. */
static void final_drain(struct run *r)
{
	const struct fake_ring_entry *e;
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
		do_init(r);
		reader_step(r, &(struct step){ RD_DRAIN, 0, 0, NULL });
		do_done(r);
		return;
	}
	fake_ring_pause(r->ring, false);
	for (i = 0; i < DRAIN_CYCLES; i++) {
		do_init(r);
		if (!r->in_cycle)
			break;
		reader_step(r, &(struct step){ RD_DRAIN_EACH, 0, 0, NULL });
		do_done(r);
	}
	e = owed(r, fake_ring_data_head(r->ring));
	if (e)
		fail(r, "ledger row %zu (start %" PRIu64 ", %u bytes) was "
			"never delivered", r->next_row, e->start, e->size);
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
	fake_ring_draw(r->ring, out);
}

void oracle_run(const struct scenario *s, const struct ringcheck_reader_ops *ops,
		struct oracle_result *res, FILE *report)
{
	const struct fake_ring_config *cfg;
	struct run *r = calloc(1, sizeof(*r));
	struct ringcheck_ring desc;
	int i;

	if (s->evlist) {	/* many rings: engine/oracle_evlist.c */
		free(r);
		oracle_evlist_run(s, ops, res, report);
		return;
	}
	memset(res, 0, sizeof(*res));
	if (s->needs_push && !ops->push) {
		res->verdict = VERDICT_SKIP;
		snprintf(res->msg, sizeof(res->msg), "push not supported");
		free(r);
		return;
	}
	r->s = s;
	r->ops = ops;
	r->res = res;
	r->ring = get_ring(&s->cfg);
	cfg = fake_ring_config(r->ring);
	r->overwrite = cfg->overwrite;
	r->delivered_end = cfg->start;
	r->ctrl = malloc(CTRL_CHECKED);
	r->rec = malloc(65536);
	r->last_copy = malloc(65536);
	desc = (struct ringcheck_ring){ fake_ring_base(r->ring), cfg->page_size,
					cfg->data_size, cfg->overwrite };

	if (setjmp(r->fail) == 0) {
		if (s->nsteps && s->steps[0].op == RD_OPEN_REFUSED) {
			/* the mapping contradicts the description */
			desc.overwrite = !cfg->overwrite;
			r->rd = ops->open(&desc);
			if (r->rd)
				fail(r, "open accepted a %s ring described as "
					"%s", fake_ring_mode_name(cfg),
				     desc.overwrite ? "overwrite" : "forward");
		} else {
			r->rd = ops->open(&desc);
			if (!r->rd)
				fail(r, "open refused a conforming %s ring",
				     fake_ring_mode_name(cfg));
			for (i = 0; i < s->nsteps; i++) {
				r->step = i;
				if (s->steps[i].op < RD_INIT)
					writer_step(r, &s->steps[i]);
				else
					reader_step(r, &s->steps[i]);
			}
			final_drain(r);
		}
		res->verdict = VERDICT_PASS;
	} else if (report) {
		describe(r, report);
	}
	if (r->rd)
		ops->close(r->rd);
	free(r->expect);
	free(r->ctrl);
	free(r->rec);
	free(r->last_copy);
	free(r);
}
