// SPDX-License-Identifier: GPL-2.0-only
/*
 * Clause 3: push delivers the bytes a cycle owes in at most two chunks,
 * releases what it delivered, and releases nothing when the sink fails.
 * On a corrupt ring, push_hostile.c says what it may deliver.
 */
#include <stdlib.h>
#include <string.h>

#include "diagnose.h"
#include "judge_internal.h"

int judge_bytes_add(struct judge_bytes *b, const void *buf,
		    unsigned long len)
{
	b->calls++;
	if (b->failing)
		return -1;
	if (b->len + len > b->cap) {
		b->cap = 2 * (b->len + len);
		b->bytes = realloc(b->bytes, b->cap);
	}
	memcpy(b->bytes + b->len, buf, len);
	b->len += len;
	return 0;
}

int judge_push_sink(void *ctx, const void *buf, unsigned long len)
{
	return judge_bytes_add(&((struct judge_push *)ctx)->got, buf, len);
}

/*
 * The bytes one cycle owes now, and where the judge stands after it;
 * p->new_len: the bytes of the records written since the reader opened
 * the ring, the shorter answer a first backward cycle may give.
 */
static size_t push_expect(struct judge *j, struct judge_push *p)
{
	const struct fake_ring_entry *e;
	size_t saved = j->next_row, i;

	p->end = j->delivered_end;
	if (j->overwrite) {
		judge_overwrite_expect(j);
		for (i = 0; i < j->nexpect; i++) {
			e = fake_ring_ledger_entry(j->ring, j->expect[i]);
			judge_bytes_add(&p->want,
					fake_ring_entry_bytes(j->ring, e),
					e->size);
			if (i + 1 == j->nexpect_new)
				p->new_len = p->want.len;
		}
		p->next_row = 0;
		return j->nexpect_new;
	}
	for (i = 0; (e = judge_owed(j, fake_ring_data_head(j->ring))); i++) {
		judge_bytes_add(&p->want, fake_ring_entry_bytes(j->ring, e),
				e->size);
		p->end = e->start + e->size;
		j->next_row++;
	}
	p->next_row = j->next_row;
	j->next_row = saved;
	return i;
}

/* A push is about to be called; failing: its sink will fail. */
struct judge_push *judge_push_begin(struct judge *j, bool failing)
{
	struct judge_push *p = &j->push;

	p->got.len = p->want.len = 0;
	p->got.calls = p->want.calls = 0;
	p->got.failing = failing;
	p->want.failing = false;
	p->failing = failing;
	p->tail0 = fake_ring_data_tail(j->ring);
	p->end = 0;
	p->new_len = 0;
	p->fault = PUSH_CLEAN;
	if (j->corrupted)
		p->n = judge_push_expect_hostile(j, &p->want, &p->next_row,
						 &p->fault);
	else
		p->n = push_expect(j, p);
	if (!j->overwrite)
		p->new_len = p->want.len;
	return p;
}

static void judge_push_failing(struct judge *j, struct judge_push *p, int ret)
{
	char c0[48], c1[48];

	if (p->n && ret != -1)
		judge_fail(j, "push-sink-error",
			   "push returned %d when the sink failed", ret);
	if (fake_ring_data_tail(j->ring) != p->tail0)
		judge_fail(j, "push-tail-moved",
			   "push moved data_tail from %s to %s although the "
			   "sink failed", diag_counter(c0, sizeof(c0), p->tail0),
			   diag_counter(c1, sizeof(c1),
					fake_ring_data_tail(j->ring)));
}

void judge_push_end(struct judge *j, struct judge_push *p, int ret)
{
	const struct judge_bytes *got = &p->got, *want = &p->want;

	if (j->corrupted && !p->failing) {
		judge_push_hostile(j, got, want, ret, p->fault, p->tail0,
				   p->next_row);
		return;
	}
	if (p->failing) {
		judge_push_failing(j, p, ret);
		return;
	}
	if (ret == 1 && p->n)
		judge_fail(j, "push-missed",
			   "push said nothing new, but %zu records were owed",
			   p->n);
	if (ret != 0 && ret != 1)
		judge_fail(j, "push-error",
			   "push returned %d on a conforming ring", ret);
	if (got->calls > 2)
		judge_fail(j, "push-chunks",
			   "push called the sink %d times (at most two chunks)",
			   got->calls);
	if ((got->len != want->len && got->len != p->new_len) ||
	    (got->len && memcmp(got->bytes, want->bytes, got->len)))
		judge_fail(j, "push-wrong",
			   "push delivered %zu bytes in %d chunks, the ledger "
			   "owes %zu bytes (%zu records); the first differing "
			   "byte is at %ld of the cycle",
			   got->len, got->calls, want->len, p->n,
			   diag_first_difference(got->bytes, want->bytes,
						 got->len < want->len ?
						 got->len : want->len));
	if (ret == 1)
		return;	/* nothing new: nothing consumed either */
	if (j->overwrite) {
		j->boundary = j->boundary_next;
		j->first_cycle = false;
	} else {
		j->next_row = p->next_row;
		j->delivered_end = p->end;
		judge_tail(j, "push");
	}
}
