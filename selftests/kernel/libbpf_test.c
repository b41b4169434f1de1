// SPDX-License-Identifier: GPL-2.0-only
/*
 * libbpf's perf_buffer beside the reader under test, on one event stream.
 * libbpf opens its own system-wide per-CPU events (perf_buffer__new_raw,
 * no BPF program: a PERF_EVENT_ARRAY map is enough), so it cannot read a
 * simulated ring; here both read COMM records of this process, pinned to
 * CPU 0, from two rings of the same size fed by the same events. They must
 * deliver the same records, LOST records included.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../kselftest_harness.h"
#include "kring_harness.h"

struct seen {
	char		names[2048][16];
	uint64_t	lost[64];
	unsigned int	n, nlost;
};

/* Our process's COMM records and every LOST, in order. */
static void note(struct seen *s, const struct perf_event_header *h)
{
	const uint32_t *pid = (const void *)(h + 1);
	uint64_t v[2];

	if (h->type == PERF_RECORD_LOST && s->nlost < 64) {
		memcpy(v, h + 1, sizeof(v));
		s->lost[s->nlost++] = v[1];
	} else if (h->type == PERF_RECORD_COMM && pid[0] == (uint32_t)getpid() &&
		   s->n < 2048) {
		snprintf(s->names[s->n++], 16, "%s", krec_comm(h));
	}
}

static enum bpf_perf_event_ret from_libbpf(void *ctx, int cpu,
					    struct perf_event_header *h)
{
	note(ctx, h);
	return LIBBPF_PERF_EVENT_CONT;
}

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	return 0;
}

FIXTURE(pair) {
	struct perf_buffer	*pb;
	int			map_fd;
	struct kring		k;
	struct seen		a, b;	/* a: libbpf, b: the reader */
};

FIXTURE_VARIANT(pair) {
	unsigned int	pages;
	unsigned int	burst;	/* records between two reads */
};

FIXTURE_VARIANT_ADD(pair, no_loss) { .pages = 8, .burst = 20 };
FIXTURE_VARIANT_ADD(pair, wraps) { .pages = 1, .burst = 60 };
FIXTURE_VARIANT_ADD(pair, with_loss) { .pages = 1, .burst = 300 };

FIXTURE_SETUP(pair)
{
	LIBBPF_OPTS(perf_buffer_raw_opts, opts);
	struct perf_event_attr attr;
	int cpu = 0, key = 0, ret;
	cpu_set_t set;

	self->pb = NULL;
	self->map_fd = -1;
	self->k.fd = -1;
	if (geteuid())
		SKIP(return, "libbpf's perf_buffer opens system-wide events: "
			     "root only");
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	ASSERT_EQ(0, sched_setaffinity(0, sizeof(set), &set));
	libbpf_set_print(libbpf_quiet);
	self->map_fd = bpf_map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, NULL,
				      sizeof(int), sizeof(int), 1, NULL);
	if (self->map_fd < 0)
		SKIP(return, "bpf_map_create: %s", strerror(errno));
	kring_comm_attr(&attr, false);
	attr.disabled = 0;
	attr.exclude_kernel = 0;
	attr.watermark = 1;		/* else epoll never fires */
	attr.wakeup_watermark = 1;
	opts.cpu_cnt = 1;
	opts.cpus = &cpu;
	opts.map_keys = &key;
	self->pb = perf_buffer__new_raw(self->map_fd, variant->pages, &attr,
					from_libbpf, &self->a, &opts);
	if (!self->pb)
		SKIP(return, "perf_buffer__new_raw: %s", strerror(errno));
	attr.disabled = 1;
	ret = kring_open_on(&self->k, &attr, variant->pages, false, -1, 0);
	if (ret == 4)
		SKIP(return, "%s", self->k.why);
	ASSERT_EQ(0, ret) TH_LOG("%s", self->k.why);
	ASSERT_EQ(0, kring_enable(&self->k));
}

FIXTURE_TEARDOWN(pair)
{
	if (self->pb)
		perf_buffer__free(self->pb);
	if (self->map_fd >= 0)
		close(self->map_fd);
	kring_close(&self->k);
}

static void read_both(struct _test_data_pair *self)
{
	struct krecs got = { 0 };
	size_t i;

	perf_buffer__consume(self->pb);
	kring_cycle(&self->k, KCYCLE_EACH, &got);
	for (i = 0; i < got.n; i++)
		note(&self->b, krecs_at(&got, i));
	krecs_free(&got);
}

TEST_F(pair, same_records)
{
	unsigned int i, round;

	for (round = 0; round < 4; round++) {
		for (i = 0; i < variant->burst; i++) {
			char name[16];

			snprintf(name, sizeof(name), "lb%u-%u", round, i);
			prctl(PR_SET_NAME, name);
		}
		read_both(self);
	}
	prctl(PR_SET_NAME, "lb-last");
	read_both(self);
	TH_LOG("libbpf %u records, %u LOST; %s %u records, %u LOST",
	       self->a.n, self->a.nlost, self->k.ops->name, self->b.n,
	       self->b.nlost);
	ASSERT_EQ(self->a.n, self->b.n);
	for (i = 0; i < self->a.n; i++)
		ASSERT_STREQ(self->a.names[i], self->b.names[i]);
	ASSERT_EQ(self->a.nlost, self->b.nlost);
	for (i = 0; i < self->a.nlost; i++)
		EXPECT_EQ(self->a.lost[i], self->b.lost[i]);
	if (variant->burst * 4 + 1 <= 1000 && variant->pages == 8) {
		/* nothing lost: every record of ours, in order */
		EXPECT_EQ(4 * variant->burst + 1, self->a.n);
	}
	if (variant->burst == 300) {
		EXPECT_LT(0, self->a.nlost);
	}
}

TEST_HARNESS_MAIN
