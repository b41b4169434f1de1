/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ringcheck reader plugin ABI, versions 1 and 2.
 *
 * A reader under test is a shared object that exports ringcheck_reader().
 * ringcheck hands it rings (simulated or real perf rings) and drives it
 * through the calls below, each run in a child process with a time limit.
 * This is a public contract: names, types and field order are fixed; later
 * versions only append fields and raise the version.
 *
 * Which version a source is written against is the source's choice, made
 * once, before this header is included:
 *
 *	#define RINGCHECK_READER_ABI 2
 *	#include <ringcheck/reader.h>
 *
 * RINGCHECK_READER_ABI_VERSION is then that version, so that
 * ".abi_version = RINGCHECK_READER_ABI_VERSION" always means what the
 * source was written for. A source that does not define it is a
 * version-1 source (written before version 2 existed): it still compiles,
 * gets abi_version 1, and is judged exactly as it always was. The fields
 * of version 2 carry other names in such a source, so a version-2 source
 * that forgot the line does not compile (the error names
 * RINGCHECK_READER_ABI) rather than being tested as version 1.
 * RINGCHECK_READER_ABI_LATEST is the newest version this header describes.
 *
 * A version-1 plugin (abi_version 1, the fields up to push) is given
 * mapped rings and is taken to support every case.
 *
 * Version 2 adds, after push:
 *  - caps and min_data_size: what the reader supports. A case outside them
 *    is skipped as "unsupported: <capability>...", never failed. caps must
 *    hold RINGCHECK_CAP_FORWARD or RINGCHECK_CAP_OVERWRITE (or both): a
 *    version-2 plugin that declares neither could be given no case, and
 *    is refused at load. Two bits
 *    of caps are limits (a reader that maps with its own page size, one
 *    that hands on only raw samples); they were added later within
 *    version 2: a plugin that leaves them clear has no limit.
 *  - open_fd: the reader maps the ring itself from a file descriptor, as it
 *    maps a perf fd (a memfd laid out like one for simulated rings, the
 *    perf fd on a real kernel). The simulated writer then follows the
 *    protection the reader chose, as the kernel does: a writable mapping of
 *    a backward ring makes it honour data_tail and keep the oldest data.
 *  - drain: a callback reader drains one cycle and hands each record (and
 *    each LOST count it decodes) to the suite's callback.
 *  - RINGCHECK_CAP_RUNTIME_FAULT_HANDLERS (added within version 2): a
 *    plugin whose language runtime installs fault handlers at load
 *    (Go) says so; ringcheck then re-arms its own after load.
 * See docs/contract.md for what each call must do.
 *
 * Build a plugin with:  cc -shared -fPIC $(pkg-config --cflags
 * ringcheck-reader) -o my_reader.so my_reader.c
 */
#ifndef RINGCHECK_READER_H
#define RINGCHECK_READER_H

#define RINGCHECK_READER_ABI_LATEST 2

#ifndef RINGCHECK_READER_ABI
#define RINGCHECK_READER_ABI_VERSION 1
#elif RINGCHECK_READER_ABI == 1 || RINGCHECK_READER_ABI == 2
#define RINGCHECK_READER_ABI_VERSION RINGCHECK_READER_ABI
#else
#error "RINGCHECK_READER_ABI: this header describes versions 1 and 2"
#endif

/*
 * The version-2 fields of struct ringcheck_reader_ops, by the names the
 * source may use: their own from version 2 on; in a version-1 source,
 * names that say what to define (same layout, so a version-1 plugin's
 * ops are unchanged).
 */
#if RINGCHECK_READER_ABI_VERSION >= 2
#define RINGCHECK_V2_FIELD(name) name
#else
#define RINGCHECK_V2_FIELD(name) \
	name##_is_version_2__define_RINGCHECK_READER_ABI_2
#endif

struct perf_event_header;	/* <linux/perf_event.h> */

/* One mapped ring, as the suite hands it to a reader. */
struct ringcheck_ring {
	void		*base;		/* the control page, struct perf_event_mmap_page */
	unsigned long	 page_size;	/* the data area starts at base + page_size */
	unsigned long	 data_size;	/* bytes in the data area, a power of two */
	int		 overwrite;	/* 1: backward ring on a read-only mapping;
					 * 0: forward ring, the reader stores data_tail */
};

typedef int (*ringcheck_sink_fn)(void *ctx, const void *buf, unsigned long len);

/* A ring to map (version 2, open_fd). */
struct ringcheck_fd_ring {
	int		 fd;		/* mmap(NULL, page_size + data_size, ...,
					 * MAP_SHARED, fd, 0), as a perf fd */
	unsigned long	 page_size;	/* the control page's size */
	unsigned long	 data_size;	/* page_size * data pages on a real
					 * kernel; simulated rings may be
					 * smaller (RINGCHECK_CAP_PART_PAGE) */
	int		 backward;	/* attr.write_backward: read it newest
					 * first from a read-only mapping */
};

/*
 * The suite's callback for drain (version 2): one record, as the reader
 * would hand it to its user. lost: the count of a PERF_RECORD_LOST record
 * as the reader decoded it, or -1 if the reader does not decode them.
 * Returns 0; non-zero asks the reader to stop the cycle early.
 */
typedef int (*ringcheck_record_fn)(void *ctx,
				   const struct perf_event_header *rec,
				   long long lost);

/* Capabilities (version 2, ops->caps). */
enum ringcheck_cap {
	RINGCHECK_CAP_FORWARD		= 1u << 0,	/* forward rings */
	RINGCHECK_CAP_OVERWRITE		= 1u << 1,	/* backward rings,
							 * newest first */
	RINGCHECK_CAP_PUSH		= 1u << 2,	/* push() */
	RINGCHECK_CAP_RELEASE_RECORD	= 1u << 3,	/* consume() after
							 * each record */
	RINGCHECK_CAP_RELEASE_CYCLE	= 1u << 4,	/* consume() once, after
							 * the cycle's records */
	RINGCHECK_CAP_PART_PAGE		= 1u << 5,	/* data areas smaller
							 * than a page */
	RINGCHECK_CAP_RING_IN_USE	= 1u << 6,	/* a forward ring whose
							 * data_tail is not 0 at
							 * open (read before) */
	/*
	 * Limits, also in caps: a reader that sets one is given only the
	 * cases inside it; the others are skipped with the limit named.
	 * Clear in every plugin built before they existed: no limit.
	 *
	 * HOST_PAGE_SIZE_ONLY: only rings whose control page has the
	 * machine's page size (the reader sizes its mapping with
	 * getpagesize()).
	 * RAW_SAMPLES_ONLY: only cases whose every record is a
	 * PERF_SAMPLE_RAW sample or a LOST, as on a BPF-output ring: the
	 * reader drops the others by design.
	 */
	RINGCHECK_CAP_HOST_PAGE_SIZE_ONLY = 1u << 7,
	RINGCHECK_CAP_RAW_SAMPLES_ONLY	= 1u << 8,
	/*
	 * A declaration, also in caps (added within version 2), that no
	 * case needs: the plugin's language runtime installs SIGSEGV/SIGBUS
	 * handlers when it is loaded (Go's does in a -buildmode=c-shared
	 * library; so may any runtime that turns faults into exceptions).
	 *
	 * Why: a worker installs ringcheck's fault handlers before it loads
	 * a plugin and fails the plugin, at load and after every case, if
	 * they are no longer in place: a reader with a handler of its own
	 * could swallow a read of a guard page. A runtime's handlers at load
	 * would fail every case of every reader in that language.
	 *
	 * What it changes: once ringcheck_reader() has returned (a Go
	 * export returns only after the runtime's initialisation, handlers
	 * included), the worker installs its handlers again, over the
	 * runtime's, instead of refusing the plugin. Nothing else: after
	 * every case the handlers are checked as for any plugin, so a reader
	 * (or its runtime) that installs one during a call still fails the
	 * case; a fault in the plugin goes to ringcheck's handler and is a
	 * crash of the case, even one the runtime would have turned into a
	 * panic or exception (a nil dereference in Go code). ringcheck's
	 * handlers run on the alternate signal stack (SA_ONSTACK) where a
	 * thread has one, as Go requires of handlers not its own. Without
	 * the flag, a handler found after load refuses the plugin, as before.
	 */
	RINGCHECK_CAP_RUNTIME_FAULT_HANDLERS = 1u << 9,
};

struct ringcheck_reader_ops {
	unsigned int	 abi_version;	/* RINGCHECK_READER_ABI_VERSION */
	const char	*name;
	void		*(*open)(const struct ringcheck_ring *ring);	/* NULL: error */
	void		 (*close)(void *reader);
	int		 (*read_init)(void *reader);	/* 0: a range is ready (it may be empty);
							 * -EAGAIN: nothing new; other -errno: error */
	const struct perf_event_header *(*read_event)(void *reader);	/* NULL: end of range */
	void		 (*consume)(void *reader);
	void		 (*read_done)(void *reader);
	int		 (*push)(void *reader, void *ctx, ringcheck_sink_fn sink);
					/* may be NULL; 0: pushed, 1: nothing new, -1: error */

	/* version 2 */
	unsigned int	 RINGCHECK_V2_FIELD(caps);	/* enum ringcheck_cap */
	/* smallest data area it reads; 0: any */
	unsigned long	 RINGCHECK_V2_FIELD(min_data_size);
	/* may be NULL (then open is used); NULL: error */
	void		*(*RINGCHECK_V2_FIELD(open_fd))(const struct ringcheck_fd_ring *ring);
	/*
	 * may be NULL. One cycle: from the head it sees now, each record to
	 * fn in order, then it releases what it delivered. A reader with
	 * drain may leave read_init, read_event, consume and read_done NULL.
	 * 0: drained (maybe nothing), -1: error.
	 */
	int		 (*RINGCHECK_V2_FIELD(drain))(void *reader, void *ctx,
						      ringcheck_record_fn fn);
};

const struct ringcheck_reader_ops *ringcheck_reader(void);

#endif /* RINGCHECK_READER_H */
