// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>
#include <linux/perf_event.h>

#include "ledger.h"

static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 64;

	if (need <= *cap)
		return p;
	while (n < need)
		n *= 2;
	p = realloc(p, n * elem);
	if (!p)
		abort();	/* the ledger is the oracle: no partial truth */
	*cap = n;
	return p;
}

void ledger_init(struct ledger *l)
{
	memset(l, 0, sizeof(*l));
}

void ledger_free(struct ledger *l)
{
	free(l->entries);
	free(l->arena);
	ledger_init(l);
}

void ledger_clear(struct ledger *l)
{
	l->count = 0;
	l->arena_len = 0;
}

long ledger_add(struct ledger *l, uint64_t start, const void *bytes,
		unsigned int size, enum fake_ring_outcome outcome)
{
	struct fake_ring_entry *e;
	struct perf_event_header hdr = { 0 };

	l->entries = grow(l->entries, &l->cap, l->count + 1, sizeof(*e));
	l->arena = grow(l->arena, &l->arena_cap, l->arena_len + size, 1);
	memcpy(&hdr, bytes, size < sizeof(hdr) ? size : sizeof(hdr));
	e = &l->entries[l->count];
	*e = (struct fake_ring_entry){
		.start = start,
		.size = size,
		.type = hdr.type,
		.outcome = outcome,
		.reported_by = -1,
		.bytes = l->arena_len,
	};
	memcpy(l->arena + l->arena_len, bytes, size);
	l->arena_len += size;
	return (long)l->count++;
}

void ledger_mark_reported(struct ledger *l, size_t from, long lost_index)
{
	size_t i;

	for (i = from; i < (size_t)lost_index; i++)
		if (l->entries[i].outcome == FAKE_RING_DROPPED &&
		    l->entries[i].reported_by < 0)
			l->entries[i].reported_by = lost_index;
}

const uint8_t *ledger_bytes(const struct ledger *l,
			    const struct fake_ring_entry *e)
{
	return l->arena + e->bytes;
}

uint64_t ledger_count(const struct ledger *l, enum fake_ring_outcome outcome)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < l->count; i++)
		n += !l->entries[i].is_lost && l->entries[i].outcome == outcome;
	return n;
}
