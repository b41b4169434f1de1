// SPDX-License-Identifier: GPL-2.0-only
/*
 * Merged readers that lie, for the tests of the evlist oracle: the
 * reference merged reader with its stream distorted, one way per build
 * (build/plugins/test-evlist-MODE.so):
 *	DUP	every record delivered twice
 *	RING	every record delivered as the next ring's
 *	HOLD	nothing delivered, not even by the flush
 *	CRASH	its second round reads the first byte past ring 0's data
 *		area (the guard page there): a crash replay must name
 *		read_round and that page
 */
#include <stddef.h>
#include <ringcheck/evlist.h>

#include "evlist_reader.h"

struct liar {
	void			*ctx;
	ringcheck_evlist_record_fn	deliver;
	unsigned int		nrings;
};

static int lie(void *ctx, unsigned int ring,
	       const struct perf_event_header *rec)
{
	struct liar *l = ctx;

#if defined(DUP)
	l->deliver(l->ctx, ring, rec);
#elif defined(RING)
	ring = (ring + 1) % l->nrings;
#elif defined(HOLD)
	return 0;
#endif
	return l->deliver(l->ctx, ring, rec);
}

static unsigned int nrings;
static const volatile unsigned char *past_ring0;
static unsigned int rounds;

static void *liar_open(const struct ringcheck_evlist *ev)
{
	char msg[200];

	nrings = ev->nrings;
	past_ring0 = (const unsigned char *)ev->rings[0].ring.base +
		     ev->rings[0].ring.page_size + ev->rings[0].ring.data_size;
	rounds = 0;
	return evlist_reader_open(ev, msg, sizeof(msg));
}

static void liar_close(void *r)
{
	evlist_reader_close(r);
}

static int liar_round(void *r, void *ctx, ringcheck_evlist_record_fn deliver)
{
	struct liar l = { ctx, deliver, nrings };

#if defined(CRASH)
	if (++rounds == 2)
		(void)*past_ring0;
#endif
	return evlist_reader_round(r, &l, lie);
}

static int liar_flush(void *r, void *ctx, ringcheck_evlist_record_fn deliver)
{
	struct liar l = { ctx, deliver, nrings };

	return evlist_reader_flush(r, &l, lie);
}

static const struct ringcheck_evlist_ops liar_ops = {
	.abi_version	= RINGCHECK_EVLIST_ABI_VERSION,
	.name		= "evlist-liar",
	.open		= liar_open,
	.close		= liar_close,
	.read_round	= liar_round,
	.flush		= liar_flush,
};

const struct ringcheck_evlist_ops *ringcheck_evlist_reader(void)
{
	return &liar_ops;
}
