// SPDX-License-Identifier: GPL-2.0-only
/*
 * libperf behind the ringcheck plugin ABI: build/plugins/libperf-VERSION.so,
 * built once per Debian linux-source version (5.10, 6.1, 6.12, 7.x) against
 * that version's internal headers (struct perf_mmap changed between 6.1
 * and 6.12) and linked with its libperf.a, built by libperf's own Makefile
 * from the unmodified source.
 *
 * The adapter sets struct perf_mmap up the way libperf's own
 * perf_evlist__mmap() does (refcnt 2, flush 0) over the ring it is given,
 * and calls perf_mmap__read_init/read_event/consume/read_done unchanged.
 * libperf has no push.
 */
/* written against version 2 of the plugin ABI (reader.h) */
#define RINGCHECK_READER_ABI 2
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <linux/perf_event.h>
#include <stdarg.h>
#include <perf/core.h>
#include <perf/event.h>
#include <perf/mmap.h>
#include <internal/lib.h>
#include <internal/mmap.h>
#include <ringcheck/reader.h>

static int libperf_quiet(enum libperf_print_level level, const char *fmt,
			 va_list ap)
{
	return 0;
}

static void *libperf_open(const struct ringcheck_ring *ring)
{
	struct perf_event_mmap_page *pc = ring->base;
	struct perf_mmap *map;

	/* libperf reads the data area at base + page_size, its global: a
	 * ring whose control page places it elsewhere is refused, not
	 * guessed at; the mask is an int */
	if (!ring->data_size || ring->data_size - 1 > INT_MAX ||
	    (pc->data_offset && pc->data_offset != ring->page_size))
		return NULL;
	map = calloc(1, sizeof(*map));
	if (!map)
		return NULL;
	libperf_init(libperf_quiet);
	/* as on a machine of that page size (libperf_init() sets it) */
	page_size = (unsigned int)ring->page_size;
	perf_mmap__init(map, NULL, ring->overwrite, NULL);
	map->base = ring->base;
	map->mask = (int)(ring->data_size - 1);
	/* perf_evlist__mmap() takes two references: consume never unmaps */
	refcount_set(&map->refcnt, 2);
	/* perf_mmap__mmap() leaves prev at 0 (perf_mmap__init() sets it),
	 * the head of a new ring: no override, libperf as it ships */
	return map;
}

static void libperf_close(void *r)
{
	struct perf_mmap *map = r;

#ifdef LIBPERF_LAZY_EVENT_COPY
	free(map->event_copy);	/* 6.7 on: allocated on first wrap */
#endif
	free(map);
}

static int libperf_read_init(void *r)
{
	return perf_mmap__read_init(r);
}

static const struct perf_event_header *libperf_read_event(void *r)
{
	union perf_event *ev = perf_mmap__read_event(r);

	return ev ? &ev->header : NULL;
}

static void libperf_consume(void *r)
{
	perf_mmap__consume(r);
}

static void libperf_read_done(void *r)
{
	perf_mmap__read_done(r);
}

static const struct ringcheck_reader_ops libperf_ops = {
	.abi_version	= RINGCHECK_READER_ABI_VERSION,
	.name		= "libperf-" LIBPERF_VERSION,
	.open		= libperf_open,
	.close		= libperf_close,
	.read_init	= libperf_read_init,
	.read_event	= libperf_read_event,
	.consume	= libperf_consume,
	.read_done	= libperf_read_done,
	.push		= NULL,
	/*
	 * libperf maps a new ring (perf_mmap__mmap()) and starts at 0: a
	 * forward ring another reader has read before is not its case.
	 */
	.caps		= RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_OVERWRITE |
			  RINGCHECK_CAP_RELEASE_RECORD |
			  RINGCHECK_CAP_RELEASE_CYCLE | RINGCHECK_CAP_PART_PAGE,
};

const struct ringcheck_reader_ops *ringcheck_reader(void)
{
	return &libperf_ops;
}
