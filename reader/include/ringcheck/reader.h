/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ringcheck reader plugin ABI, version 1.
 *
 * A reader under test is a shared object that exports ringcheck_reader().
 * ringcheck hands it mapped rings (simulated or real perf rings) and drives
 * it through the calls below, each run in a child process with a time
 * limit. This is a public contract: names, types and field order are fixed;
 * later versions may only append fields and raise the version.
 *
 * Build a plugin with:  cc -shared -fPIC $(pkg-config --cflags
 * ringcheck-reader) -o my_reader.so my_reader.c
 */
#ifndef RINGCHECK_READER_H
#define RINGCHECK_READER_H

#define RINGCHECK_READER_ABI_VERSION 1

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
};

const struct ringcheck_reader_ops *ringcheck_reader(void);

#endif /* RINGCHECK_READER_H */
