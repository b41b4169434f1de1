/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ringcheck plugin entry for merged readers: one reader over the rings
 * of a whole event list (one forward ring per CPU, each possibly shared by
 * several events through PERF_EVENT_IOC_SET_OUTPUT), delivering one
 * time-ordered stream. Contract: docs/contract.md (clauses 12-17).
 *
 * A plugin that merges exports ringcheck_evlist_reader() beside (or
 * instead of) ringcheck_reader(); the suite looks for it with dlsym and
 * skips the evlist families, saying so, for a plugin without it.
 *
 * Callback style: read_round() makes one pass over every ring (each read
 * up to the data_head it found when it came to that ring, and released),
 * then hands out, through the suite's callback, the records it would
 * deliver now, in the order it delivers them. flush() hands out whatever
 * it still holds, at the end of the stream.
 *
 * A reader that walks the rings without merging them by time (libperf's
 * perf_evlist__for_each_mmap: each ring's records in ring order, one ring
 * after the other) says so with RINGCHECK_EVLIST_WALKS_RINGS in flags
 * (version 2): it is judged on every ring's records exactly once, each
 * ring in its own order, rounds bounded and LOST on its own ring, not on
 * time order. Without the flag (and for every version-1 plugin) a reader
 * is judged as merging by time: rebuilding an older source against this
 * header keeps it judged as it was.
 */
#ifndef RINGCHECK_EVLIST_H
#define RINGCHECK_EVLIST_H

#include <ringcheck/reader.h>

#define RINGCHECK_EVLIST_ABI_VERSION 2

/* flags (version 2): the reader does not merge by time, it walks */
#define RINGCHECK_EVLIST_WALKS_RINGS	(1u << 0)

struct ringcheck_evlist_ring {
	struct ringcheck_ring	ring;	/* forward, read-write */
	int			cpu;	/* the CPU whose events write it */
};

struct ringcheck_evlist {
	unsigned int				 nrings;
	const struct ringcheck_evlist_ring	*rings;
	/* attr.sample_type of every event; attr.sample_id_all is set, so
	 * every record carries PERF_SAMPLE_TIME */
	unsigned long long			 sample_type;
};

/*
 * One delivered record: ring is its index in rings[]; rec is valid during
 * the call only. Nonzero stops the delivery (the reader returns it).
 */
typedef int (*ringcheck_evlist_record_fn)(void *ctx, unsigned int ring,
				   const struct perf_event_header *rec);

struct ringcheck_evlist_ops {
	unsigned int	 abi_version;	/* RINGCHECK_EVLIST_ABI_VERSION */
	const char	*name;
	void		*(*open)(const struct ringcheck_evlist *evlist);
					/* NULL: error */
	void		 (*close)(void *reader);
	/* 0, a callback's nonzero return, or -errno */
	int		 (*read_round)(void *reader, void *ctx,
				       ringcheck_evlist_record_fn deliver);
	int		 (*flush)(void *reader, void *ctx,
				  ringcheck_evlist_record_fn deliver);
	/* version 2 */
	unsigned int	 flags;		/* RINGCHECK_EVLIST_WALKS_RINGS */
};

const struct ringcheck_evlist_ops *ringcheck_evlist_reader(void);

#endif /* RINGCHECK_EVLIST_H */
