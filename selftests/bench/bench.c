// SPDX-License-Identifier: GPL-2.0-only
/*
 * make bench: what ringcheck's parts cost, as ratios against a baseline
 * run in the same process (no absolute timing is asserted anywhere):
 *	writer	fake_ring_write vs copying the same bytes into a ring
 *	reader	the reference reader vs a bare walk of the same headers
 *	oracle	a judged case vs replaying its writes into fake_ring alone
 *	ledger	ledger memory vs the bytes of the records it holds
 *	peers	the reference reader vs libperf on the same ring, and its
 *		callback entry vs BCC and libbpf (bench_peers.c)
 *	push	push vs memcpy of the same bytes, beside a bare header walk
 * The peers' numbers also go to OUT.dat for the chart (bench.gp).
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/perf_event.h>

#include "bench.h"
#include "fake_ring.h"
#include "player/player.h"
#include "ring_reader.h"
#include "scenario/scenario.h"

#define RING		65536ul
#define RECORDS		200000
#define REC_SIZE	40u

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct fake_ring *ring(const char *mode)
{
	struct fake_ring_config cfg = { .page_size = 4096, .data_size = RING };
	char err[128];

	fake_ring_parse_mode(mode, &cfg);
	return fake_ring_new(&cfg, err, sizeof(err));
}

/* The bare copy of RECORDS records into a ring's data area. */
static double bare_copy(const uint8_t *rec, uint8_t *area)
{
	double t0 = bench_now();
	uint64_t pos = 0;
	int i;

	for (i = 0; i < RECORDS; i++, pos += REC_SIZE) {
		size_t off = pos & (RING - 1), n = RING - off;

		n = n < REC_SIZE ? n : REC_SIZE;
		memcpy(area + off, rec, n);
		memcpy(area, rec + n, REC_SIZE - n);
	}
	return bench_now() - t0;
}

/*
 * fake_ring_write on a new ring (its ledger grows: realloc and first
 * touch of fresh pages) and on a reset one (the ledger keeps its
 * capacity, as the oracle's ring cache does): where the cost lies.
 * Best of WRITER_RUNS each.
 */
#define WRITER_RUNS	7
static void writer(void)
{
	uint8_t rec[REC_SIZE], *area = calloc(1, RING);
	double base = 1e9, fresh = 1e9, reused = 1e9, t0, t;
	struct fake_ring *f;
	int run, i;

	fake_ring_make_record(rec, 9, REC_SIZE, 1);
	for (run = 0; run < WRITER_RUNS; run++) {
		t = bare_copy(rec, area);
		base = t < base ? t : base;
		f = ring("fwd-ro");
		t0 = bench_now();
		for (i = 0; i < RECORDS; i++)
			fake_ring_write(f, rec, REC_SIZE, NULL);
		t = bench_now() - t0;
		fresh = t < fresh ? t : fresh;
		fake_ring_reset(f);
		t0 = bench_now();
		for (i = 0; i < RECORDS; i++)
			fake_ring_write(f, rec, REC_SIZE, NULL);
		t = bench_now() - t0;
		reused = t < reused ? t : reused;
		fake_ring_free(f);
	}
	printf("writer: %d records of %u bytes: fake_ring_write %.1fx the "
	       "bare copy on a new ring, %.1fx on a reset one (%.1f, %.1f "
	       "vs %.1f ns a record)\n", RECORDS, REC_SIZE, fresh / base,
	       reused / base, fresh / RECORDS * 1e9, reused / RECORDS * 1e9,
	       base / RECORDS * 1e9);
	free(area);
}

/*
 * The reference reader against a bare walk of the same headers, each
 * round a ring full of records; the best round of each (a round's
 * records are the same for both, and a single round is easily disturbed
 * on a shared machine).
 */
static void reader(void)
{
	struct fake_ring *f = ring("fwd-rw");
	struct ringcheck_ring d = { fake_ring_base(f), 4096, RING, 0 };
	const struct perf_event_header *h;
	const uint8_t *data = fake_ring_data(f);
	uint8_t rec[REC_SIZE];
	struct ring_reader *r;
	double t0, t, base = 1e9, ours = 1e9;
	uint64_t sum = 0, pos, n = 0;
	int err, round;

	fake_ring_make_record(rec, 9, REC_SIZE, 1);
	r = ring_reader_open(&d, &err, NULL, 0);
	for (round = 0; round < 200; round++) {
		uint64_t start = fake_ring_data_tail(f), k = 0;

		while (fake_ring_write(f, rec, REC_SIZE, NULL) == 0)
			k++;
		n += k;
		t0 = bench_now();
		for (pos = start; pos != fake_ring_data_head(f);
		     pos += ((const struct perf_event_header *)
			     (data + (pos & (RING - 1))))->size)
			sum += data[pos & (RING - 1)];
		t = (bench_now() - t0) / k;
		base = t < base ? t : base;
		t0 = bench_now();
		if (ring_reader_read_init(r) == 0) {
			while ((h = ring_reader_read_event(r)))
				sum += h->type;
			ring_reader_consume(r);
			ring_reader_read_done(r);
		}
		t = (bench_now() - t0) / k;
		ours = t < ours ? t : ours;
	}
	printf("reader: %lu records: the reference reader %.1fx a bare header "
	       "walk (%.1f vs %.1f ns a record, best of 200 rounds)%s\n",
	       (unsigned long)n, ours / base, ours * 1e9, base * 1e9,
	       sum ? "" : " ");
	ring_reader_close(r);
	fake_ring_free(f);
}

static void oracle(void)
{
	struct scenario *s = malloc(sizeof(*s));
	struct judge_result res;
	char err[128];
	double t0, base, ours;
	int i, k, runs = 300;

	scenario_from_id("wrap-512.8.24.0", s, err, sizeof(err));
	struct fake_ring *f = fake_ring_new(&s->cfg, err, sizeof(err));

	/* the baseline reuses one ring, as the oracle's ring cache does */
	t0 = bench_now();
	for (i = 0; i < runs; i++) {
		uint8_t rec[64];

		fake_ring_reset(f);
		for (k = 0; k < s->nsteps; k++) {
			int64_t n = s->steps[k].arg2 >> 32;

			while (s->steps[k].op == ST_WRITE && n--) {
				fake_ring_make_record(rec, 9, s->steps[k].arg, n);
				fake_ring_write(f, rec, s->steps[k].arg, NULL);
				fake_ring_consume(f);
			}
		}
	}
	base = bench_now() - t0;
	fake_ring_free(f);
	t0 = bench_now();
	for (i = 0; i < runs; i++)
		play_scenario(s, ringcheck_reader(), &res, NULL);
	ours = bench_now() - t0;
	printf("oracle: case %s: judged %.1fx its writes alone (%.0f vs "
	       "%.0f us a case)\n", s->id, ours / base, ours / runs * 1e6,
	       base / runs * 1e6);
	free(s);
}

static void ledger(void)
{
	struct mallinfo2 before = mallinfo2(), after;
	struct fake_ring *f = ring("fwd-ro");
	uint8_t rec[REC_SIZE];
	int i;

	fake_ring_make_record(rec, 9, REC_SIZE, 1);
	for (i = 0; i < RECORDS; i++)
		fake_ring_write(f, rec, REC_SIZE, NULL);
	after = mallinfo2();
	printf("ledger: %d records of %u bytes: %.2fx their bytes on the "
	       "heap (%zu bytes a record)\n", RECORDS, REC_SIZE,
	       (double)(after.uordblks - before.uordblks) /
	       ((double)RECORDS * REC_SIZE),
	       (after.uordblks - before.uordblks) / RECORDS);
	fake_ring_free(f);
}

int main(int argc, char **argv)
{
	FILE *dat = fopen(argc > 1 ? argv[1] : "/dev/null", "w");
	int ret;

	if (!dat) {
		perror(argv[1]);
		return 2;
	}
	writer();
	reader();
	oracle();
	ledger();
	ret = bench_peers(argv[0], dat) | bench_push();
	fclose(dat);
	return ret ? 1 : 0;
}
