/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Real per-CPU rings: one ring per CPU for an event of a task on that CPU,
 * with more events of the same task and CPU redirected into it
 * (PERF_EVENT_IOC_SET_OUTPUT), read by a merged reader through the plugin
 * entry of <ringcheck/evlist.h>. Used by the percpu kselftest.
 */
#ifndef RINGCHECK_KCPUS_H
#define RINGCHECK_KCPUS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/perf_event.h>
#include <ringcheck/evlist.h>

#define KCPUS_MAX	8
#define KCPUS_EVENTS	2

struct kcpus {
	unsigned int			 ncpus, nevents;
	int				 cpu[KCPUS_MAX];
	int				 fd[KCPUS_MAX][KCPUS_EVENTS];
	uint64_t			 id[KCPUS_MAX][KCPUS_EVENTS];
	uint8_t				*base[KCPUS_MAX];
	size_t				 map_len;
	struct ringcheck_evlist_ring	 rings[KCPUS_MAX];
	struct ringcheck_evlist		 evlist;
	const struct ringcheck_evlist_ops *ops;
	void				*rd;
	char				 why[256];	/* skip or error */
};

/* The first n CPUs this thread may run on into cpus; how many there are. */
unsigned int kcpus_online(int *cpus, unsigned int n);
/*
 * For each i < ncpus, nevents events (attr[0..nevents), disabled) for
 * task tid[i] on CPU cpus[i]: the first maps 1 + npages pages, the others
 * write into its ring. All share attr[0].sample_type. The merged reader (RINGCHECK_READER=FILE.so, or the
 * reference) is opened over the rings. 0; 4 (KSFT_SKIP) with the reason
 * in why when the kernel, the privileges or the reader do not allow it;
 * -1 on an error.
 */
int kcpus_open(struct kcpus *kc, struct perf_event_attr *attr,
	       unsigned int ncpus, const int *cpus, const pid_t *tid,
	       unsigned int nevents, unsigned int npages);
void kcpus_close(struct kcpus *kc);
int kcpus_enable(struct kcpus *kc, int enable);
/* The counter of event e on ring i (read(2)): samples made, kept or lost. */
int kcpus_count(const struct kcpus *kc, unsigned int i, unsigned int e,
		uint64_t *count);
int kcpus_round(struct kcpus *kc, void *ctx, ringcheck_evlist_record_fn fn);
int kcpus_flush(struct kcpus *kc, void *ctx, ringcheck_evlist_record_fn fn);
/* The reader walks the rings and does not merge them by time
 * (RINGCHECK_EVLIST_WALKS_RINGS): each ring is in order, not the stream. */
bool kcpus_reader_walks(const struct kcpus *kc);

#endif /* RINGCHECK_KCPUS_H */
