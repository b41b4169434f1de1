// SPDX-License-Identifier: GPL-2.0-only
/*
 * A high-rate real event read concurrently: a thread write-faults fresh
 * anonymous pages (MADV_DONTNEED between rounds makes them fresh again),
 * PERF_COUNT_SW_PAGE_FAULTS with sample_period 1 samples it into a small
 * ring, and the calling thread reads the ring through the reader while
 * the faults go on. The truth is the event's own count (read(2)): every
 * fault is either a sample the reader delivered or counted in a LOST
 * record, exactly; without loss, every page of the region is sampled
 * once a round.
 *
 * The faults are paced (FAULTS_PER_MS) below the kernel's default
 * sample-rate limit (perf_event_max_sample_rate, 100000/s): a throttled
 * event counts faults it neither samples nor reports lost, so a
 * THROTTLE record makes the exact check impossible: then a skip.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "kring.h"
#include "kernel_stress.h"

#define REGION_PAGES	1024
#define RING_PAGES	8
#define FAULTS_PER_MS	40

struct faulter {
	uint8_t		*mem;
	long		 page;
	uint64_t	 faults;
	int		 tid, go, done;	/* atomics */
	pthread_t	 thread;
	bool		 joined;
};

static void *fault_thread(void *arg)
{
	struct faulter *f = arg;
	struct timespec ms = { 0, 1000000 };
	uint64_t i;

	__atomic_store_n(&f->tid, gettid(), __ATOMIC_RELEASE);
	while (!__atomic_load_n(&f->go, __ATOMIC_ACQUIRE))
		sched_yield();
	for (i = 0; i < f->faults; i++) {
		uint64_t p = i % REGION_PAGES;

		if (i && !p)
			madvise(f->mem, REGION_PAGES * f->page, MADV_DONTNEED);
		((volatile uint8_t *)f->mem)[p * f->page] = 1;
		if (i % FAULTS_PER_MS == FAULTS_PER_MS - 1)
			nanosleep(&ms, NULL);
	}
	__atomic_store_n(&f->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

struct tally {
	uint64_t	hits[REGION_PAGES];
	uint64_t	others, throttles;
};

static int one_record(const struct faulter *f, const struct kring *k,
		      const struct perf_event_header *h, struct tally *t,
		      struct stress_result *res)
{
	uint64_t v;
	uint32_t tid;

	switch (h->type) {
	case PERF_RECORD_SAMPLE:
		if (h->size != 24)
			break;
		memcpy(&tid, (const uint8_t *)h + 12, sizeof(tid));
		memcpy(&v, (const uint8_t *)h + 16, sizeof(v));
		if ((int)tid != f->tid) {
			snprintf(res->msg, sizeof(res->msg), "a sample of "
				 "thread %u, the event is on %d", tid, f->tid);
			return 1;
		}
		if (v >= (uint64_t)f->mem &&
		    v < (uint64_t)f->mem + REGION_PAGES * f->page)
			t->hits[(v - (uint64_t)f->mem) / f->page]++;
		else
			t->others++;
		__atomic_fetch_add(&res->delivered, 1, __ATOMIC_RELAXED);
		return 0;
	case PERF_RECORD_LOST:
		memcpy(&v, (const uint8_t *)h + 16, sizeof(v));
		__atomic_fetch_add(&res->lost, v, __ATOMIC_RELAXED);
		return 0;
	case PERF_RECORD_THROTTLE:
	case PERF_RECORD_UNTHROTTLE:
		t->throttles++;
		return 0;
	}
	snprintf(res->msg, sizeof(res->msg), "a record of type %u, %u bytes "
		 "(a SAMPLE of 24 bytes, LOST or THROTTLE expected)", h->type,
		 h->size);
	return 1;
}

/*
 * Until the faulter is done and the ring drained; 0, or 1 on a failure.
 * The last records are read after the faulting thread has exited: its
 * exit path faults too (stack, TLS), after it said it was done, and a
 * sample is counted before it is written, so only a thread that is gone
 * has nothing left in flight. The event is per thread: it counts no more.
 */
static int read_all(struct kring *k, struct faulter *f, struct tally *t,
		    struct stress_result *res)
{
	const struct perf_event_header *h;
	int rc;

	for (;;) {
		rc = k->ops->read_init(k->rd);
		if (rc == -EAGAIN) {
			if (f->joined)
				return 0;
			if (__atomic_load_n(&f->done, __ATOMIC_ACQUIRE)) {
				pthread_join(f->thread, NULL);
				f->joined = true;	/* one more cycle */
			} else {
				sched_yield();
			}
			continue;
		}
		if (rc) {
			snprintf(res->msg, sizeof(res->msg), "read_init "
				 "returned %d", rc);
			return 1;
		}
		while ((h = k->ops->read_event(k->rd))) {
			if (one_record(f, k, h, t, res))
				return 1;
			k->ops->consume(k->rd);
		}
		k->ops->read_done(k->rd);
	}
}

static int judge(const struct kring *k, const struct faulter *f,
		 const struct tally *t, struct stress_result *res)
{
	uint64_t count, rounds = (f->faults + REGION_PAGES - 1) / REGION_PAGES;
	long p;

	if (read(k->fd, &count, sizeof(count)) != sizeof(count)) {
		snprintf(res->msg, sizeof(res->msg), "read of the count: %s",
			 strerror(errno));
		return -1;
	}
	res->records = count;
	if (t->throttles) {
		snprintf(res->msg, sizeof(res->msg), "the kernel throttled "
			 "the event (%llu THROTTLE records): its count cannot "
			 "be matched", (unsigned long long)t->throttles);
		return 2;
	}
	if (res->delivered + res->lost != count) {
		snprintf(res->msg, sizeof(res->msg), "the event counted %llu "
			 "faults; the reader delivered %llu samples and LOST "
			 "records report %llu", (unsigned long long)count,
			 (unsigned long long)res->delivered,
			 (unsigned long long)res->lost);
		return 1;
	}
	for (p = 0; p < REGION_PAGES; p++) {
		/* the last round may be partial */
		uint64_t want = rounds - (p >= (long)((f->faults - 1) %
						       REGION_PAGES + 1));

		if (t->hits[p] > want || (!res->lost && t->hits[p] != want)) {
			snprintf(res->msg, sizeof(res->msg), "page %ld "
				 "sampled %llu times in %llu rounds (%llu "
				 "lost)", p, (unsigned long long)t->hits[p],
				 (unsigned long long)want,
				 (unsigned long long)res->lost);
			return 1;
		}
	}
	return 0;
}

int kstress_run(const struct ringcheck_reader_ops *ops,
		const struct stress_opts *opts, struct stress_result *res)
{
	struct faulter f = { .faults = opts->records };
	struct tally *t = calloc(1, sizeof(*t));
	struct perf_event_attr attr = {
		.size = sizeof(attr), .type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_PAGE_FAULTS, .sample_period = 1,
		.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_ADDR,
		.disabled = 1, .exclude_kernel = 1, .exclude_hv = 1,
	};
	struct kring k = { .fd = -1 };
	int ret;

	f.page = sysconf(_SC_PAGESIZE);
	f.mem = mmap(NULL, REGION_PAGES * f.page, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!t || f.mem == MAP_FAILED) {
		snprintf(res->msg, sizeof(res->msg), "out of memory");
		free(t);
		return -1;
	}
	madvise(f.mem, REGION_PAGES * f.page, MADV_NOHUGEPAGE);
	if (pthread_create(&f.thread, NULL, fault_thread, &f)) {
		snprintf(res->msg, sizeof(res->msg), "pthread_create");
		ret = -1;
		goto out;
	}
	while (!__atomic_load_n(&f.tid, __ATOMIC_ACQUIRE))
		sched_yield();
	ret = kring_open_on(&k, &attr, RING_PAGES, false, f.tid, -1);
	if (ret == 0 && kring_enable(&k))
		ret = -1;
	if (ret) {
		snprintf(res->msg, sizeof(res->msg), "%.200s", k.why);
		ret = ret == 4 ? 2 : -1;
		f.faults = 0;
	}
	__atomic_store_n(&f.go, 1, __ATOMIC_RELEASE);
	if (!ret)
		ret = read_all(&k, &f, t, res);
	if (!f.joined)
		pthread_join(f.thread, NULL);
	if (!ret)
		ret = judge(&k, &f, t, res);
	kring_close(&k);
out:
	munmap(f.mem, REGION_PAGES * f.page);
	free(t);
	return ret;
}
