// SPDX-License-Identifier: GPL-2.0-only
/*
 * A merged-reader entry that walks the rings as libperf's
 * perf_evlist__for_each_mmap loop does: ring after ring, each read to its
 * head and released, its records handed out in ring order; no merge by
 * time, declared with RINGCHECK_EVLIST_WALKS_RINGS. One way per build
 * (build/plugins/test-walk-MODE.so):
 *	OK	the walk as described
 *	MERGES	the same walk, declared as merging by time (the time-order
 *		clauses then apply, and it fails them)
 *	SWAP	two records of a ring handed out in the wrong order
 *	HOLD	a ring's last record of a round kept to the next round
 */
#include <stdlib.h>
#include <string.h>
#include <linux/perf_event.h>
#include <ringcheck/evlist.h>

#include "ring_reader.h"

struct walker {
	unsigned int		nrings;
	struct ring_reader	*ring[64];
	uint8_t			held[64][65536];	/* SWAP, HOLD */
	bool			holding[64];
};

static void *walk_open(const struct ringcheck_evlist *ev)
{
	struct walker *w = calloc(1, sizeof(*w));
	unsigned int i;
	int err;

	if (!w || ev->nrings > 64)
		goto fail;
	w->nrings = ev->nrings;
	for (i = 0; i < ev->nrings; i++) {
		w->ring[i] = ring_reader_open(&ev->rings[i].ring, &err, NULL, 0);
		if (!w->ring[i])
			goto fail;
	}
	return w;
fail:
	for (i = 0; w && i < w->nrings; i++)
		if (w->ring[i])
			ring_reader_close(w->ring[i]);
	free(w);
	return NULL;
}

static void walk_close(void *r)
{
	struct walker *w = r;
	unsigned int i;

	for (i = 0; i < w->nrings; i++)
		ring_reader_close(w->ring[i]);
	free(w);
}

static void __attribute__((unused)) hold(struct walker *w, unsigned int i,
		 const struct perf_event_header *ev)
{
	memcpy(w->held[i], ev, ev->size);
	w->holding[i] = true;
}

static int give_held(struct walker *w, unsigned int i, void *ctx,
		     ringcheck_evlist_record_fn deliver)
{
	if (!w->holding[i])
		return 0;
	w->holding[i] = false;
	return deliver(ctx, i, (const void *)w->held[i]);
}

static int walk_ring(struct walker *w, unsigned int i, void *ctx,
		     ringcheck_evlist_record_fn deliver)
{
	const struct perf_event_header *ev;
	int ret = 0;

	if (ring_reader_read_init(w->ring[i]))
		return 0;
	while (!ret && (ev = ring_reader_read_event(w->ring[i]))) {
#if defined(SWAP)
		/* every second record before the one read ahead of it */
		if (!w->holding[i]) {
			hold(w, i, ev);
		} else {
			ret = deliver(ctx, i, ev);
			ret = ret ? ret : give_held(w, i, ctx, deliver);
		}
#elif defined(HOLD)
		ret = give_held(w, i, ctx, deliver);
		hold(w, i, ev);
#else
		ret = deliver(ctx, i, ev);
#endif
		ring_reader_consume(w->ring[i]);
	}
	ring_reader_read_done(w->ring[i]);
#if defined(SWAP)
	ret = ret ? ret : give_held(w, i, ctx, deliver);
#endif
	return ret;
}

static int walk_round(void *r, void *ctx, ringcheck_evlist_record_fn deliver)
{
	struct walker *w = r;
	unsigned int i;
	int ret = 0;

	for (i = 0; !ret && i < w->nrings; i++)
		ret = walk_ring(w, i, ctx, deliver);
	return ret;
}

static int walk_flush(void *r, void *ctx, ringcheck_evlist_record_fn deliver)
{
	struct walker *w = r;
	unsigned int i;
	int ret = 0;

	for (i = 0; !ret && i < w->nrings; i++)
		ret = give_held(w, i, ctx, deliver);
	return ret;
}

static const struct ringcheck_evlist_ops walk_ops = {
	.abi_version	= RINGCHECK_EVLIST_ABI_VERSION,
	.name		= "evlist-walker",
	.open		= walk_open,
	.close		= walk_close,
	.read_round	= walk_round,
	.flush		= walk_flush,
#if !defined(MERGES)
	.flags		= RINGCHECK_EVLIST_WALKS_RINGS,
#endif
};

const struct ringcheck_evlist_ops *ringcheck_evlist_reader(void)
{
	return &walk_ops;
}
