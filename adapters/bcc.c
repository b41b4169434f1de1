// SPDX-License-Identifier: GPL-2.0-only
/*
 * BCC's perf_reader behind the ringcheck plugin ABI (callback entry):
 * build/plugins/bcc-VERSION.so, linked with Debian's libbpfcc (libbcc.so),
 * whose code is used unmodified.
 *
 * BCC's user (BPF_PERF_OUTPUT, Python's open_perf_buffer) does:
 *	r = perf_reader_new(raw_cb, lost_cb, cookie, page_cnt);
 *	perf_reader_set_fd(r, fd); perf_reader_mmap(r);
 *	... perf_reader_event_read(r) on each poll wake-up
 * The adapter does the same with the fd the suite hands it: perf_reader
 * maps it itself (read-write, page_size * (page_cnt + 1) with its own
 * getpagesize()) and walks it from data_tail to data_head.
 *
 * perf_reader hands its user the payload of a PERF_SAMPLE_RAW sample
 * (raw_cb(cookie, data, size)), not the record: the record it parsed
 * starts 12 bytes before that payload (header, u32 size), in the ring or
 * in its copy of a wrapped record, and that is what the suite is given.
 * A LOST record reaches its user only as a count (lost_cb); the record it
 * was decoded from is the one at data_tail, which perf_reader has not
 * released yet: the adapter reads it through a read-only mapping of its
 * own, as a user who wanted the record would have to.
 *
 * What it does not support, declared: backward rings (it always maps
 * read-write and walks forward), data areas other than whole pages of
 * the machine's page size (page_cnt; a control page of another size:
 * RINGCHECK_CAP_HOST_PAGE_SIZE_ONLY), a usage that stops mid-cycle
 * (there is no way to tell perf_reader to stop; the callbacks return
 * void). Records other than SAMPLE and LOST are dropped by perf_reader
 * with a message on stderr, and parse_sw() drops samples that are not
 * exactly a PERF_SAMPLE_RAW sample: it is made for BPF-output rings
 * (PERF_COUNT_SW_BPF_OUTPUT), which carry nothing else, so it declares
 * RINGCHECK_CAP_RAW_SAMPLES_ONLY and is given only cases whose every
 * record is a raw sample or a LOST.
 */
/* written against version 2 of the plugin ABI (reader.h) */
#define RINGCHECK_READER_ABI 2
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <linux/perf_event.h>
#include <bcc/perf_reader.h>
#include <ringcheck/reader.h>

struct bcc_adapter {
	struct perf_reader		*pr;
	const struct perf_event_mmap_page *view;	/* read-only, ours */
	const uint8_t			*data;
	uint64_t			 data_size;
	size_t				 view_len;
	void				*ctx;
	ringcheck_record_fn		 fn;
	int				 stop;
	uint8_t				 lost_copy[65536];
};

static void bcc_raw(void *cookie, void *raw, int size)
{
	struct bcc_adapter *a = cookie;
	/* parse_sw(): header (8 bytes), u32 size, then raw[size] */
	const struct perf_event_header *h =
		(const void *)((const uint8_t *)raw - 12);

	if (!a->stop)
		a->stop = a->fn(a->ctx, h, -1);
}

static void bcc_lost(void *cookie, uint64_t lost)
{
	struct bcc_adapter *a = cookie;
	uint64_t tail = a->view->data_tail;
	uint64_t off = tail % a->data_size;
	const struct perf_event_header *h = (const void *)(a->data + off);
	uint64_t size = h->size, first;

	if (off + size > a->data_size) {
		/* wrapped: as perf_reader copies it */
		if (size > sizeof(a->lost_copy))
			size = sizeof(a->lost_copy);
		first = a->data_size - off;
		memcpy(a->lost_copy, a->data + off, first);
		memcpy(a->lost_copy + first, a->data, size - first);
		h = (const void *)a->lost_copy;
	}
	if (!a->stop)
		a->stop = a->fn(a->ctx, h, (long long)lost);
}

static void *bcc_open_fd(const struct ringcheck_fd_ring *ring)
{
	unsigned long pg = (unsigned long)getpagesize();
	struct bcc_adapter *a;
	void *view;

	/* perf_reader computes the mapping from its own page size */
	if (ring->backward || ring->page_size != pg ||
	    ring->data_size % pg || ring->data_size / pg > INT32_MAX)
		return NULL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->view_len = ring->page_size + ring->data_size;
	view = mmap(NULL, a->view_len, PROT_READ, MAP_SHARED, ring->fd, 0);
	if (view == MAP_FAILED)
		goto fail;
	a->view = view;
	a->data = (const uint8_t *)view + ring->page_size;
	a->data_size = ring->data_size;
	a->pr = perf_reader_new(bcc_raw, bcc_lost, a,
				(int)(ring->data_size / pg));
	if (!a->pr)
		goto fail_view;
	/* perf_reader takes the fd over: it closes it when freed */
	perf_reader_set_fd(a->pr, dup(ring->fd));
	if (perf_reader_mmap(a->pr) < 0)
		goto fail_pr;
	return a;
fail_pr:
	perf_reader_free(a->pr);
fail_view:
	munmap(view, a->view_len);
fail:
	free(a);
	return NULL;
}

static void bcc_close(void *r)
{
	struct bcc_adapter *a = r;

	perf_reader_free(a->pr);
	munmap((void *)a->view, a->view_len);
	free(a);
}

/*
 * perf_reader prints a line on stderr for each record it drops; on a ring
 * of size-0 records (finding 21) that is millions of lines a second until
 * the suite kills it. The verdict comes from what reaches the callback,
 * so its stderr goes to /dev/null while it reads (as the libperf adapter
 * silences libperf's prints).
 */
static int bcc_quiet_begin(void)
{
	int saved = dup(2), null = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (null >= 0) {
		dup2(null, 2);
		close(null);
	}
	return saved;
}

static void bcc_quiet_end(int saved)
{
	if (saved >= 0) {
		dup2(saved, 2);
		close(saved);
	}
}

static int bcc_drain(void *r, void *ctx, ringcheck_record_fn fn)
{
	struct bcc_adapter *a = r;
	int saved;

	a->ctx = ctx;
	a->fn = fn;
	a->stop = 0;
	saved = bcc_quiet_begin();
	perf_reader_event_read(a->pr);
	bcc_quiet_end(saved);
	return 0;
}

static struct ringcheck_reader_ops bcc_ops = {
	.abi_version	= RINGCHECK_READER_ABI_VERSION,
	.name		= "bcc-" BCC_VERSION,
	.close		= bcc_close,
	.open_fd	= bcc_open_fd,
	.drain		= bcc_drain,
	/*
	 * Forward only; it releases each record (data_tail) after its
	 * callback, inside the cycle; it starts at data_tail, so a ring
	 * read before is fine. Limits: getpagesize() mappings, raw
	 * samples and LOST records only.
	 */
	.caps		= RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_RELEASE_CYCLE |
			  RINGCHECK_CAP_RELEASE_RECORD |
			  RINGCHECK_CAP_RING_IN_USE |
			  RINGCHECK_CAP_HOST_PAGE_SIZE_ONLY |
			  RINGCHECK_CAP_RAW_SAMPLES_ONLY,
};

const struct ringcheck_reader_ops *ringcheck_reader(void)
{
	/* page_cnt pages of the machine's size: nothing smaller */
	bcc_ops.min_data_size = (unsigned long)getpagesize();
	return &bcc_ops;
}
