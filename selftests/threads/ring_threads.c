// SPDX-License-Identifier: GPL-2.0-only
/*
 * A writer thread and a reader thread on one ring, built with
 * ThreadSanitizer: the reader's acquire load of data_head must order its
 * reads of the data after the writer's, and its release store of
 * data_tail its reads before the writer's reuse (barriers C and D of
 * ring_buffer.c, bug zoo 19). A reader with plain loads and stores is a
 * data race TSan reports. Every record must also arrive once, in order,
 * byte for byte.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/perf_event.h>

#include "fake_ring.h"
#include "ring_reader.h"

#define RECORDS	100000

static struct fake_ring *ring;

static unsigned int size_of(uint64_t seq)
{
	return 8 + 8 * (unsigned int)(seq % 15);
}

static void *writer(void *arg)
{
	uint8_t rec[128];
	uint64_t seq;

	for (seq = 0; seq < RECORDS; seq++) {
		fake_ring_make_record(rec, PERF_RECORD_SAMPLE, size_of(seq), seq);
		/* a full ring drops it (counted lost): wait, then again */
		while (fake_ring_write(ring, rec, size_of(seq), NULL) != 0)
			sched_yield();
	}
	return NULL;
}

int main(void)
{
	struct fake_ring_config cfg = {
		.page_size = 4096, .data_size = 4096,
		.flags = FAKE_RING_SINGLE_VIEW,
	};
	const struct perf_event_header *h;
	struct ringcheck_ring desc;
	struct ring_reader *r;
	uint8_t want[128];
	uint64_t seq = 0, lost = 0;
	char err[128];
	pthread_t w;
	int e;

	alarm(120);
	ring = fake_ring_new(&cfg, err, sizeof(err));
	if (!ring)
		return 2;
	desc = (struct ringcheck_ring){ fake_ring_base(ring), 4096, 4096, 0 };
	r = ring_reader_open(&desc, &e, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "ring_threads: %s\n", err);
		return 2;
	}
	pthread_create(&w, NULL, writer, NULL);
	while (seq < RECORDS) {
		if (ring_reader_read_init(r)) {
			sched_yield();
			continue;
		}
		while ((h = ring_reader_read_event(r))) {
			if (h->type == PERF_RECORD_LOST) {
				lost++;
			} else {
				fake_ring_make_record(want, PERF_RECORD_SAMPLE,
						      size_of(seq), seq);
				if (h->size != size_of(seq) ||
				    memcmp(h, want, h->size)) {
					fprintf(stderr, "ring_threads: record "
						"%llu differs\n",
						(unsigned long long)seq);
					return 1;
				}
				seq++;
			}
			ring_reader_consume(r);
		}
		ring_reader_read_done(r);
	}
	pthread_join(w, NULL);
	printf("ring_threads: %d records, %llu LOST records, in order\n",
	       RECORDS, (unsigned long long)lost);
	printf("# ringcheck-totals threads passed=1 failed=0 skipped=0\n");
	ring_reader_close(r);
	fake_ring_free(ring);
	return 0;
}
