/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ledger behind fake_ring: one row per write request and per LOST record
 * the writer made, with a copy of the bytes. Internal to fake_ring/.
 *
 * Rows are numbered in the order they were made, for good. A long-running
 * user (ringcheck sim) may fold rows that can no longer matter into counts
 * (ledger_fold()); the rows kept stay in order and keep their numbers, so
 * memory follows what is still in the ring, not how much was written.
 *
 * Rows, their numbers and the bytes live in arenas (arena.h) that the
 * process sees read-only: the writer changes them through the writable
 * views below, everyone else is handed pointers into the read-only ones
 * (ledger_ro()), so a stray write there faults instead of changing the
 * truth a verdict is judged against.
 */
#ifndef FAKE_RING_LEDGER_H
#define FAKE_RING_LEDGER_H

#include <string.h>

#include "arena.h"
#include "fake_ring.h"

struct ledger {
	/* the writable views of the three arenas below */
	struct fake_ring_entry	*entries;	/* the rows kept */
	size_t			*rows;		/* their numbers, ascending,
						 * once a fold left gaps:
						 * before, number = index */
	uint8_t			*arena;		/* the bytes of the rows */
	size_t			count;		/* rows kept */
	size_t			cap;		/* rows the arenas hold */
	size_t			end;		/* rows ever made */
	uint64_t		folded[3];	/* folded non-LOST rows by
						 * enum fake_ring_outcome */
	size_t			row_cap;	/* numbers the arena holds */
	size_t			arena_len;
	size_t			arena_cap;
	struct arena		entry_arena, row_arena, byte_arena;
};

void ledger_init(struct ledger *l);
void ledger_free(struct ledger *l);
void ledger_clear(struct ledger *l);
/* Room for one more row of size bytes (the arenas grow). */
void ledger_make_room(struct ledger *l, unsigned int size);

/*
 * Appends a row with a copy of the bytes (at least a header's worth);
 * returns it, numbered l->end - 1. Inline: the writer makes a row for
 * every record, and the call would cost as much as the row.
 */
static inline struct fake_ring_entry *ledger_add(struct ledger *l,
		uint64_t start, const void *bytes, unsigned int size,
		enum fake_ring_outcome outcome)
{
	struct fake_ring_entry *e;
	uint32_t type;

	if (l->count == l->cap || l->arena_cap - l->arena_len < size)
		ledger_make_room(l, size);
	memcpy(&type, bytes, sizeof(type));	/* perf_event_header.type */
	e = &l->entries[l->count];
	*e = (struct fake_ring_entry){
		.start = start,
		.size = size,
		.type = type,
		.outcome = outcome,
		.reported_by = -1,
		.bytes = l->arena_len,
	};
	memcpy(l->arena + l->arena_len, bytes, size);
	l->arena_len += size;
	if (l->count != l->end)		/* numbered since a fold */
		l->rows[l->count] = l->end;
	l->count++;
	l->end++;
	return e;
}
/* Row number row (writable view), or NULL if folded or never made. */
struct fake_ring_entry *ledger_row(const struct ledger *l, size_t row);
/* The number of a kept row. */
size_t ledger_row_number(const struct ledger *l,
			 const struct fake_ring_entry *e);
/* Dropped rows in [from, lost_index) are reported by that LOST row. */
void ledger_mark_reported(struct ledger *l, size_t from, long lost_index);
/* The bytes of row e (either view), through the read-only view. */
const uint8_t *ledger_bytes(const struct ledger *l,
			    const struct fake_ring_entry *e);
/* Row e (either view) through the read-only view, and the writable one. */
const struct fake_ring_entry *ledger_ro(const struct ledger *l,
					const struct fake_ring_entry *e);
struct fake_ring_entry *ledger_rw(const struct ledger *l,
				  const struct fake_ring_entry *e);
uint64_t ledger_count(const struct ledger *l, enum fake_ring_outcome outcome);
/* Drops the kept rows whose keep[] is false (indices of kept rows) into
 * the counts, compacting rows and bytes. */
void ledger_fold(struct ledger *l, const bool *keep);

#endif /* FAKE_RING_LEDGER_H */
