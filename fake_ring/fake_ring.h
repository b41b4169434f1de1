/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fake_ring: the perf_event ring-buffer writer of kernel/events/ring_buffer.c,
 * reproduced in ordinary memory, with a ledger of every write request.
 *
 * The ring is laid out exactly like a perf mapping: a control page
 * (struct perf_event_mmap_page) followed by the data area. It is backed by a
 * memfd mapped twice: the writer's private read-write view, and the reader's
 * view, which has the protections of a real perf mapping (data pages
 * read-only; the control page read-only too in overwrite mode) and
 * inaccessible guard pages on both sides.
 */
#ifndef FAKE_RING_H
#define FAKE_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define FAKE_RING_MAX_RECORD	65528u	/* largest 8-aligned u16 size */
#define FAKE_RING_LOST_SIZE	24u	/* header + id + lost, no trailer */
#define FAKE_RING_TYPE_LOST	2u	/* PERF_RECORD_LOST */
#define FAKE_RING_TYPE_SAMPLE	9u	/* PERF_RECORD_SAMPLE */

/* Options; the quirks reproduce writers that do not conform. */
enum fake_ring_flags {
	/* Accept record sizes that are not multiples of 8 (user-space
	 * writers such as bpftime's): headers may straddle the end. */
	FAKE_RING_QUIRK_UNALIGNED	= 1u << 0,
	/* Fill space the reader released (data_tail moved past it) with
	 * FAKE_RING_POISON before the next write, so a reader that keeps
	 * pointers into released space sees garbage. Not kernel behaviour. */
	FAKE_RING_POISON_RELEASED	= 1u << 1,
	/* One read-write mapping for the writer and the reader (no page
	 * protections): a thread sanitizer then sees both sides' accesses
	 * at the same addresses. */
	FAKE_RING_SINGLE_VIEW		= 1u << 2,
	/* The reader maps the file itself (fake_ring_fd(), the plugin's
	 * fd entry), writable where a perf fd's mapping would be: the file
	 * is not sealed against writable mappings. */
	FAKE_RING_READER_MAPS		= 1u << 3,
};

#define FAKE_RING_POISON	0xdb

/* The name of the memfd behind a ring, as /proc/self/maps shows it. */
#define FAKE_RING_MEMFD_NAME	"fake_ring"

struct fake_ring_config {
	unsigned long	page_size;	/* 4096, 16384 or 65536 */
	unsigned long	data_size;	/* 0, or a power of two >= 8 */
	bool		backward;	/* attr.write_backward */
	bool		overwrite;	/* PROT_READ mapping: data_tail ignored */
	uint64_t	start;		/* initial data_head and data_tail */
	unsigned int	lost_trailer;	/* sample_id trailer bytes on LOST */
	uint64_t	event_id;	/* the id field of LOST records */
	unsigned int	flags;		/* enum fake_ring_flags */
	/*
	 * When the writer wakes a reader: attr.watermark, and the union
	 * attr.wakeup_events / attr.wakeup_watermark behind it (bytes when
	 * watermark is set, samples otherwise). All zero: the kernel's
	 * default, a byte watermark of half the data area.
	 */
	bool		watermark;
	uint32_t	wakeup;
};

enum fake_ring_outcome {
	FAKE_RING_RESERVED,	/* space taken, not yet committed */
	FAKE_RING_WRITTEN,	/* committed to the data area */
	FAKE_RING_DROPPED,	/* counted lost (no space, or paused) */
};

/* One ledger row: a write request, or a LOST record the writer made. */
struct fake_ring_entry {
	uint64_t		start;	/* counter of the lowest byte */
	uint32_t		size;
	uint32_t		type;
	enum fake_ring_outcome	outcome;
	bool			is_lost;	/* made by the writer */
	uint64_t		lost;		/* LOST: records it reports */
	/* Dropped requests: index of the LOST entry that reported it,
	 * or -1 while the drop is still pending in the writer. */
	long			reported_by;
	size_t			bytes;		/* offset in the byte arena */
	uint64_t		filled;		/* fill order, 0: not yet */
	bool			woke;		/* its commit woke the reader */
};

struct fake_ring;

/* Returns NULL and a message in err on bad configuration. */
struct fake_ring *fake_ring_new(const struct fake_ring_config *cfg,
				char *err, size_t errlen);
void fake_ring_free(struct fake_ring *ring);
/* Back to the state of a new ring (fresh zero pages), same config. */
void fake_ring_reset(struct fake_ring *ring);
/* Reset with another configuration of the same mapping (page size, data
 * size and mapping mode equal); -EINVAL otherwise. */
int fake_ring_reconfigure(struct fake_ring *ring,
			  const struct fake_ring_config *cfg);
const struct fake_ring_config *fake_ring_config(const struct fake_ring *ring);

/* The reader's view: base is the control page, the data area follows. */
void *fake_ring_base(const struct fake_ring *ring);
/* The memfd behind the views, laid out like a perf fd (control page at 0,
 * data at page_size): a reader may map it itself. */
int fake_ring_fd(const struct fake_ring *ring);
/*
 * The mode the writer follows, as the kernel's follows the mapping: with
 * overwrite false it honours data_tail (a writable mapping), with true it
 * overwrites (no writable mapping). The ring's own views keep their
 * protections; the ledger and the ring are left as they are.
 */
void fake_ring_set_overwrite(struct fake_ring *ring, bool overwrite);
/*
 * From now on the writer works through base, another shared writable
 * mapping of fake_ring_fd() of at least the control page and the data
 * area (a reader's own); NULL: through its own view again, which must be
 * restored before base is unmapped. A thread sanitizer tells accesses
 * apart by address: through the reader's mapping, the writer's and the
 * reader's accesses to the control page and the records can be paired.
 */
void fake_ring_write_through(struct fake_ring *ring, void *base);
/* The data area through the writer's view (no fault on any access). */
const uint8_t *fake_ring_data(const struct fake_ring *ring);
uint64_t fake_ring_data_head(const struct fake_ring *ring);
uint64_t fake_ring_data_tail(const struct fake_ring *ring);
/* What the writer owes: drops since the last LOST record. */
uint64_t fake_ring_lost_pending(const struct fake_ring *ring);

/*
 * Writing. fake_ring_write() is reserve + commit. Return values:
 * 0 written, 1 dropped (counted lost), -EINVAL bad request (message in
 * fake_ring_error()). rec holds size bytes; lost_trailer, if not NULL,
 * holds cfg.lost_trailer bytes for a LOST prefix (default: the record's
 * last bytes, where a non-sample record carries its sample_id).
 */
int fake_ring_write(struct fake_ring *ring, const void *rec, unsigned int size,
		    const void *lost_trailer);
/*
 * A record with bytes the kernel skips (the PERF_SAMPLE_RAW pad, the unused
 * tail of a PERF_SAMPLE_STACK_USER dump): [off, off + len) of each hole
 * keeps whatever the data area held (stale bytes after a wrap, zero on a
 * fresh ring). The ledger records the bytes as they end up in the ring.
 */
struct fake_ring_hole {
	unsigned int	off, len;
};
int fake_ring_write_holes(struct fake_ring *ring, const void *rec,
			  unsigned int size, const struct fake_ring_hole *holes,
			  unsigned int nholes);

/* Nested writers: *token identifies the reservation for commit. */
int fake_ring_reserve(struct fake_ring *ring, const void *rec,
		      unsigned int size, const void *lost_trailer,
		      long *token);
int fake_ring_commit(struct fake_ring *ring, long token);
unsigned int fake_ring_nesting(const struct fake_ring *ring);

void fake_ring_pause(struct fake_ring *ring, bool paused);
bool fake_ring_paused(const struct fake_ring *ring);
/* A simulated reader: data_tail = data_head (forward read-write rings). */
void fake_ring_consume(struct fake_ring *ring);
void fake_ring_set_tail(struct fake_ring *ring, uint64_t tail);
/* Quirk of kernels before 2019: republish an older, lower data_head. */
void fake_ring_publish_stale_head(struct fake_ring *ring);
/* Publish the true head again (the outermost writer's next commit). */
void fake_ring_publish_head(struct fake_ring *ring);

/*
 * A hostile writer: raw bytes at a counter position (wrapping), and any
 * data_head at all. The ledger does not record them.
 */
void fake_ring_poke(struct fake_ring *ring, uint64_t pos, const void *bytes,
		    size_t len);
void fake_ring_publish_raw_head(struct fake_ring *ring, uint64_t head);
/* The whole control page through the writer's view. */
void *fake_ring_control_page(struct fake_ring *ring);
/* Changes whenever the writer writes the control page or its view of it
 * moves: an unchanged value means only the reader could have written it
 * since (the judge's snapshot around its calls is still the truth). */
uint64_t fake_ring_control_gen(const struct fake_ring *ring);

const char *fake_ring_error(const struct fake_ring *ring);

/*
 * Wakeups (fake_ring.c mirrors kernel/events/ring_buffer.c and the end of
 * perf_output_sample() in kernel/events/core.c). The state of struct
 * perf_buffer that decides them, and what they did.
 */
struct fake_ring_wakeups {
	uint64_t	watermark;	/* rb->watermark, in bytes */
	uint64_t	wakeup;		/* rb->wakeup: bytes counted so far */
	uint32_t	wakeup_events;	/* 0: samples do not wake */
	uint32_t	events;		/* rb->events: samples since a wakeup */
	uint64_t	fired;		/* perf_output_wakeup() calls */
	bool		poll;		/* rb->poll: POLLIN not yet polled */
};
void fake_ring_wakeup_state(const struct fake_ring *ring,
			    struct fake_ring_wakeups *w);
/*
 * perf_poll() of a live event: whether POLLIN is due, clearing it (the
 * kernel's atomic_xchg(&rb->poll, 0)), so each wakeup is seen by one poll.
 */
bool fake_ring_poll(struct fake_ring *ring);

/*
 * The ledger. Rows are numbered 0 .. fake_ring_ledger_count() - 1 in the
 * order they were made; fake_ring_ledger_entry() is NULL for a row folded
 * by fake_ring_fold_ledger().
 */
size_t fake_ring_ledger_count(const struct fake_ring *ring);
const struct fake_ring_entry *fake_ring_ledger_entry(
	const struct fake_ring *ring, size_t index);
/*
 * Folds the rows that can no longer matter (not reserved, not whole) into
 * the counts of fake_ring_count(); returns how many. For long runs (ringcheck
 * sim): memory then follows the ring, not the number of writes.
 */
size_t fake_ring_fold_ledger(struct fake_ring *ring);
const uint8_t *fake_ring_entry_bytes(const struct fake_ring *ring,
				     const struct fake_ring_entry *e);
/* Written, and no later write (or poison) touched its bytes. */
bool fake_ring_entry_whole(const struct fake_ring *ring,
			   const struct fake_ring_entry *e);
/*
 * The whole entries in counter order (lowest counter first: oldest first
 * in a forward ring, newest first in a backward one). Fills up to max
 * ledger indices into idx and returns how many there are.
 */
size_t fake_ring_whole_entries(const struct fake_ring *ring, size_t *idx,
			       size_t max);
/* Requests (not LOST rows) with the given outcome. */
uint64_t fake_ring_count(const struct fake_ring *ring,
			 enum fake_ring_outcome outcome);

/*
 * A record with a recognisable payload: header {type, misc 0, size}, then
 * bytes derived from seed. Any 8 aligned payload bytes read as a header
 * give an odd size, so a reader that lands mid-record sees garbage.
 */
void fake_ring_make_record(void *buf, uint32_t type, unsigned int size,
			   uint64_t seed);

/* "fwd-rw", "fwd-ro", "bwd-ro", "bwd-rw": the mode names of the CLI. */
const char *fake_ring_mode_name(const struct fake_ring_config *cfg);
int fake_ring_parse_mode(const char *name, struct fake_ring_config *cfg);

/* Drawing (fake_ring_show.c). */
void fake_ring_draw(const struct fake_ring *ring, FILE *out);
void fake_ring_print_json(const struct fake_ring *ring, FILE *out);

#endif /* FAKE_RING_H */
