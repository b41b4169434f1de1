/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ledger behind fake_ring: one row per write request and per LOST record
 * the writer made, with a copy of the bytes. Internal to fake_ring/.
 */
#ifndef FAKE_RING_LEDGER_H
#define FAKE_RING_LEDGER_H

#include "fake_ring.h"

struct ledger {
	struct fake_ring_entry	*entries;
	size_t			count;
	size_t			cap;
	uint8_t			*arena;
	size_t			arena_len;
	size_t			arena_cap;
};

void ledger_init(struct ledger *l);
void ledger_free(struct ledger *l);
void ledger_clear(struct ledger *l);
/* Appends a row with a copy of the bytes; returns its index. */
long ledger_add(struct ledger *l, uint64_t start, const void *bytes,
		unsigned int size, enum fake_ring_outcome outcome);
/* Dropped rows in [from, lost_index) are reported by that LOST row. */
void ledger_mark_reported(struct ledger *l, size_t from, long lost_index);
const uint8_t *ledger_bytes(const struct ledger *l,
			    const struct fake_ring_entry *e);
uint64_t ledger_count(const struct ledger *l, enum fake_ring_outcome outcome);

#endif /* FAKE_RING_LEDGER_H */
