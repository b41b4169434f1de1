// SPDX-License-Identifier: GPL-2.0-only
/*
 * libperf's evlist mmap iteration behind ringcheck's merged-reader entry
 * (<ringcheck/evlist.h>), in the same build/plugins/libperf-VERSION.so as
 * the single-ring adapter.
 *
 * The rings are set up the way perf_evlist__mmap() leaves them: an array
 * of struct perf_mmap linked through ->next from evlist->mmap_first,
 * refcnt 2 each. A round is what libperf offers a tool:
 *
 *	perf_evlist__for_each_mmap(evlist, map, false) {
 *		if (perf_mmap__read_init(map) < 0)
 *			continue;
 *		while ((event = perf_mmap__read_event(map))) {
 *			process(event);
 *			perf_mmap__consume(map);
 *		}
 *		perf_mmap__read_done(map);
 *	}
 *
 * libperf does not order records across rings (perf's ordered events are
 * in tools/perf, not in libperf): records are handed out in the order of
 * this loop, and flush has nothing left to hand out.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <linux/perf_event.h>
#include <perf/core.h>
#include <perf/event.h>
#include <perf/evlist.h>
#include <perf/mmap.h>
#include <internal/evlist.h>
#include <internal/lib.h>
#include <internal/mmap.h>
#include <ringcheck/evlist.h>

static int libperf_evlist_quiet(enum libperf_print_level level,
				const char *fmt, va_list ap)
{
	return 0;
}

struct libperf_evlist {
	struct perf_evlist	*evlist;
	struct perf_mmap	*maps;
	int			nr;
};

static void libperf_evlist_close(void *r)
{
	struct libperf_evlist *le = r;
	int i;

	if (!le)
		return;
#ifdef LIBPERF_LAZY_EVENT_COPY
	for (i = 0; i < le->nr; i++)
		free(le->maps[i].event_copy);
#else
	(void)i;
#endif
	if (le->evlist) {
		/* the rings are the suite's: nothing for libperf to unmap */
		le->evlist->mmap = NULL;
		le->evlist->nr_mmaps = 0;
		perf_evlist__delete(le->evlist);
	}
	free(le->maps);
	free(le);
}

static void *libperf_evlist_open(const struct ringcheck_evlist *ev)
{
	struct libperf_evlist *le = calloc(1, sizeof(*le));
	unsigned int i;

	if (!le || !ev->nrings)
		goto fail;
	le->maps = calloc(ev->nrings, sizeof(*le->maps));
	le->evlist = perf_evlist__new();
	if (!le->maps || !le->evlist)
		goto fail;
	le->nr = (int)ev->nrings;
	for (i = 0; i < ev->nrings; i++) {
		const struct ringcheck_ring *ring = &ev->rings[i].ring;
		struct perf_event_mmap_page *pc = ring->base;
		struct perf_mmap *map = &le->maps[i];

		if (ring->overwrite || !ring->data_size ||
		    ring->data_size - 1 > INT_MAX ||
		    (pc->data_offset && pc->data_offset != ring->page_size))
			goto fail;
		libperf_init(libperf_evlist_quiet);
		page_size = (unsigned int)ring->page_size;
		perf_mmap__init(map, i ? &le->maps[i - 1] : NULL, false, NULL);
		map->base = ring->base;
		map->mask = (int)(ring->data_size - 1);
		refcount_set(&map->refcnt, 2);
		map->prev = pc->data_tail;
	}
	le->evlist->mmap = le->maps;
	le->evlist->nr_mmaps = le->nr;
	le->evlist->mmap_first = &le->maps[0];
	return le;
fail:
	libperf_evlist_close(le);
	return NULL;
}

static int libperf_evlist_round(void *r, void *ctx,
				ringcheck_evlist_record_fn deliver)
{
	struct libperf_evlist *le = r;
	struct perf_mmap *map;
	union perf_event *event;
	int ret;

	perf_evlist__for_each_mmap(le->evlist, map, false) {
		if (perf_mmap__read_init(map) < 0)
			continue;
		while ((event = perf_mmap__read_event(map))) {
			ret = deliver(ctx, (unsigned int)(map - le->maps),
				      &event->header);
			perf_mmap__consume(map);
			if (ret) {
				perf_mmap__read_done(map);
				return ret;
			}
		}
		perf_mmap__read_done(map);
	}
	return 0;
}

static int libperf_evlist_flush(void *r, void *ctx,
				ringcheck_evlist_record_fn deliver)
{
	return 0;	/* nothing held back */
}

static const struct ringcheck_evlist_ops libperf_evlist_ops = {
	.abi_version	= RINGCHECK_EVLIST_ABI_VERSION,
	.name		= "libperf-" LIBPERF_VERSION " evlist",
	.open		= libperf_evlist_open,
	.close		= libperf_evlist_close,
	.read_round	= libperf_evlist_round,
	.flush		= libperf_evlist_flush,
	/* perf_evlist__for_each_mmap walks the rings: the merge by time is
	 * perf's (tools/perf/util/ordered-events.c), not libperf's */
	.flags		= RINGCHECK_EVLIST_WALKS_RINGS,
};

const struct ringcheck_evlist_ops *ringcheck_evlist_reader(void)
{
	return &libperf_evlist_ops;
}
