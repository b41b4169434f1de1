// SPDX-License-Identifier: GPL-2.0-only
/*
 * make bench, the peers: the reference reader against other readers of
 * the same ring and the same records, in one process, and push against
 * memcpy of the same bytes.
 *
 * The ring is written once with a stream of records that repeats every
 * half ring (HALF bytes), starting off the data area's alignment so that
 * records cross its end. Each round then publishes data_head HALF bytes
 * further: every reader, opened once, reads the same HALF bytes of
 * records at the same counters (its prev is where the last round ended),
 * in turn, the order rotating each round. Times are the best of BATCHES
 * batches; the ratio of two readers is the ratio of their times.
 */
#include <glob.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/perf_event.h>

#include "bench.h"
#include "fake_ring.h"
#include "plugin.h"

#define DATA		262144ul
#define HALF		(DATA / 2)
#define START		(3 * DATA + 4040)	/* records cross the end */
#define RECORDS_EACH	3000000ul		/* per reader and mix */
#define BATCHES		25
#define MAX_PEERS	8

struct mix {
	const char	*name;
	unsigned int	 lo, hi;	/* sizes, multiples of 8 in [lo, hi] */
};

static const struct mix mixes[] = {
	{ "8-64", 8, 64 },
	{ "24-256", 24, 256 },
	{ "1k-8k", 1024, 8192 },
	{ "8-65528", 8, 0 },		/* 0: the stress test's mix */
};

struct peer {
	const char			*name;
	const struct ringcheck_reader_ops *ops;
	void				*r;
	double				 best, batch;
};

static unsigned int mix_size(const struct mix *m, unsigned int i)
{
	uint64_t h = (i + 1) * 0x9e3779b97f4a7c15ull;
	unsigned int r;

	h ^= h >> 31;
	if (m->hi)
		return m->lo + 8 * (unsigned int)(h % ((m->hi - m->lo) / 8 + 1));
	r = h % 1000;
	h >>= 10;
	if (r < 900)
		return 8 + 8 * (unsigned int)(h % 32);
	if (r < 990)
		return 8 * (1 + (unsigned int)(h % 512));
	return 8 * (1 + (unsigned int)(h % 8191));
}

/* The half-ring stream twice: the data area repeats every HALF bytes. */
static struct fake_ring *fill(const struct mix *m, unsigned long *nrec)
{
	struct fake_ring_config cfg = { .page_size = 4096, .data_size = DATA,
					.start = START };
	uint8_t *rec = malloc(FAKE_RING_MAX_RECORD);
	struct fake_ring *f;
	char err[128];
	int copy;

	f = fake_ring_new(&cfg, err, sizeof(err));
	if (!f || !rec) {
		fprintf(stderr, "bench: %s\n", f ? "out of memory" : err);
		exit(2);
	}
	for (copy = 0; copy < 2; copy++) {
		unsigned long left = HALF, i;

		for (i = 0; left; i++) {
			unsigned int size = mix_size(m, i);

			if (size > left)	/* left < 65528 here */
				size = left;
			fake_ring_make_record(rec, 9, size, i);
			if (fake_ring_write(f, rec, size, NULL)) {
				fprintf(stderr, "bench: the stream does not "
					"fit\n");
				exit(2);
			}
			left -= size;
		}
		fake_ring_consume(f);
		*nrec = i;
	}
	free(rec);
	return f;
}

static unsigned long read_cycle(struct peer *p, uint64_t *sum)
{
	const struct perf_event_header *h;
	unsigned long n = 0;

	if (p->ops->read_init(p->r))
		return 0;
	while ((h = p->ops->read_event(p->r))) {
		*sum += h->type;
		n++;
	}
	p->ops->consume(p->r);
	p->ops->read_done(p->r);
	return n;
}

/* Every peer reads the same rounds; 0, or -1 if one delivered short. */
static int race(struct fake_ring *f, struct peer *peers, int npeers,
		unsigned long nrec)
{
	struct ringcheck_ring d = { fake_ring_base(f), 4096, DATA, 0 };
	unsigned long rounds = RECORDS_EACH / nrec / BATCHES + 1, k;
	uint64_t head = fake_ring_data_head(f), sum = 0;
	int b, i, ret = 0;

	for (i = 0; i < npeers; i++) {
		peers[i].r = peers[i].ops->open(&d);
		peers[i].best = 1e9;
		if (!peers[i].r) {
			printf("bench: %s refused the ring\n", peers[i].name);
			return -1;
		}
	}
	for (b = 0; b < BATCHES; b++) {
		for (i = 0; i < npeers; i++)
			peers[i].batch = 0;
		for (k = 0; k < rounds; k++) {
			head += HALF;
			fake_ring_publish_raw_head(f, head);
			for (i = 0; i < npeers; i++) {
				struct peer *p = &peers[(i + k) % npeers];
				double t0 = bench_now();
				unsigned long n = read_cycle(p, &sum);

				p->batch += bench_now() - t0;
				if (n != nrec) {
					printf("bench: %s read %lu records of "
					       "%lu\n", p->name, n, nrec);
					ret = -1;
				}
			}
		}
		for (i = 0; i < npeers; i++) {
			double ns = peers[i].batch / (rounds * nrec) * 1e9;

			if (ns < peers[i].best)
				peers[i].best = ns;
		}
	}
	for (i = 0; i < npeers; i++)
		peers[i].ops->close(peers[i].r);
	return sum ? ret : -1;
}

/* libperf-*.so (any version) next to the reference plugin. */
static int load_peers(const char *self, struct peer *peers)
{
	char dir[PATH_MAX], pattern[PATH_MAX + 32], err[256];
	glob_t g;
	size_t i;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s", self);
	snprintf(pattern, sizeof(pattern), "%s/plugins/libperf-*.so",
		 dirname(dir));
	if (glob(pattern, 0, NULL, &g))
		return 0;
	for (i = 0; i < g.gl_pathc && n < MAX_PEERS - 1; i++) {
		const struct ringcheck_reader_ops *ops =
			plugin_load(g.gl_pathv[i], err, sizeof(err));

		if (!ops) {
			printf("bench: SKIP %s: %s\n", g.gl_pathv[i], err);
			continue;
		}
		peers[n].name = ops->name;
		peers[n++].ops = ops;
	}
	/* the paths stay referenced by nothing: names come from the ops */
	globfree(&g);
	return n;
}

int bench_peers(const char *self, FILE *dat)
{
	struct peer peers[MAX_PEERS] = {
		{ .name = "reference", .ops = NULL },
	};
	int npeers, i, ret = 0;
	size_t m;

	peers[0].ops = ringcheck_reader();
	npeers = 1 + load_peers(self, peers + 1);
	if (npeers == 1)
		printf("bench: SKIP peers: no build/plugins/libperf-*.so "
		       "(make upstream)\n");
	fprintf(dat, "mix");
	for (i = 0; i < npeers; i++)
		fprintf(dat, " %s", peers[i].name);
	fprintf(dat, "\n");
	for (m = 0; m < sizeof(mixes) / sizeof(mixes[0]); m++) {
		unsigned long nrec;
		struct fake_ring *f = fill(&mixes[m], &nrec);

		if (race(f, peers, npeers, nrec))
			ret = -1;
		printf("read_event, records of %s bytes (%lu a half ring): "
		       "reference %.2f ns a record\n", mixes[m].name, nrec,
		       peers[0].best);
		fprintf(dat, "%s %.3f", mixes[m].name, peers[0].best);
		for (i = 1; i < npeers; i++) {
			printf("  vs %s: %.2f ns, reference %.2fx as fast\n",
			       peers[i].name, peers[i].best,
			       peers[i].best / peers[0].best);
			fprintf(dat, " %.3f", peers[i].best);
		}
		fprintf(dat, "\n");
		fake_ring_free(f);
	}
	return ret;
}

static int copy_sink(void *ctx, const void *buf, unsigned long len)
{
	uint8_t **dst = ctx;

	memcpy(*dst, buf, len);
	*dst += len;
	return 0;
}

/* push into a buffer vs memcpy of the same chunks into it. */
int bench_push(void)
{
	const struct ringcheck_reader_ops *ops = ringcheck_reader();
	uint8_t *out = malloc(HALF);
	size_t m;

	for (m = 0; m < sizeof(mixes) / sizeof(mixes[0]); m++) {
		unsigned long nrec, rounds = 2000, k;
		struct fake_ring *f = fill(&mixes[m], &nrec);
		struct ringcheck_ring d = { fake_ring_base(f), 4096, DATA, 0 };
		const uint8_t *data = fake_ring_data(f);
		uint64_t head = fake_ring_data_head(f);
		double push = 1e9, copy = 1e9;
		void *r = ops->open(&d);
		int b;

		for (b = 0; b < BATCHES; b++) {
			double tp = 0, tc = 0;

			for (k = 0; k < rounds / BATCHES; k++) {
				uint64_t off = head & (DATA - 1);
				uint8_t *dst = out;
				double t0;

				head += HALF;
				fake_ring_publish_raw_head(f, head);
				t0 = bench_now();
				if (ops->push(r, &dst, copy_sink) ||
				    dst != out + HALF) {
					printf("bench: push delivered %zu "
					       "bytes of %lu\n",
					       (size_t)(dst - out), HALF);
					return -1;
				}
				tp += bench_now() - t0;
				t0 = bench_now();
				if (off + HALF > DATA) {
					memcpy(out, data + off, DATA - off);
					memcpy(out + (DATA - off), data,
					       HALF - (DATA - off));
				} else {
					memcpy(out, data + off, HALF);
				}
				tc += bench_now() - t0;
			}
			push = tp < push ? tp : push;
			copy = tc < copy ? tc : copy;
		}
		printf("push, records of %s bytes: %.2f GB/s, memcpy of the "
		       "same bytes %.2f GB/s: push %.2fx memcpy\n",
		       mixes[m].name, HALF * (rounds / BATCHES) / push / 1e9,
		       HALF * (rounds / BATCHES) / copy / 1e9, copy / push);
		ops->close(r);
		fake_ring_free(f);
	}
	free(out);
	return 0;
}
