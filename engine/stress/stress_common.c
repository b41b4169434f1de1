// SPDX-License-Identifier: GPL-2.0-only
/*
 * What both kinds of stress round share: the truth of record k (its size
 * and bytes, from k alone), the check of a delivered sample against it,
 * the failure message, and the writer's and reader's waiting.
 */
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "stress_common.h"

uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	return x ^ (x >> 33);
}

/*
 * 90% up to 256 bytes, 9% up to 4096, 1% up to 65528: any size occurs. A
 * reader of raw samples only (BCC's) is given no 8-byte sample, which
 * cannot be one: those are 16 bytes instead.
 */
unsigned int record_size(const struct stress *s, uint64_t k)
{
	uint64_t h = mix(s->opts->seed ^ mix(k));
	unsigned int r = h % 1000, size;

	h >>= 10;
	if (r < 900)
		size = 8 + 8 * (unsigned int)(h % 32);
	else if (r < 990)
		size = 8 * (1 + (unsigned int)(h % 512));
	else
		size = 8 * (1 + (unsigned int)(h % 8191));
	return size < s->min_size ? s->min_size : size;
}

void make_record(uint8_t *buf, uint64_t k, unsigned int size)
{
	uint16_t misc = (uint16_t)k;

	fake_ring_make_record(buf, FAKE_RING_TYPE_SAMPLE, size, k);
	memcpy(buf + 4, &misc, sizeof(misc));
}

void count(uint64_t *counter, uint64_t n)
{
	__atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
}

int fail(struct stress *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(s->res->msg, sizeof(s->res->msg), "%s round %llu: ",
		     stress_pattern_names[s->pattern],
		     (unsigned long long)s->res->rounds[s->pattern]);
	va_start(ap, fmt);
	vsnprintf(s->res->msg + n, sizeof(s->res->msg) - n, fmt, ap);
	va_end(ap);
	s->res->failed = 1;
	__atomic_store_n(&s->stop, 1, __ATOMIC_RELEASE);
	return 1;
}

/* Waiting for the other thread: spin briefly, then give the CPU away. */
void relax(unsigned int *spins)
{
	if (++*spins < 256) {
#if defined(__x86_64__) || defined(__i386__)
		__builtin_ia32_pause();
#endif
		return;
	}
	*spins = 0;
	sched_yield();
}

bool stopped(struct stress *s)
{
	return __atomic_load_n(&s->stop, __ATOMIC_ACQUIRE);
}

/* The writer's own error (a bad request): a defect of the test. */
void *writer_error(struct stress *s)
{
	snprintf(s->werr, sizeof(s->werr), "fake_ring: %s",
		 fake_ring_error(s->ring));
	__atomic_store_n(&s->stop, 1, __ATOMIC_RELEASE);
	return NULL;
}

int check_sample(struct stress *s, const struct perf_event_header *h,
			uint64_t k, uint8_t *want)
{
	unsigned int size = record_size(s, k);

	if (h->size != size) {
		return fail(s, "record %llu: size %u, written %u (type %u, "
			    "misc %#x)", (unsigned long long)k, h->size,
			    size, h->type, h->misc);
	}
	make_record(want, k, size);
	if (memcmp(h, want, size)) {
		const uint8_t *got = (const void *)h;
		unsigned int i = 0;

		while (got[i] == want[i])
			i++;
		return fail(s, "record %llu (%u bytes) differs at byte %u: "
			    "%#04x, written %#04x", (unsigned long long)k,
			    size, i, got[i], want[i]);
	}
	count(&s->res->delivered, 1);
	count(&s->res->bytes, size);
	return 0;
}

/* Counters where the readers' arithmetic breaks if it is narrow (9, 18). */
