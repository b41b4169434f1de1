// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-CPU rings of real events, and the merged reader over them. The one
 * place besides kring.c that calls perf_event_open.
 */
#include <dlfcn.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kcpus.h"

#define KSFT_SKIP	4

unsigned int kcpus_online(int *cpus, unsigned int n)
{
	cpu_set_t set;
	unsigned int k = 0;
	int c;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	for (c = 0; c < CPU_SETSIZE && k < n; c++)
		if (CPU_ISSET(c, &set))
			cpus[k++] = c;
	return k;
}

/* RINGCHECK_READER=FILE.so: its merged reader; the reference otherwise. */
static int load_reader(struct kcpus *kc)
{
	const struct ringcheck_evlist_ops *(*entry)(void);
	const char *path = getenv("RINGCHECK_READER");
	void *dl;

	if (!path || !*path) {
		kc->ops = ringcheck_evlist_reader();
		return 0;
	}
	dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	*(void **)&entry = dl ? dlsym(dl, "ringcheck_evlist_reader") : NULL;
	kc->ops = entry ? entry() : NULL;
	if (!kc->ops || kc->ops->abi_version < 1 ||
	    kc->ops->abi_version > RINGCHECK_EVLIST_ABI_VERSION) {
		snprintf(kc->why, sizeof(kc->why), "RINGCHECK_READER: %s has "
			 "no merged-reader entry of version 1 to %d", path,
			 RINGCHECK_EVLIST_ABI_VERSION);
		return KSFT_SKIP;
	}
	return 0;
}

bool kcpus_reader_walks(const struct kcpus *kc)
{
	/* flags came with version 2 of the entry */
	return kc->ops->abi_version >= 2 &&
	       (kc->ops->flags & RINGCHECK_EVLIST_WALKS_RINGS);
}

static int fail_with(struct kcpus *kc, const char *what, int err)
{
	snprintf(kc->why, sizeof(kc->why), "%s: %s%s", what, strerror(err),
		 err == EACCES || err == EPERM ?
		 " (see /proc/sys/kernel/perf_event_paranoid)" : "");
	switch (err) {
	case EACCES:
	case EPERM:
	case ENOENT:
	case ENODEV:
	case EOPNOTSUPP:
	case ENOSYS:
		return KSFT_SKIP;
	}
	return -1;
}

static int open_event(struct kcpus *kc, struct perf_event_attr *attr,
		      unsigned int i, unsigned int e, pid_t tid)
{
	kc->fd[i][e] = (int)syscall(SYS_perf_event_open, &attr[e], tid,
				    kc->cpu[i], -1, PERF_FLAG_FD_CLOEXEC);
	if (kc->fd[i][e] < 0)
		return fail_with(kc, "perf_event_open", errno);
	if (ioctl(kc->fd[i][e], PERF_EVENT_IOC_ID, &kc->id[i][e]))
		return fail_with(kc, "PERF_EVENT_IOC_ID", errno);
	return 0;
}

static int open_ring(struct kcpus *kc, struct perf_event_attr *attr,
		     unsigned int i, pid_t tid, unsigned int npages)
{
	unsigned long ps = (unsigned long)sysconf(_SC_PAGESIZE);
	unsigned int e;
	int ret = open_event(kc, attr, i, 0, tid);

	if (ret)
		return ret;
	kc->map_len = ps * (1 + npages);
	kc->base[i] = mmap(NULL, kc->map_len, PROT_READ | PROT_WRITE,
			   MAP_SHARED, kc->fd[i][0], 0);
	if (kc->base[i] == MAP_FAILED) {
		kc->base[i] = NULL;
		return fail_with(kc, "mmap of a ring", errno);
	}
	kc->rings[i] = (struct ringcheck_evlist_ring){
		.ring = { kc->base[i], ps, ps * npages, 0 },
		.cpu = kc->cpu[i],
	};
	/* the kernel redirects only into a ring that is mapped already */
	for (e = 1; e < kc->nevents; e++) {
		ret = open_event(kc, attr, i, e, tid);
		if (ret)
			return ret;
		if (ioctl(kc->fd[i][e], PERF_EVENT_IOC_SET_OUTPUT,
			  kc->fd[i][0]))
			return fail_with(kc, "PERF_EVENT_IOC_SET_OUTPUT",
					 errno);
	}
	return 0;
}

int kcpus_open(struct kcpus *kc, struct perf_event_attr *attr,
	       unsigned int ncpus, const int *cpus, const pid_t *tid,
	       unsigned int nevents, unsigned int npages)
{
	unsigned int i, e;
	int ret;

	memset(kc, 0, sizeof(*kc));
	for (i = 0; i < KCPUS_MAX; i++)
		for (e = 0; e < KCPUS_EVENTS; e++)
			kc->fd[i][e] = -1;
	if (ncpus < 1 || ncpus > KCPUS_MAX || nevents < 1 ||
	    nevents > KCPUS_EVENTS) {
		snprintf(kc->why, sizeof(kc->why), "kcpus: %u CPUs, %u events",
			 ncpus, nevents);
		return -1;
	}
	kc->ncpus = ncpus;
	kc->nevents = nevents;
	ret = load_reader(kc);
	if (ret)
		return ret;
	for (i = 0; i < ncpus; i++) {
		kc->cpu[i] = cpus[i];
		ret = open_ring(kc, attr, i, tid[i], npages);
		if (ret)
			return ret;
	}
	kc->evlist = (struct ringcheck_evlist){
		.nrings		= ncpus,
		.rings		= kc->rings,
		.sample_type	= attr->sample_type,
	};
	kc->rd = kc->ops->open(&kc->evlist);
	if (!kc->rd) {
		snprintf(kc->why, sizeof(kc->why), "merged reader %s refused "
			 "the rings", kc->ops->name);
		return -1;
	}
	return 0;
}

void kcpus_close(struct kcpus *kc)
{
	unsigned int i, e;

	if (kc->rd)
		kc->ops->close(kc->rd);
	kc->rd = NULL;
	for (i = 0; i < KCPUS_MAX; i++) {
		if (kc->base[i])
			munmap(kc->base[i], kc->map_len);
		kc->base[i] = NULL;
		for (e = 0; e < KCPUS_EVENTS; e++) {
			if (kc->fd[i][e] >= 0)
				close(kc->fd[i][e]);
			kc->fd[i][e] = -1;
		}
	}
}

int kcpus_enable(struct kcpus *kc, int enable)
{
	unsigned int i, e;

	for (i = 0; i < kc->ncpus; i++)
		for (e = 0; e < kc->nevents; e++)
			if (ioctl(kc->fd[i][e], enable ? PERF_EVENT_IOC_ENABLE
						       : PERF_EVENT_IOC_DISABLE,
				  0))
				return -1;
	return 0;
}

int kcpus_count(const struct kcpus *kc, unsigned int i, unsigned int e,
		uint64_t *count)
{
	return read(kc->fd[i][e], count, sizeof(*count)) == sizeof(*count) ?
	       0 : -1;
}

int kcpus_round(struct kcpus *kc, void *ctx, ringcheck_evlist_record_fn fn)
{
	return kc->ops->read_round(kc->rd, ctx, fn);
}

int kcpus_flush(struct kcpus *kc, void *ctx, ringcheck_evlist_record_fn fn)
{
	return kc->ops->flush(kc->rd, ctx, fn);
}
