// SPDX-License-Identifier: GPL-2.0-only
/*
 * The differential test of fake_ring against the kernel: seeded random
 * sequences of operations run on a real perf ring and replayed into
 * fake_ring; after every step data_head, data_tail and every byte of
 * every whole record (but the unpredictable fields, replay.h) must be
 * equal, and so must the readiness for a reader (wakeups.h).
 *
 * usage: differential [-n COUNT] [-s FIRST_SEED]	COUNT sequences
 *        differential --seed SEED			one, step by step
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel_side.h"
#include "replay.h"
#include "wakeups.h"

struct opts {
	unsigned long	count;
	uint64_t	first;
	bool		one;
	const char	*self;
};

static void describe(FILE *out, const struct seq *s)
{
	fprintf(out, "seed %llu: %s, %u data pages, %u ops, STACK_USER %u, ",
		(unsigned long long)s->seed, seq_mode_name(s->mode), s->pages,
		s->nops, s->stack);
	seq_print_wakeup(out, s);
}

/* 0 equal, 1 a mismatch (reported), 4 skip, -1 error (in why). */
static int run_one(const struct opts *o, uint64_t seed, const char *dir,
		   bool samples, struct replay_stats *st, struct wake_stats *ws,
		   char *why, size_t len)
{
	static struct kside ks;
	struct fake_ring_wakeups w;
	struct fake_ring *f;
	int epfd;
	struct seq s;
	unsigned int i;
	int ret;

	seq_generate(&s, seed, (unsigned long)sysconf(_SC_PAGESIZE));
	if (o->one) {
		describe(stdout, &s);
		printf("\n");
	}
	ret = kside_open(&ks, &s, dir, samples);
	if (ret) {
		snprintf(why, len, "%s", ks.k.why);
		kside_close(&ks);
		return ret;
	}
	f = kring_fake(&ks.k, seq_backward(&s));
	if (!f || wake_configure(f, &s)) {
		snprintf(why, len, "fake_ring refused the ring's geometry");
		fake_ring_free(f);
		kside_close(&ks);
		return -1;
	}
	epfd = wake_epoll_open(ks.k.fd);
	if (epfd < 0) {
		snprintf(why, len, "epoll on the event: %s", strerror(errno));
		fake_ring_free(f);
		kside_close(&ks);
		return -1;
	}
	ret = 0;
	for (i = 0; i < s.nops && !ret; i++) {
		char diff[256] = "";

		if (kside_do(&ks, &s, i) || replay_op(f, &ks, &s, i)) {
			snprintf(why, len, "step %u: %s", i,
				 ks.k.why[0] ? ks.k.why : fake_ring_error(f));
			ret = -1;
			break;
		}
		ret = replay_compare(&ks, f, &s, st, diff, sizeof(diff));
		/* the bytes first: a wrong wakeup after wrong bytes follows */
		if (!ret)
			ret = wake_compare(ks.k.fd, epfd, f, &s, i, ws, diff,
					   sizeof(diff));
		if (ret < 0) {
			snprintf(why, len, "step %u: %s", i, diff);
			break;
		}
		if (o->one) {
			printf("%s %3u ", ret ? ">>" : "  ", i);
			seq_print_op(stdout, &s.ops[i]);
			printf(": head %llu tail %llu\n",
			       (unsigned long long)kring_head(&ks.k),
			       (unsigned long long)kring_tail(&ks.k));
		}
		if (ret) {
			describe(stdout, &s);
			printf("\n  first difference after step %u (", i);
			seq_print_op(stdout, &s.ops[i]);
			printf("): %s\n  replay: %s --seed %llu\n", diff,
			       o->self, (unsigned long long)seed);
		}
	}
	fake_ring_wakeup_state(f, &w);
	ws->predicted += w.fired;
	close(epfd);
	st->dropped += fake_ring_count(f, FAKE_RING_DROPPED);
	/* the head moved more than a ring from 0, either way */
	st->wrapped += fake_ring_data_head(f) + ks.k.data_size >
		       2 * ks.k.data_size;
	fake_ring_free(f);
	kside_close(&ks);
	return ret;
}

static int parse(int argc, char **argv, struct opts *o)
{
	int i;

	*o = (struct opts){ .count = 1000, .first = 1, .self = argv[0] };
	for (i = 1; i < argc; i += 2) {	/* option, value */
		char *end;
		unsigned long long v;

		if (i + 1 >= argc)
			goto usage;
		errno = 0;
		v = strtoull(argv[i + 1], &end, 0);
		if (errno || *end || end == argv[i + 1])
			goto usage;
		if (!strcmp(argv[i], "-n"))
			o->count = v;
		else if (!strcmp(argv[i], "-s"))
			o->first = v;
		else if (!strcmp(argv[i], "--seed"))
			o->first = v, o->count = 1, o->one = true;
		else
			goto usage;
	}
	return 0;
usage:
	fprintf(stderr, "usage: %s [-n COUNT] [-s FIRST_SEED] | --seed SEED\n"
		"  (bad or missing argument near '%s')\n", argv[0],
		i < argc ? argv[i] : "");
	return 2;
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/rcdiff-XXXXXX", why[512] = "", note[256] = "";
	unsigned long n, done = 0, mismatches = 0;
	struct replay_stats st = { 0 };
	struct wake_stats ws = { 0 };
	struct opts o;
	bool samples;
	int ret = 0;

	if (parse(argc, argv, &o))
		return 2;
	if (!mkdtemp(dir)) {
		fprintf(stderr, "differential: mkdtemp: %s\n", strerror(errno));
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	samples = kside_probe_breakpoints(note, sizeof(note));
	for (n = 0; n < o.count; n++) {
		ret = run_one(&o, o.first + n, dir, samples, &st, &ws, why,
			      sizeof(why));
		if (ret < 0 || ret == 4)
			break;
		done++;
		mismatches += ret;
	}
	rmdir(dir);
	if (ret == 4) {
		printf("differential: SKIP: %s\n", why);
		printf("# ringcheck-totals differential passed=0 failed=0 "
		       "skipped=1\n");
		return 0;
	}
	if (ret < 0)
		printf("differential: error in seed %llu: %s\n",
		       (unsigned long long)(o.first + n), why);
	printf("%lu sequences, %lu mismatches\n", done, mismatches);
	printf("compared after every step: %lu whole records (%lu LOST); "
	       "%lu sequences wrapped the ring; %lu records dropped\n",
	       st.records, st.lost, st.wrapped, st.dropped);
	printf("readiness compared after every step: %lu probes; the kernel "
	       "woke %lu times by epoll, %lu by poll; fake_ring fired %lu "
	       "wakeups\n", ws.probes, ws.epoll_edges, ws.poll_ready,
	       ws.predicted);
	if (!samples)
		printf("differential: SKIP breakpoint samples: %s\n", note);
	printf("# ringcheck-totals differential passed=%lu failed=%lu "
	       "skipped=%d\n", done - mismatches,
	       mismatches + (ret < 0), !samples);
	return mismatches || ret < 0 ? 1 : 0;
}
