// SPDX-License-Identifier: GPL-2.0-only
/*
 * The writer's side of a scenario: each writer step done to the simulated
 * ring as the kernel would (a record written, a reservation nested, output
 * paused, a stale head shown), or, on a hostile ring, as no kernel would
 * (a corrupt size, a raw head, garbage). The judge is told what changed.
 */
#include <stdlib.h>
#include <linux/perf_event.h>

#include "player_internal.h"

static void do_write(struct player *p, unsigned int size, uint32_t type,
		     const uint8_t *bytes)
{
	int ret;

	if (!bytes)
		fake_ring_make_record(p->rec, type ? type : FAKE_RING_TYPE_SAMPLE,
				      size, p->seq++);
	ret = fake_ring_write(p->ring, bytes ? bytes : p->rec, size, NULL);
	judge_write_result(p->j, ret);
}

static void poke_size(struct player *p, uint32_t size, int64_t past)
{
	struct perf_event_header hdr = { .type = 9, .size = (uint16_t)size };
	uint64_t head = fake_ring_data_head(p->ring);
	uint64_t at = p->overwrite ? head - (uint64_t)past : head;

	fake_ring_poke(p->ring, at, &hdr, sizeof(hdr));
	fake_ring_publish_raw_head(p->ring, p->overwrite ? at
							 : head + (uint64_t)past);
}

static void garbage(struct player *p, uint32_t head, int64_t seed)
{
	unsigned long ds = fake_ring_config(p->ring)->data_size, i;
	uint64_t x = (uint64_t)seed * 0x9e3779b97f4a7c15ull + 1;
	uint8_t *buf = malloc(ds);

	for (i = 0; i < ds; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		buf[i] = (uint8_t)x;
		if (i % 8 == 7 && (x >> 20) % 3 == 0)
			buf[i] = 0;	/* small sizes are the sharp ones */
	}
	fake_ring_poke(p->ring, 0, buf, ds);
	free(buf);
	fake_ring_publish_raw_head(p->ring, p->s->cfg.start +
				   (p->overwrite ? -(uint64_t)head : head));
}

void play_writer_step(struct player *p, const struct step *st)
{
	int64_t i;

	judge_writer_acted(p->j);
	switch (st->op) {
	case ST_WRITE:
		for (i = 0; i < (st->arg2 >> 32 ? st->arg2 >> 32 : 1); i++)
			do_write(p, st->arg, (uint32_t)st->arg2, st->bytes);
		break;
	case ST_RESERVE:
		fake_ring_make_record(p->rec, FAKE_RING_TYPE_SAMPLE, st->arg,
				      p->seq++);
		if (p->ntokens < 16 &&
		    fake_ring_reserve(p->ring, p->rec, st->arg, NULL,
				      &p->tokens[p->ntokens]) == 0)
			p->ntokens++;
		break;
	case ST_COMMIT:
		if (p->ntokens)
			fake_ring_commit(p->ring, p->tokens[--p->ntokens]);
		break;
	case ST_PAUSE:
		fake_ring_pause(p->ring, true);
		break;
	case ST_RESUME:
		fake_ring_pause(p->ring, false);
		break;
	case ST_STALE_HEAD:
		fake_ring_publish_stale_head(p->ring);
		judge_head_stale(p->j, true);
		break;
	case ST_REPUBLISH:
		fake_ring_publish_head(p->ring);
		judge_head_stale(p->j, false);
		break;
	case ST_POKE_SIZE:
		judge_ring_corrupted(p->j, false);
		poke_size(p, st->arg, st->arg2);
		break;
	case ST_RAW_HEAD:
		judge_ring_corrupted(p->j, false);
		fake_ring_publish_raw_head(p->ring,
					   p->s->cfg.start + (uint64_t)st->arg2);
		break;
	case ST_GARBAGE:
		judge_ring_corrupted(p->j, true);
		garbage(p, st->arg, st->arg2);
		break;
	case ST_UNALIGNED_FILL:
		judge_ring_corrupted(p->j, false);
		do_write(p, 12, 0, NULL);
		break;
	}
}
