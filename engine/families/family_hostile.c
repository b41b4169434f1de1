// SPDX-License-Identifier: GPL-2.0-only
/*
 * hostile: a ring no correct kernel writes: bad record sizes, heads
 * behind, unaligned, far ahead or a lap ahead, garbage, and a user-space
 * writer without alignment. The reader must stay in its mapping and
 * report what it could; the checks are structural after the corruption.
 *
 * hostile-push: the same corruptions under push, with the good records
 * still unread, so the push has a prefix the ledger knows to deliver
 * before the first record it cannot validate.
 */
#include <stdio.h>

#include "families.h"

enum { MODE, DATA_SIZE, KIND, GOOD, NPARAMS };

const char *const hostile_params[] = {
	[MODE] = "mode", [DATA_SIZE] = "data_size",
	[KIND] = "kind",	/* enum hostile_kind */
	[GOOD] = "good",	/* good records before: 0 or 3 */
	NULL
};

const char hostile_scaled[] = "one more ring size a step (1 KiB, then "
	"16 KiB); the kinds are what they are";

enum hostile_kind {
	H_SIZE,		/* 0..7, 12, 44, 65535, larger than what is left */
	H_HEAD_BEHIND = 12, H_HEAD_UNALIGNED, H_HEAD_FAR, H_HEAD_LAP,
	H_MAP_RETIRED, H_HEAD_2_32, H_UNALIGNED_WRITER,
	H_GARBAGE, H_KINDS = H_GARBAGE + 32,
};

static const int64_t data_sizes[] = { 4096, 256, 1024, 4 * PAGE_DS };
static const uint16_t bad_sizes[] = { 0, 1, 2, 3, 4, 5, 6, 7, 12, 44,
				      65535, 0 /* left + 8 */ };

void hostile_kind_name(int64_t kind, char *buf, size_t len)
{
	static const char *const heads[] = {
		[H_HEAD_BEHIND - H_HEAD_BEHIND] = "head-behind",
		[H_HEAD_UNALIGNED - H_HEAD_BEHIND] = "head-unaligned",
		[H_HEAD_FAR - H_HEAD_BEHIND] = "head-far",
		[H_HEAD_LAP - H_HEAD_BEHIND] = "head-lap",
		[H_MAP_RETIRED - H_HEAD_BEHIND] = "map-retired",
		[H_HEAD_2_32 - H_HEAD_BEHIND] = "head-2^32",
		[H_UNALIGNED_WRITER - H_HEAD_BEHIND] = "unaligned-writer",
	};

	if (kind < 0 || kind >= H_KINDS)
		snprintf(buf, len, "%lld", (long long)kind);
	else if (kind == N(bad_sizes) - 1)
		snprintf(buf, len, "size-past-end");
	else if (kind < H_HEAD_BEHIND)
		snprintf(buf, len, "size-%u", bad_sizes[kind]);
	else if (kind < H_GARBAGE)
		snprintf(buf, len, "%s", heads[kind - H_HEAD_BEHIND]);
	else
		snprintf(buf, len, "garbage-%lld",
			 (long long)(kind - H_GARBAGE));
}

int hostile_lists(enum scenario_bounds b, size_t *len)
{
	len[MODE] = 2;
	len[DATA_SIZE] = scaled_len(2, 1);
	len[KIND] = H_KINDS;
	len[GOOD] = 2;
	return NPARAMS;
}

int64_t hostile_value(enum scenario_bounds b, int k, size_t x,
		      const int64_t *p)
{
	switch (k) {
	case DATA_SIZE:
		return data_sizes[x];
	case GOOD:
		return (int64_t)x * 3;
	default:	/* MODE, KIND */
		return (int64_t)x;
	}
}

/* The corruption of kind; -1 where the kind does not apply. */
static int corrupt(struct scenario *s, int64_t kind, int64_t good, bool bwd)
{
	int64_t ds = (int64_t)s->cfg.data_size, sign = bwd ? -1 : 1;

	if (kind < H_HEAD_BEHIND) {
		uint32_t size = bad_sizes[kind] ? bad_sizes[kind] : 64 + 8;

		if (kind == 0)
			size = 0;
		scenario_add(s, ST_POKE_SIZE, size, 64);
	} else if (kind == H_HEAD_BEHIND) {
		if (!good)
			return -1;
		scenario_add(s, ST_RAW_HEAD, 0, -sign * 64);
	} else if (kind == H_HEAD_UNALIGNED) {
		scenario_add(s, ST_RAW_HEAD, 0, sign * (good * 32 + 36));
	} else if (kind == H_HEAD_FAR) {
		scenario_add(s, ST_RAW_HEAD, 0, sign * (1ll << 31));
	} else if (kind == H_HEAD_LAP) {
		scenario_add(s, ST_RAW_HEAD, 0, sign * (ds + good * 32));
	} else if (kind == H_HEAD_2_32) {
		int64_t lap = ds / 32 - 1;

		/* 2^32 + 64 ahead of a ring whose bytes ahead of prev are
		 * stale records of an earlier lap: a 32-bit distance sees
		 * 64 bytes of them (9, 18) */
		if (bwd || good)
			return -1;
		s->cfg.flags &= ~FAKE_RING_POISON_RELEASED;
		scenario_write(s, 32, (unsigned long)lap);
		scenario_cycle(s, CYCLE_EACH);
		scenario_write(s, 32, 2);
		scenario_cycle(s, CYCLE_EACH);
		scenario_add(s, ST_RAW_HEAD, 0,
			     (lap + 2) * 32 + (1ll << 32) + 64);
	} else if (kind == H_UNALIGNED_WRITER) {
		/* a user-space writer without 8-byte alignment: the next
		 * header straddles the end of the data area (15) */
		if (bwd || good)
			return -1;
		s->cfg.flags |= FAKE_RING_QUIRK_UNALIGNED;
		/* a reader of that writer left its tail at ds - 4: no
		 * kernel and no new ring gets there (ring-in-use) */
		s->cfg.start = (uint64_t)ds - 4;
		scenario_add(s, ST_UNALIGNED_FILL, 0, 0);
	} else {
		scenario_add(s, ST_GARBAGE, (uint32_t)((kind * 40) % (2 * ds)),
			     kind);
	}
	return 0;
}

static int build(const int64_t *p, int np, struct scenario *s, bool push)
{
	int64_t ds = p[DATA_SIZE], kind = p[KIND], good = p[GOOD];
	bool bwd = p[MODE] == 1;

	if (np != NPARAMS || p[MODE] < 0 || p[MODE] > 1 || ds < 256 ||
	    ds > 4 * PAGE_DS || (ds & (ds - 1)) || kind < 0 ||
	    kind >= H_KINDS || (good != 0 && good != 3))
		return -1;
	/* kind 16 was a mapping that contradicts the description: readers
	 * map their rings themselves (the fd entry tests that), none of them
	 * reads /proc/self/maps; the id stays reserved */
	if (kind == H_MAP_RETIRED)
		return -1;
	scenario_init(s, family_modes[bwd], ds, 0);
	s->hostile = true;
	scenario_write(s, 32, (unsigned long)good);
	if (good && !push)
		family_cycles(s, CYCLE_EACH);
	if (corrupt(s, kind, good, bwd))
		return -1;
	if (push) {
		/* the second push starts where the first one stopped */
		scenario_cycle(s, CYCLE_PUSH);
		scenario_cycle(s, CYCLE_PUSH);
		return 0;
	}
	family_cycles(s, CYCLE_EACH);
	family_cycles(s, CYCLE_ONCE);
	return 0;
}

int hostile_build(const int64_t *p, int np, struct scenario *s)
{
	return build(p, np, s, false);
}

/* hostile-push: the parameters and lists of hostile (engine/families/families.c) */
int hostile_push_build(const int64_t *p, int np, struct scenario *s)
{
	return build(p, np, s, true);
}
