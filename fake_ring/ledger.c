// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "ledger.h"

/* Room for need row numbers (only kept once a fold left gaps). */
static void grow_numbers(struct ledger *l, size_t need)
{
	if (need <= l->row_cap)
		return;
	arena_grow(&l->row_arena, need * sizeof(*l->rows));
	l->rows = (size_t *)l->row_arena.rw;
	l->row_cap = l->row_arena.len / sizeof(*l->rows);
}

/* Room for need rows. */
static void grow_rows(struct ledger *l, size_t need)
{
	if (need > l->cap) {
		arena_grow(&l->entry_arena, need * sizeof(*l->entries));
		l->entries = (struct fake_ring_entry *)l->entry_arena.rw;
		l->cap = l->entry_arena.len / sizeof(*l->entries);
	}
	if (l->count != l->end)
		grow_numbers(l, l->cap);
}

/* The number of the kept row at index i. */
static size_t number(const struct ledger *l, size_t i)
{
	return l->count == l->end ? i : l->rows[i];
}

static void grow_bytes(struct ledger *l, size_t need)
{
	if (need <= l->arena_cap)
		return;
	arena_grow(&l->byte_arena, need);
	l->arena = l->byte_arena.rw;
	l->arena_cap = l->byte_arena.len;
}

void ledger_init(struct ledger *l)
{
	memset(l, 0, sizeof(*l));
	arena_init(&l->entry_arena);
	arena_init(&l->row_arena);
	arena_init(&l->byte_arena);
}

void ledger_free(struct ledger *l)
{
	arena_free(&l->entry_arena);
	arena_free(&l->row_arena);
	arena_free(&l->byte_arena);
	ledger_init(l);
}

void ledger_clear(struct ledger *l)
{
	l->count = 0;
	l->end = 0;
	memset(l->folded, 0, sizeof(l->folded));
	l->arena_len = 0;
}

void ledger_make_room(struct ledger *l, unsigned int size)
{
	grow_rows(l, l->count + 1);
	grow_bytes(l, l->arena_len + size);
}

/* The index among kept rows of the first row numbered row or above. */
static size_t lower_bound(const struct ledger *l, size_t row)
{
	size_t lo = 0, hi = l->count, guess;

	if (l->count == l->end)		/* nothing folded: rows are indices */
		return row < l->count ? row : l->count;
	/* the newest rows are rarely folded: where row would be if none
	 * after it were (a commit looks up the newest reservation) */
	guess = l->count - (l->end - row);
	if (row < l->end && l->end - row <= l->count && l->rows[guess] == row)
		return guess;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->rows[mid] < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct fake_ring_entry *ledger_row(const struct ledger *l, size_t row)
{
	size_t i = lower_bound(l, row);

	return i < l->count && number(l, i) == row ? &l->entries[i] : NULL;
}

size_t ledger_row_number(const struct ledger *l,
			 const struct fake_ring_entry *e)
{
	return number(l, (size_t)(ledger_rw(l, e) - l->entries));
}

void ledger_mark_reported(struct ledger *l, size_t from, long lost_index)
{
	size_t i;

	/* folded drops were counted: nobody can ask who reported them */
	for (i = lower_bound(l, from);
	     i < l->count && number(l, i) < (size_t)lost_index; i++)
		if (l->entries[i].outcome == FAKE_RING_DROPPED &&
		    l->entries[i].reported_by < 0)
			l->entries[i].reported_by = lost_index;
}

const struct fake_ring_entry *ledger_ro(const struct ledger *l,
					const struct fake_ring_entry *e)
{
	const struct fake_ring_entry *ro =
		(const struct fake_ring_entry *)l->entry_arena.ro;

	return e >= ro && e < ro + l->cap ? e : ro + (e - l->entries);
}

struct fake_ring_entry *ledger_rw(const struct ledger *l,
				  const struct fake_ring_entry *e)
{
	return l->entries + (ledger_ro(l, e) -
			     (const struct fake_ring_entry *)l->entry_arena.ro);
}

const uint8_t *ledger_bytes(const struct ledger *l,
			    const struct fake_ring_entry *e)
{
	return l->byte_arena.ro + e->bytes;
}

uint64_t ledger_count(const struct ledger *l, enum fake_ring_outcome outcome)
{
	uint64_t n = l->folded[outcome];
	size_t i;

	for (i = 0; i < l->count; i++)
		n += !l->entries[i].is_lost && l->entries[i].outcome == outcome;
	return n;
}

void ledger_fold(struct ledger *l, const bool *keep)
{
	size_t i, kept = 0, len = 0;

	if (l->count == l->end) {	/* the first gaps: number the rows */
		grow_numbers(l, l->cap);
		for (i = 0; i < l->count; i++)
			l->rows[i] = i;
	}
	for (i = 0; i < l->count; i++) {
		struct fake_ring_entry *e = &l->entries[i];

		if (!keep[i]) {
			if (!e->is_lost)
				l->folded[e->outcome]++;
			continue;
		}
		/* bytes are in row order: moving them down never overlaps
		 * a row not yet moved */
		memmove(l->arena + len, l->arena + e->bytes, e->size);
		e->bytes = len;
		len += e->size;
		l->rows[kept] = l->rows[i];
		l->entries[kept++] = *e;
	}
	l->count = kept;
	l->arena_len = len;
}
