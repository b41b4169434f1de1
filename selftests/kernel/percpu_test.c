// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-CPU rings on the real kernel, read by a merged reader: a thread
 * pinned to each CPU faults pages of its own in a known order, each fault
 * one PERF_RECORD_SAMPLE (software page-fault event of that thread on
 * that CPU, period 1, CLOCK_MONOTONIC through use_clockid). Checked:
 * completeness against the kernel's own counters, the global order of a
 * ping-pong between the CPUs, per-id order in SET_OUTPUT rings, and LOST
 * records on the ring (and CPU) that lost. And the perf tool judged from
 * outside: `perf record` of the same ping-pong, `perf script` in order.
 */
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "kcpus.h"

#define SAMPLE_TYPE	(PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TID | \
			 PERF_SAMPLE_TIME | PERF_SAMPLE_ADDR | \
			 PERF_SAMPLE_CPU)
#define MAX_PAGES	512

/* What the merged stream delivered, one entry per record. */
struct got {
	unsigned int	ring;
	uint32_t	type, tid;
	uint64_t	time, addr, cpu, id, lost;
};

struct stream {
	struct got	*g;
	size_t		n, cap;
};

/* The fields of SAMPLE_TYPE: a sample's, or a LOST's id, lost and trailer
 * (TID, TIME, CPU, IDENTIFIER). */
static int collect(void *ctx, unsigned int ring,
		   const struct perf_event_header *h)
{
	const uint64_t *w = (const uint64_t *)(h + 1);
	struct stream *s = ctx;
	struct got *g;

	if (s->n == s->cap) {
		s->cap = s->cap * 2 + 256;
		s->g = realloc(s->g, s->cap * sizeof(*s->g));
		if (!s->g)
			return -1;
	}
	g = &s->g[s->n++];
	memset(g, 0, sizeof(*g));
	g->ring = ring;
	g->type = h->type;
	if (h->type == PERF_RECORD_SAMPLE && h->size >= 48) {
		g->id = w[0];
		g->tid = (uint32_t)(w[1] >> 32);
		g->time = w[2];
		g->addr = w[3];
		g->cpu = (uint32_t)w[4];
	} else if (h->type == PERF_RECORD_LOST && h->size >= 56) {
		g->lost = w[1];
		g->tid = (uint32_t)(w[2] >> 32);
		g->time = w[3];
		g->cpu = (uint32_t)w[4];
		g->id = w[5];
	}
	return 0;
}

/* A thread pinned to a CPU, faulting its pages phase by phase. */
struct worker {
	pthread_t	thread;
	int		cpu;
	unsigned int	index;		/* its turn in a ping-pong */
	pid_t		tid;
	uint8_t		*mem;
	unsigned int	pages[2];	/* to fault in phase 0, 1 */
	atomic_int	ready, done;
};

static atomic_int phase = -1;		/* the phase the workers may run */
static atomic_int quit;			/* teardown: fault nothing more */
static atomic_int turn;			/* ping-pong: whose fault is next */
static int pingpong, nworkers;
static long page_size;

static void *work(void *arg)
{
	struct worker *w = arg;
	cpu_set_t set;
	unsigned int p, i, first = 0;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return NULL;
	w->tid = (pid_t)syscall(SYS_gettid);
	atomic_store(&w->ready, 1);
	for (p = 0; p < 2; p++) {
		while (atomic_load(&phase) < (int)p)
			sched_yield();
		/* a skipped or failed test's workers leave at once: a
		 * ping-pong under load takes seconds a page */
		for (i = first; i < first + w->pages[p] &&
		     !atomic_load(&quit); i++) {
			while (pingpong && atomic_load(&turn) !=
			       (int)(i * nworkers + w->index) &&
			       !atomic_load(&quit))
				sched_yield();
			w->mem[i * page_size] = 1;
			if (pingpong)
				atomic_fetch_add(&turn, 1);
		}
		first += w->pages[p];
		atomic_store(&w->done, (int)p + 1);
	}
	return NULL;
}

static void attr_init(struct perf_event_attr *attr, uint64_t config)
{
	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->type = PERF_TYPE_SOFTWARE;
	attr->config = config;
	attr->sample_period = 1;
	attr->sample_type = SAMPLE_TYPE;
	attr->sample_id_all = 1;
	attr->disabled = 1;
	attr->exclude_kernel = 1;
	attr->exclude_hv = 1;
	attr->use_clockid = 1;
	attr->clockid = CLOCK_MONOTONIC;
}

FIXTURE(percpu) {
	struct kcpus	kc;
	struct worker	w[2];
	struct stream	s;
	int		cpus[2];
};

FIXTURE_SETUP(percpu)
{
	unsigned int i;

	memset(self, 0, sizeof(*self));
	page_size = sysconf(_SC_PAGESIZE);
	atomic_store(&phase, -1);
	atomic_store(&quit, 0);
	atomic_store(&turn, 0);
	pingpong = 0;
	nworkers = 2;
	if (kcpus_online(self->cpus, 2) < 2)
		SKIP(return, "needs 2 CPUs (qemu: -smp 2)");
	for (i = 0; i < 2; i++) {
		self->w[i].cpu = self->cpus[i];
		self->w[i].index = i;
		self->w[i].mem = mmap(NULL, MAX_PAGES * page_size,
				      PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		ASSERT_NE(MAP_FAILED, self->w[i].mem);
		madvise(self->w[i].mem, MAX_PAGES * page_size,
			MADV_NOHUGEPAGE);
	}
}

FIXTURE_TEARDOWN(percpu)
{
	unsigned int i;

	atomic_store(&quit, 1);
	atomic_store(&phase, 2);	/* no worker left waiting */
	for (i = 0; i < 2; i++) {
		if (self->w[i].thread)
			pthread_join(self->w[i].thread, NULL);
		if (self->w[i].mem && self->w[i].mem != MAP_FAILED)
			munmap(self->w[i].mem, MAX_PAGES * page_size);
	}
	kcpus_close(&self->kc);
	free(self->s.g);
}

/* Workers started and ready, the rings open on their tids. */
static int start(struct __test_metadata *_metadata,
		 FIXTURE_DATA(percpu) *self, unsigned int nevents,
		 unsigned int npages)
{
	struct perf_event_attr attr[2];
	pid_t tids[2];
	unsigned int i;
	int ret;

	for (i = 0; i < 2; i++) {
		if (pthread_create(&self->w[i].thread, NULL, work, &self->w[i]))
			return -1;
		while (!atomic_load(&self->w[i].ready))
			sched_yield();
		tids[i] = self->w[i].tid;
	}
	/*
	 * The second event counts minor faults: two events of one software
	 * type on one task and CPU share the kernel's perf_sample_data of a
	 * fault, and the second one's samples then carry the first one's
	 * IDENTIFIER (seen on 6.18: perf_prepare_sample() skips the fields
	 * already in data->sample_flags).
	 */
	attr_init(&attr[0], PERF_COUNT_SW_PAGE_FAULTS);
	attr_init(&attr[1], PERF_COUNT_SW_PAGE_FAULTS_MIN);
	ret = kcpus_open(&self->kc, attr, 2, self->cpus, tids, nevents,
			 npages);
	if (ret)
		TH_LOG("%s", self->kc.why);
	return ret ? ret : kcpus_enable(&self->kc, 1);
}

static bool busy(FIXTURE_DATA(percpu) *self, int p)
{
	return atomic_load(&self->w[0].done) <= p ||
	       atomic_load(&self->w[1].done) <= p;
}

/* Waits, without reading, for the workers to finish phase p. */
static void workers_done(FIXTURE_DATA(percpu) *self, int p)
{
	while (busy(self, p))
		usleep(100);
}

/* Rounds until the workers finished phase p. */
static int rounds_until(FIXTURE_DATA(percpu) *self, int p)
{
	atomic_store(&phase, p);
	while (busy(self, p)) {
		/* back to back: with three threads on two CPUs the reader
		 * is preempted within rounds, and the workers write behind
		 * its pass (what a round's lag is for) */
		if (kcpus_round(&self->kc, &self->s, collect))
			return -1;
	}
	return 0;
}

/*
 * The end of a test: the workers end first, then the last round. A
 * worker's exit path faults too (libc pages it never touched), after its
 * last phase, and a fault is counted before its sample is written:
 * disabling the events while a worker still runs can leave a counted
 * sample unread (seen: count 258, stream 257). A thread that is gone has
 * nothing in flight, and its events count no more.
 */
static int finish(FIXTURE_DATA(percpu) *self)
{
	unsigned int i;

	atomic_store(&phase, 2);	/* the last phase may run, then out */
	for (i = 0; i < 2; i++) {
		if (self->w[i].thread)
			pthread_join(self->w[i].thread, NULL);
		self->w[i].thread = 0;
	}
	if (kcpus_enable(&self->kc, 0) ||
	    kcpus_round(&self->kc, &self->s, collect))
		return -1;
	return kcpus_flush(&self->kc, &self->s, collect);
}

/* Which worker's page, and which page, an address is; -1: neither. */
static int page_of(FIXTURE_DATA(percpu) *self, uint64_t addr, int *page)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		uint64_t base = (uint64_t)(uintptr_t)self->w[i].mem;

		if (addr >= base && addr < base + MAX_PAGES * page_size) {
			*page = (int)((addr - base) / page_size);
			return (int)i;
		}
	}
	return -1;
}

/* The worker whose page a sample is about, and the page; -1: none. */
static int our_sample(FIXTURE_DATA(percpu) *self, const struct got *g,
		      int *page)
{
	return g->type == PERF_RECORD_SAMPLE ? page_of(self, g->addr, page)
					     : -1;
}

/* Records of ring i, event e (LOST records reported by e included). */
static uint64_t made_on(FIXTURE_DATA(percpu) *self, unsigned int i,
			uint64_t id)
{
	uint64_t n = 0;
	size_t k;

	for (k = 0; k < self->s.n; k++) {
		const struct got *g = &self->s.g[k];

		if (g->ring == i && g->id == id)
			n += g->type == PERF_RECORD_LOST ? g->lost :
			     g->type == PERF_RECORD_SAMPLE;
	}
	return n;
}

/*
 * The whole stream in time order (each ring's, for a reader that walks the
 * rings and leaves the merge to its caller); every record on the ring of
 * its CPU.
 */
static void check_stream(struct __test_metadata *_metadata,
			 FIXTURE_DATA(percpu) *self)
{
	bool walks = kcpus_reader_walks(&self->kc);
	uint64_t last[2] = { 0, 0 };
	size_t k;

	for (k = 0; k < self->s.n; k++) {
		const struct got *g = &self->s.g[k];

		if (g->type != PERF_RECORD_SAMPLE &&
		    g->type != PERF_RECORD_LOST)
			continue;
		ASSERT_EQ((uint64_t)self->cpus[g->ring], g->cpu)
			TH_LOG("record %zu (type %u) on ring %u", k, g->type,
			       g->ring);
		if (walks) {
			ASSERT_LE(last[g->ring & 1], g->time)
				TH_LOG("record %zu out of its ring's order",
				       k);
			last[g->ring & 1] = g->time;
		} else if (k) {
			ASSERT_LE(self->s.g[k - 1].time, g->time)
				TH_LOG("record %zu out of time order", k);
		}
	}
}

/* Two CPUs taking turns: the merged stream must interleave them exactly,
 * and deliver every sample each CPU's counter counted. */
TEST_F(percpu, pingpong_in_time_order)
{
	enum { PAGES = 256 };	/* each page a turn of the ping-pong */
	unsigned int i, next[2] = { 0, 0 }, expect_worker = 0;
	int page, wk, ret;
	size_t k;

	pingpong = 1;
	self->w[0].pages[0] = self->w[1].pages[0] = PAGES;
	ret = start(_metadata, self, 1, 16);
	if (ret == 4)
		SKIP(return, "%s", self->kc.why);
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, rounds_until(self, 0));
	ASSERT_EQ(0, finish(self));
	check_stream(_metadata, self);
	for (k = 0; k < self->s.n; k++) {
		const struct got *g = &self->s.g[k];

		ASSERT_NE(PERF_RECORD_LOST, g->type);
		wk = our_sample(self, g, &page);
		if (wk < 0)
			continue;
		/* the turns across rings are a merge's; a walk keeps each
		 * ring's order (its pages, below) */
		if (!kcpus_reader_walks(&self->kc))
			ASSERT_EQ((unsigned int)wk, expect_worker)
				TH_LOG("page %d of CPU %d's thread out of "
				       "turn", page, self->cpus[wk]);
		ASSERT_EQ(next[wk], (unsigned int)page)
			TH_LOG("page %d of CPU %d's thread came where page "
			       "%u was due: skipped or out of its ring's "
			       "order", page, self->cpus[wk], next[wk]);
		ASSERT_EQ(self->w[wk].tid, (pid_t)g->tid);
		ASSERT_EQ((unsigned int)wk, g->ring);
		next[wk]++;
		expect_worker ^= 1;
	}
	for (i = 0; i < 2; i++) {
		uint64_t count;

		ASSERT_EQ(PAGES, next[i]);
		ASSERT_EQ(0, kcpus_count(&self->kc, i, 0, &count));
		ASSERT_EQ(count, made_on(self, i, self->kc.id[i][0]))
			TH_LOG("ring %u: the counter and the stream differ",
			       i);
	}
}

/* Two events per CPU in one ring (SET_OUTPUT): both ids of each fault on
 * the ring of its CPU, each id in fault order, nothing missing. */
TEST_F(percpu, set_output_two_ids)
{
	enum { PAGES = 40 };
	unsigned int i, e, next[2][2] = { { 0 } };
	int page, wk, ret;
	size_t k;

	self->w[0].pages[0] = self->w[1].pages[0] = PAGES;
	ret = start(_metadata, self, 2, 16);
	if (ret == 4)
		SKIP(return, "%s", self->kc.why);
	ASSERT_EQ(0, ret);
	/* all written first: one round must read every ring to its head */
	atomic_store(&phase, 0);
	workers_done(self, 0);
	ASSERT_EQ(0, kcpus_round(&self->kc, &self->s, collect));
	for (i = 0; i < 2; i++) {
		struct perf_event_mmap_page *pc = (void *)self->kc.base[i];

		ASSERT_EQ(pc->data_head, pc->data_tail)
			TH_LOG("ring %u not read to its head in a round", i);
	}
	ASSERT_EQ(0, finish(self));
	check_stream(_metadata, self);
	for (k = 0; k < self->s.n; k++) {
		const struct got *g = &self->s.g[k];

		ASSERT_NE(PERF_RECORD_LOST, g->type);
		wk = our_sample(self, g, &page);
		if (wk < 0)
			continue;
		ASSERT_EQ((unsigned int)wk, g->ring);
		e = g->id == self->kc.id[wk][0] ? 0 :
		    g->id == self->kc.id[wk][1] ? 1 : 2;
		ASSERT_NE(2, e) TH_LOG("id %#llx on ring %d",
				       (unsigned long long)g->id, wk);
		ASSERT_EQ(next[wk][e], (unsigned int)page);
		next[wk][e]++;
	}
	for (i = 0; i < 2; i++) {
		for (e = 0; e < 2; e++) {
			uint64_t count;

			ASSERT_EQ(PAGES, next[i][e]);
			ASSERT_EQ(0, kcpus_count(&self->kc, i, e, &count));
			ASSERT_EQ(count, made_on(self, i, self->kc.id[i][e]));
		}
	}
}

/* One CPU overflows a one-page ring, the other does not: the LOST records
 * are on the overflowing CPU's ring alone, and samples + lost add up to
 * its counter; the quiet ring lost nothing. */
TEST_F(percpu, lost_on_its_cpu)
{
	unsigned int i;
	uint64_t lost[2] = { 0, 0 }, count;
	int ret;
	size_t k;

	self->w[0].pages[0] = 8;
	self->w[1].pages[0] = 240;
	self->w[0].pages[1] = self->w[1].pages[1] = 4;	/* after a round:
							 * the LOST is
							 * written */
	ret = start(_metadata, self, 1, 1);
	if (ret == 4)
		SKIP(return, "%s", self->kc.why);
	ASSERT_EQ(0, ret);
	atomic_store(&phase, 0);	/* no rounds: ring 1 overflows */
	workers_done(self, 0);
	ASSERT_EQ(0, kcpus_round(&self->kc, &self->s, collect));
	ASSERT_EQ(0, rounds_until(self, 1));
	ASSERT_EQ(0, finish(self));
	check_stream(_metadata, self);
	for (k = 0; k < self->s.n; k++) {
		const struct got *g = &self->s.g[k];

		ASSERT_NE(PERF_RECORD_THROTTLE, g->type)
			TH_LOG("throttled: the counter no longer adds up");
		if (g->type != PERF_RECORD_LOST)
			continue;
		ASSERT_EQ(self->kc.id[g->ring][0], g->id);
		lost[g->ring] += g->lost;
	}
	EXPECT_EQ(0, lost[0]);
	EXPECT_LT(0, lost[1]);
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, kcpus_count(&self->kc, i, 0, &count));
		EXPECT_EQ(count, made_on(self, i, self->kc.id[i][0]))
			TH_LOG("ring %u: samples + lost != counter", i);
	}
}

/*
 * The perf tool, black-box: this program re-executed under `perf record`
 * (per-CPU rings, inherited by the two pinned threads) runs the ping-pong
 * and writes where its pages are; `perf script` must list the faults in
 * the ping-pong's order, each on its thread's CPU.
 */
#define WORKLOAD_ENV	"RINGCHECK_PERCPU_WORKLOAD"
#define PERF_PAGES	128

static void __attribute__((constructor)) perf_workload(void)
{
	const char *out = getenv(WORKLOAD_ENV);
	struct worker w[2];
	int cpus[2];
	unsigned int i;
	FILE *f;

	if (!out)
		return;
	page_size = sysconf(_SC_PAGESIZE);
	pingpong = 1;
	nworkers = 2;
	if (kcpus_online(cpus, 2) < 2)
		_exit(3);
	memset(w, 0, sizeof(w));
	atomic_store(&phase, 1);
	for (i = 0; i < 2; i++) {
		w[i].cpu = cpus[i];
		w[i].index = i;
		w[i].pages[0] = PERF_PAGES;
		w[i].mem = mmap(NULL, MAX_PAGES * page_size,
				PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (w[i].mem == MAP_FAILED)
			_exit(3);
		madvise(w[i].mem, MAX_PAGES * page_size, MADV_NOHUGEPAGE);
	}
	for (i = 0; i < 2; i++)
		if (pthread_create(&w[i].thread, NULL, work, &w[i]))
			_exit(3);
	for (i = 0; i < 2; i++)
		pthread_join(w[i].thread, NULL);
	f = fopen(out, "w");
	if (!f)
		_exit(3);
	for (i = 0; i < 2; i++)
		fprintf(f, "%d %d %lx\n", w[i].tid, cpus[i],
			(unsigned long)(uintptr_t)w[i].mem);
	_exit(fclose(f) ? 3 : 0);
}

/* Runs argv with stdout to out (or inherited); its exit status, 127 when
 * it could not be run. */
static int run(char *const argv[], const char *out, const char *workload)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (!pid) {
		int fd = open("/dev/null", O_WRONLY);

		if (out)
			fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0)
			_exit(127);
		dup2(fd, 1);
		if (!out)
			dup2(fd, 2);
		if (workload)
			setenv(WORKLOAD_ENV, workload, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

TEST(perf_record_pingpong)
{
	char dir[] = "/tmp/ringcheck-perf-XXXXXX", data[PATH_MAX],
	     addrs[PATH_MAX], script[PATH_MAX], self_exe[PATH_MAX] = "",
	     line[256];
	unsigned int next[2] = { 0, 0 }, expect = 0, n = 0, i;
	unsigned long base[2];
	int tid[2], cpu[2], cpus[2], ret;
	unsigned long long sec, nsec, prev = 0;
	FILE *f;

	if (kcpus_online(cpus, 2) < 2)
		SKIP(return, "needs 2 CPUs (qemu: -smp 2)");
	page_size = sysconf(_SC_PAGESIZE);
	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(data, sizeof(data), "%s/perf.data", dir);
	snprintf(addrs, sizeof(addrs), "%s/addrs", dir);
	snprintf(script, sizeof(script), "%s/script", dir);
	ASSERT_LT(0, readlink("/proc/self/exe", self_exe,
			      sizeof(self_exe) - 1));
	{
		char *rec[] = { "perf", "record", "-q", "-o", data, "-e",
				"page-faults", "-c", "1", "-k",
				"CLOCK_MONOTONIC", "--sample-cpu", "-d",
				"-m", "256", "--", self_exe, NULL };
		char *scr[] = { "perf", "script", "-i", data, "-F",
				"tid,cpu,time,addr", "--ns", NULL };
		char *probe[] = { "perf", "record", "-q", "-o", data, "-e",
				  "page-faults", "--", "true", NULL };

		/* no perf, or one that does not work on this kernel */
		ret = run(probe, NULL, NULL);
		if (ret)
			SKIP(goto out, "perf record does not work here (exit "
			     "%d)", ret);
		ret = run(rec, NULL, addrs);
		ASSERT_EQ(0, ret) TH_LOG("perf record exited %d", ret);
		ASSERT_EQ(0, run(scr, script, NULL));
	}
	f = fopen(addrs, "r");
	ASSERT_NE(NULL, f);
	for (i = 0; i < 2; i++)
		ASSERT_EQ(3, fscanf(f, "%d %d %lx", &tid[i], &cpu[i],
				    &base[i]));
	fclose(f);
	f = fopen(script, "r");
	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f)) {
		int t, c;
		unsigned long addr, page;
		unsigned long long now;

		if (sscanf(line, "%d [%d] %llu.%llu: %lx", &t, &c, &sec,
			   &nsec, &addr) != 5)
			continue;
		now = sec * 1000000000ull + nsec;
		EXPECT_LE(prev, now) TH_LOG("perf script out of time order: "
					    "%s", line);
		prev = now;
		for (i = 0; i < 2; i++)
			if (t == tid[i] && addr >= base[i] &&
			    addr < base[i] + MAX_PAGES * page_size)
				break;
		if (i == 2)
			continue;
		page = (addr - base[i]) / page_size;
		ASSERT_EQ(expect, i) TH_LOG("page %lu of CPU %d's thread out "
					    "of turn", page, cpu[i]);
		ASSERT_EQ(next[i], page);
		ASSERT_EQ(cpu[i], c);
		next[i]++;
		expect ^= 1;
		n++;
	}
	fclose(f);
	EXPECT_EQ(2 * PERF_PAGES, n);
out:
	unlink(data);
	unlink(addrs);
	unlink(script);
	rmdir(dir);
}

TEST_HARNESS_MAIN
