// SPDX-License-Identifier: GPL-2.0-only
/*
 * make bench, the peers: the reference reader against other readers of
 * the same ring and the same records, in one process, and push against
 * memcpy of the same bytes.
 *
 * The ring is written once with a stream of records that repeats every
 * half ring (HALF bytes), starting off the data area's alignment so that
 * records cross its end. Every reader is opened once and reads the same
 * rounds: a round publishes data_head HALF bytes past where the reader
 * stopped (and data_tail there, for the readers that start at data_tail),
 * so each reads the same HALF bytes of records at the same counters. A
 * batch runs the rounds of one reader back to back, timed as a whole,
 * the readers in turn, the order rotating each batch; times are the best
 * of BATCHES batches, the ratio of two readers the ratio of their times.
 *
 * Two tables: the read_event readers (the reference reader's plugin
 * against libperf's and perf-event2's Sampler, a Rust cdylib), and the
 * callback readers (the reference reader's own callback entry,
 * reference-callback.so, against BCC's perf_reader, libbpf's perf_buffer,
 * cilium/ebpf's perf.Reader, a Go c-shared library, and aya's
 * PerfEventArrayBuffer, a Rust cdylib), each record handed to the same
 * callback. The Go and Rust plugins are dlopened into this process as
 * the C ones are and read the same rounds: their time is the package's
 * or crate's own read loop, the language's call boundary and what their
 * adapter adds to hand the suite a record (a copy of each: Record,
 * perf-event2's borrowed pieces and aya's buffers keep no header). aya's
 * adapter opens a BPF map and event of its own to map the ring over
 * (root); without root it refuses the ring and is skipped.
 * Records are PERF_RECORD_SAMPLEs laid out as PERF_SAMPLE_RAW samples
 * (u32 size, then the raw bytes), 16 bytes or more: BCC's perf_reader
 * drops any other sample.
 */
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/perf_event.h>

#include "bench.h"
#include "fake_ring.h"
#include "runner/plugin.h"

#define DATA		262144ul
#define HALF		(DATA / 2)
#define START		(3 * DATA + 4040)	/* records cross the end */
#define RECORDS_EACH	3000000ul		/* per reader and mix */
#define BATCHES		25
#define MAX_PEERS	16
#define MIN_RECORD	16u	/* header, u32 raw size, 4 raw bytes */
#define EMPTY_CYCLES	20000	/* for the cost of a cycle with nothing */

struct mix {
	const char	*name;
	unsigned int	 lo, hi;	/* sizes, multiples of 8 in [lo, hi] */
};

static const struct mix mixes[] = {
	{ "16-64", 16, 64 },
	{ "24-256", 24, 256 },
	{ "1k-8k", 1024, 8192 },
	{ "16-65528", 16, 0 },	/* 0: the stress test's mix, 16 bytes up */
};

struct peer {
	const char			*name;
	const struct ringcheck_reader_ops *ops;
	void				*r;
	uint64_t			 pos;	/* where its last round ended */
	double				 best, empty;
};

/* What every reader does with a record, inline or as the callback. */
struct tally {
	uint64_t	sum;
	unsigned long	n;
};

static unsigned int mix_size(const struct mix *m, unsigned int i)
{
	uint64_t h = (i + 1) * 0x9e3779b97f4a7c15ull;
	unsigned int r, size;

	h ^= h >> 31;
	if (m->hi)
		return m->lo + 8 * (unsigned int)(h % ((m->hi - m->lo) / 8 + 1));
	r = h % 1000;
	h >>= 10;
	if (r < 900)
		size = 8 + 8 * (unsigned int)(h % 32);
	else if (r < 990)
		size = 8 * (1 + (unsigned int)(h % 512));
	else
		size = 8 * (1 + (unsigned int)(h % 8191));
	return size < MIN_RECORD ? MIN_RECORD : size;
}

/* The half-ring stream twice: the data area repeats every HALF bytes. */
static struct fake_ring *fill(const struct mix *m, unsigned long *nrec)
{
	/* the readers with an fd entry map the file themselves */
	struct fake_ring_config cfg = { .page_size = 4096, .data_size = DATA,
					.start = START,
					.flags = FAKE_RING_READER_MAPS };
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
			uint32_t raw;

			if (size > left)	/* left < 65528 here */
				size = left;
			if (left - size == 8)	/* no 8-byte record last */
				size += size < FAKE_RING_MAX_RECORD ? 8 : -8;
			fake_ring_make_record(rec, FAKE_RING_TYPE_SAMPLE, size,
					      i);
			raw = size - 12;	/* a PERF_SAMPLE_RAW sample */
			memcpy(rec + 8, &raw, sizeof(raw));
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

/* The suite's side: where the readers that start at data_tail start. */
static void set_tail(struct fake_ring *f, uint64_t tail)
{
	struct perf_event_mmap_page *pc = fake_ring_control_page(f);

	__atomic_store_n(&pc->data_tail, tail, __ATOMIC_RELAXED);
}

static int tally_record(void *ctx, const struct perf_event_header *h,
			long long lost)
{
	struct tally *t = ctx;

	t->sum += h->type;
	t->n++;
	return 0;
}

/* One cycle of a reader: its records, through read_event or drain. */
static void cycle(const struct peer *p, struct tally *t)
{
	const struct perf_event_header *h;

	if (p->ops->drain) {
		p->ops->drain(p->r, t, tally_record);
		return;
	}
	if (p->ops->read_init(p->r))
		return;
	while ((h = p->ops->read_event(p->r))) {
		t->sum += h->type;
		t->n++;
	}
	p->ops->consume(p->r);
	p->ops->read_done(p->r);
}

static void *open_peer(const struct peer *p, struct fake_ring *f)
{
	struct ringcheck_ring d = { fake_ring_base(f), 4096, DATA, 0 };
	struct ringcheck_fd_ring fd = { fake_ring_fd(f), 4096, DATA, 0 };

	return p->ops->open ? p->ops->open(&d) : p->ops->open_fd(&fd);
}

/* -1: stderr to /dev/null, returns the saved fd; saved: back to it. */
static int quiet_stderr(int saved)
{
	int null;

	fflush(stderr);
	if (saved >= 0) {
		dup2(saved, 2);
		close(saved);
		return -1;
	}
	saved = dup(2);
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, 2);
		close(null);
	}
	return saved;
}

/* rounds of one reader from its position: records read, time in *t */
static unsigned long run_rounds(struct peer *p, struct fake_ring *f,
				unsigned long rounds, double *t,
				uint64_t *sum)
{
	struct tally tally = { 0, 0 };
	unsigned long k;
	double t0 = bench_now();

	for (k = 0; k < rounds; k++) {
		/* BCC and libbpf start at data_tail, the others at their
		 * own prev: both are where this reader stopped */
		set_tail(f, p->pos);
		p->pos += HALF;
		fake_ring_publish_raw_head(f, p->pos);
		cycle(p, &tally);
	}
	*t = bench_now() - t0;
	*sum += tally.sum;
	return tally.n;
}

/* Every peer reads the same rounds; 0, or -1 if one delivered short. */
static int race(struct fake_ring *f, struct peer *peers, int npeers,
		unsigned long nrec)
{
	unsigned long rounds = RECORDS_EACH / nrec / BATCHES + 1;
	uint64_t start = fake_ring_data_head(f), sum = 0;
	int b, i, quiet, ret = 0;

	for (i = 0; i < npeers; i++) {
		fake_ring_publish_raw_head(f, start);
		set_tail(f, start);
		peers[i].r = open_peer(&peers[i], f);
		peers[i].pos = start;
		peers[i].best = 1e9;
		if (!peers[i].r) {
			printf("bench: %s refused the ring\n", peers[i].name);
			return -1;
		}
		/* untimed: libperf starts at prev 0, gives up on that
		 * distance and moves to the head (nothing new for the rest);
		 * its "failed to keep up" goes to /dev/null */
		quiet = quiet_stderr(-1);
		cycle(&peers[i], &(struct tally){ 0, 0 });
		quiet_stderr(quiet);
	}
	for (b = 0; b < BATCHES; b++) {
		for (i = 0; i < npeers; i++) {
			struct peer *p = &peers[(i + b) % npeers];
			double t, ns;
			unsigned long n = run_rounds(p, f, rounds, &t, &sum);

			if (n != rounds * nrec) {
				printf("bench: %s read %lu records of %lu\n",
				       p->name, n, rounds * nrec);
				ret = -1;
			}
			ns = t / (rounds * nrec) * 1e9;
			if (ns < p->best)
				p->best = ns;
		}
	}
	/* the cost of a cycle that finds nothing new (no record to time) */
	for (i = 0; i < npeers; i++) {
		struct tally tally = { 0, 0 };
		double t0;
		int k;

		fake_ring_publish_raw_head(f, peers[i].pos);
		set_tail(f, peers[i].pos);
		t0 = bench_now();
		for (k = 0; k < EMPTY_CYCLES; k++)
			cycle(&peers[i], &tally);
		peers[i].empty = (bench_now() - t0) / EMPTY_CYCLES * 1e9;
		if (tally.n)
			ret = -1;
		peers[i].ops->close(peers[i].r);
	}
	return sum ? ret : -1;
}

static int load_one(const char *path, struct peer *peer)
{
	char err[256];
	const struct ringcheck_reader_ops *ops =
		plugin_load(path, err, sizeof(err));

	if (!ops) {
		printf("bench: SKIP %s: %s\n", path, err);
		return 0;
	}
	if (!(ops->drain || (ops->read_init && ops->read_event &&
			     ops->consume && ops->read_done)) ||
	    !(ops->open || ops->open_fd)) {
		printf("bench: SKIP %s: neither read_event nor drain\n", path);
		return 0;
	}
	peer->name = ops->name;
	peer->ops = ops;
	return 1;
}

/* Each plugins/PATTERN beside self, into peers (at most max). */
static int load_peers(const char *self, const char *pattern,
		      struct peer *peers, int max)
{
	char dir[PATH_MAX], path[PATH_MAX + 32];
	glob_t g;
	size_t i;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s", self);
	snprintf(path, sizeof(path), "%s/plugins/%s", dirname(dir), pattern);
	if (glob(path, 0, NULL, &g))
		return 0;
	for (i = 0; i < g.gl_pathc && n < max; i++)
		n += load_one(g.gl_pathv[i], &peers[n]);
	globfree(&g);
	return n;
}

/*
 * The peers of one table: first the reference (its plugin, loaded as the
 * others are; the copy linked in if there is none and the table is the
 * read_event one), then the others. Returns how many, 0 when the
 * reference or every other is missing (said why).
 */
static int table(const char *self, bool callbacks, struct peer *peers)
{
	/* the plugins of each table, with the make target that builds them */
	static const struct { const char *glob, *make; } others[2][6] = {
		{ { "libperf-*.so", "upstream" },
		  { "perf-event2.so", "rust-readers" } },
		{ { "bcc-*.so", "upstream" }, { "libbpf-*.so", "upstream" },
		  { "cilium-*.so", "go-readers" },
		  { "aya.so", "rust-readers" } },
	};
	const char *ref = callbacks ? "reference-callback.so" : "reference.so";
	int n, k, i;

	n = load_peers(self, ref, peers, 1);
	if (!n && !callbacks) {
		printf("bench: no plugins/reference.so: the reference reader "
		       "linked in (not through dlopen as the peers)\n");
		peers[0].name = "reference";
		peers[0].ops = ringcheck_reader();
		n = 1;
	}
	if (!n) {
		printf("bench: SKIP callback readers: no plugins/%s\n", ref);
		return 0;
	}
	for (k = 0; k < 6 && others[callbacks][k].glob; k++) {
		i = load_peers(self, others[callbacks][k].glob, peers + n,
			       MAX_PEERS - n);
		if (!i)
			printf("bench: SKIP %s: no plugins/%s (make %s)\n",
			       callbacks ? "callback peer" : "libperf",
			       others[callbacks][k].glob,
			       others[callbacks][k].make);
		n += i;
	}
	return n > 1 ? n : 0;
}

/*
 * Drops the peers that refuse the bench's ring (a page size or data size
 * their adapter cannot map), said why; the table is gone with its
 * reference. Returns how many are left.
 */
static int usable(int npeers, struct peer *peers)
{
	unsigned long nrec;
	struct fake_ring *f;
	int i, n = 0;

	if (!npeers)
		return 0;
	f = fill(&mixes[0], &nrec);
	for (i = 0; i < npeers; i++) {
		void *r = open_peer(&peers[i], f);

		if (!r) {
			printf("bench: SKIP %s%s: it refuses a %lu-byte ring "
			       "of %d-byte pages\n", i ? "" : "the table of ",
			       peers[i].name, DATA, 4096);
			if (!i)
				break;
			continue;
		}
		peers[i].ops->close(r);
		peers[n++] = peers[i];
	}
	fake_ring_free(f);
	return n > 1 ? n : 0;
}

static void report(const char *mix, unsigned long nrec, bool callbacks,
		   const struct peer *peers, int npeers, FILE *dat)
{
	const char *what = callbacks ? "drain, the same callback" :
				       "read_event";
	double fastest = 1e9;
	const char *fastest_name = NULL;
	int i;

	printf("%s, records of %s bytes (%lu a half ring): %s %.2f ns a "
	       "record\n", what, mix, nrec, peers[0].name, peers[0].best);
	for (i = 1; i < npeers; i++) {
		printf("  vs %s: %.2f ns, %s %.2fx as fast\n", peers[i].name,
		       peers[i].best, peers[0].name,
		       peers[i].best / peers[0].best);
		if (peers[i].best < fastest) {
			fastest = peers[i].best;
			fastest_name = peers[i].name;
		}
	}
	if (fastest_name)
		printf("  %s vs the fastest (%s): %.2fx\n", peers[0].name,
		       fastest_name, fastest / peers[0].best);
	for (i = 0; i < npeers; i++)
		fprintf(dat, " %.3f", peers[i].best);
}

int bench_peers(const char *self, FILE *dat)
{
	struct peer peers[2][MAX_PEERS];
	int npeers[2], t, i, ret = 0;
	size_t m;

	memset(peers, 0, sizeof(peers));
	for (t = 0; t < 2; t++)
		npeers[t] = usable(table(self, t, peers[t]), peers[t]);
	fprintf(dat, "mix");
	for (t = 0; t < 2; t++)
		for (i = 0; i < npeers[t]; i++)
			fprintf(dat, " %s%s", peers[t][i].name,
				t ? "(drain)" : "");
	fprintf(dat, "\n");
	for (m = 0; m < sizeof(mixes) / sizeof(mixes[0]); m++) {
		unsigned long nrec;
		struct fake_ring *f = fill(&mixes[m], &nrec);

		fprintf(dat, "%s", mixes[m].name);
		for (t = 0; t < 2; t++) {
			if (!npeers[t])
				continue;
			if (race(f, peers[t], npeers[t], nrec))
				ret = -1;
			report(mixes[m].name, nrec, t, peers[t], npeers[t],
			       dat);
		}
		fprintf(dat, "\n");
		fake_ring_free(f);
	}
	/* the last mix's: a cycle's fixed cost, spread over its records */
	for (t = 0; t < 2; t++)
		for (i = 0; i < npeers[t]; i++)
			printf("a cycle with nothing new: %s %.0f ns\n",
			       peers[t][i].name, peers[t][i].empty);
	return ret;
}

static int copy_sink(void *ctx, const void *buf, unsigned long len)
{
	uint8_t **dst = ctx;

	memcpy(*dst, buf, len);
	*dst += len;
	return 0;
}

/*
 * The floor of push's walk: the same headers followed with no check and
 * nothing stored, each position depending on the size before it. The
 * offset is kept in the data area, and the lines ahead prefetched, as
 * push's walk does.
 */
static uint64_t bare_walk(const uint8_t *data, uint64_t off, uint64_t len)
{
	uint64_t walked = 0;

	while (walked < len) {
		uint16_t size;

		memcpy(&size, data + off + 6, sizeof(size));
		__builtin_prefetch(data + off + 256);	/* as push's walk */
		walked += size;
		off += size;
		if (off >= DATA)
			off -= DATA;
	}
	return walked;
}

/*
 * push into a buffer vs memcpy of the same chunks into it, and vs its
 * floor: a bare header walk plus that memcpy. A push that refuses bad
 * sizes must walk the headers (one dependent load a record), so the floor
 * is its yardstick; memcpy is what a push that trusts the ring would cost.
 * The table gives costs as ratios: push's time over the floor's and over
 * memcpy's (1.00x: as fast).
 */
int bench_push(void)
{
	const struct ringcheck_reader_ops *ops = ringcheck_reader();
	uint8_t *out = malloc(HALF);
	double ns[sizeof(mixes) / sizeof(mixes[0])][3];	/* push, walk, copy */
	size_t m;

	for (m = 0; m < sizeof(mixes) / sizeof(mixes[0]); m++) {
		unsigned long nrec, rounds = 2000, k;
		struct fake_ring *f = fill(&mixes[m], &nrec);
		struct ringcheck_ring d = { fake_ring_base(f), 4096, DATA, 0 };
		const uint8_t *data = fake_ring_data(f);
		uint64_t head = fake_ring_data_head(f);
		double push = 1e9, copy = 1e9, walk = 1e9, per;
		void *r = ops->open(&d);
		int b;

		for (b = 0; b < BATCHES; b++) {
			double tp = 0, tc = 0, tw = 0;

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
				t0 = bench_now();
				if (bare_walk(data, off, HALF) != HALF) {
					printf("bench: the walk lost its way\n");
					return -1;
				}
				tw += bench_now() - t0;
			}
			push = tp < push ? tp : push;
			copy = tc < copy ? tc : copy;
			walk = tw < walk ? tw : walk;
		}
		per = 1e9 / ((double)nrec * (rounds / BATCHES));
		printf("push, records of %s bytes: %.2f GB/s, memcpy of the "
		       "same bytes %.2f GB/s: push %.2fx memcpy\n",
		       mixes[m].name, HALF * (rounds / BATCHES) / push / 1e9,
		       HALF * (rounds / BATCHES) / copy / 1e9, copy / push);
		printf("  a record: push %.2f ns, memcpy %.2f ns, a bare "
		       "header walk %.2f ns; walk + memcpy (push's floor) "
		       "%.2fx memcpy\n", push * per, copy * per, walk * per,
		       copy / (copy + walk));
		ns[m][0] = push * per;
		ns[m][1] = walk * per;
		ns[m][2] = copy * per;
		ops->close(r);
		fake_ring_free(f);
	}
	free(out);
	printf("push against its floor (walk + memcpy) and memcpy, ns a "
	       "record; ratios are push's cost over theirs\n");
	printf("  %-10s %8s %8s %8s %11s %12s\n", "records", "push",
	       "floor", "memcpy", "push/floor", "push/memcpy");
	for (m = 0; m < sizeof(mixes) / sizeof(mixes[0]); m++)
		printf("  %-10s %8.2f %8.2f %8.2f %10.2fx %11.2fx\n",
		       mixes[m].name, ns[m][0], ns[m][1] + ns[m][2], ns[m][2],
		       ns[m][0] / (ns[m][1] + ns[m][2]), ns[m][0] / ns[m][2]);
	return 0;
}
