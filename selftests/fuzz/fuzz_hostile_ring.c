// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: hostile rings. The input becomes the control-page
 * fields and the data area of a ring mapped between guard pages; the
 * reference reader reads it in every usage pattern. Any access outside the
 * mapping faults; a hang is a timeout; a record outside the rules aborts.
 *
 * Input: byte 0 mode and pattern, byte 1 data size (64 << n), then 8 bytes
 * data_head, 8 bytes data_tail (forward), then the data area.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/perf_event.h>

#include "fake_ring.h"
#include "ring_reader.h"

static struct fake_ring *rings[2][7];

static int sink(void *ctx, const void *buf, unsigned long len)
{
	*(unsigned long *)ctx += len;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	struct ringcheck_ring desc;
	struct fake_ring *f;
	struct ring_reader *r;
	const struct perf_event_header *h;
	uint64_t head, tail;
	unsigned long ds, total, pushed = 0;
	int mode, cycle, err;

	if (len < 18)
		return 0;
	mode = in[0] & 1;
	ds = 64ul << (in[1] % 7);	/* 64 .. 4096 */
	memcpy(&head, in + 2, 8);
	memcpy(&tail, in + 10, 8);
	f = rings[mode][in[1] % 7];
	if (!f) {
		struct fake_ring_config cfg = {
			.page_size = 4096, .data_size = ds,
			.backward = mode, .overwrite = mode,
		};
		char e[128];

		f = rings[mode][in[1] % 7] = fake_ring_new(&cfg, e, sizeof(e));
		if (!f)
			abort();
	}
	fake_ring_reset(f);
	desc = (struct ringcheck_ring){ fake_ring_base(f), 4096, ds, mode };
	r = ring_reader_open(&desc, &err, NULL, 0);
	if (!r)
		abort();	/* a conforming layout */
	fake_ring_poke(f, 0, in + 18, len - 18 < ds ? len - 18 : ds);
	if (!mode)
		fake_ring_set_tail(f, tail);
	fake_ring_publish_raw_head(f, head);
	for (cycle = 0; cycle < 3; cycle++) {
		if (in[0] & 2) {
			if (ring_reader_push(r, &pushed, sink) >= 0 &&
			    pushed > ds)
				abort();	/* more than the ring holds */
			pushed = 0;
			continue;
		}
		if (ring_reader_read_init(r))
			continue;
		total = 0;
		while ((h = ring_reader_read_event(r))) {
			/* 8 <= size, 8-aligned, within one data area */
			if (h->size < 8 || h->size % 8 || (total += h->size) > ds)
				abort();
			if (in[0] & 4)
				ring_reader_consume(r);
		}
		ring_reader_consume(r);
		ring_reader_read_done(r);
		/* the writer moves on between cycles */
		fake_ring_publish_raw_head(f, head += (uint64_t)in[cycle + 2] * 8);
	}
	ring_reader_close(r);
	return 0;
}
