/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the judge's files share: the state of one case's expectations and
 * the helpers more than one clause uses. Nothing outside engine/judge/
 * includes this.
 */
#ifndef RINGCHECK_JUDGE_INTERNAL_H
#define RINGCHECK_JUDGE_INTERNAL_H

#include <stddef.h>
#include <linux/perf_event.h>

#include "judge.h"

#define TAIL_OFFSET	offsetof(struct perf_event_mmap_page, data_tail)
/* What the write check compares: struct perf_event_mmap_page and more. */
#define CTRL_CHECKED	4096

/* The bytes a push owes or delivered. */
struct judge_bytes {
	uint8_t		*bytes;
	size_t		len, cap;
	int		calls;
	bool		failing;	/* the sink fails every call */
};

/* What a push on a corrupt ring must answer (clause 3.1). */
enum push_fault {
	PUSH_CLEAN,		/* read to the head: 0, or 1 with nothing */
	PUSH_FAULT,		/* could not read to the head: -1 */
	PUSH_HEAD_BEHIND,	/* a head below its position (1.4): nothing
				 * new (1) or an error (-1) */
};

/* One push under way: what it owes, and where the judge stands after. */
struct judge_push {
	struct judge_bytes	got, want;
	uint64_t		tail0, end;
	size_t			n, new_len, next_row;
	enum push_fault		fault;
	bool			failing;
};

struct judge {
	const struct scenario		*s;
	struct fake_ring		*ring;
	struct judge_result		*res;
	jmp_buf				*fail;
	int				step;
	bool				overwrite;

	/* forward */
	size_t				next_row;
	uint64_t			delivered_end;
	uint64_t			snap_head;
	uint64_t			cycle_bytes;
	uint64_t			walk_pos;	/* where the next
							 * record lies */
	bool				in_cycle;
	/* overwrite */
	size_t				boundary, boundary_next;
	size_t				*expect;
	size_t				nexpect, cursor;
	uint64_t			expect_end;	/* where the walk
							 * past them goes */
	/* Until the first cycle ends, history (rows before opened_rows)
	 * may be delivered or not: the first nexpect_new of expect. */
	bool				first_cycle;
	size_t				opened_rows, nexpect_new;
	/* lifetime */
	const struct perf_event_header	*last_ev;
	uint8_t				*last_copy;
	/* the record returned before the call under way, while it lies in
	 * the ring: no call may change it (clause 6) */
	const uint8_t			*held;
	uint8_t				*held_copy;
	uintptr_t			ring_lo, ring_hi;	/* the reader's
								 * view */
	bool				writer_acted;
	bool				in_call;	/* a reader call
							 * under way */
	bool				corrupted;
	bool				garbled;	/* the ledger's bytes
							 * are gone */
	/* the head the last cycle on a backward ring began at (a pull's
	 * read_init, a drain or a push): a push at that head again has
	 * nothing new (1) or reports the fault again (-1) */
	bool				cycled;
	uint64_t			cycled_head;
	/* a backward ring the reader mapped writable: the writer keeps
	 * the oldest data (fd entry) */
	bool				keeps_oldest;
	bool				unguarded;	/* the reader's own
							 * mapping has no
							 * guard pages */
	bool				stale_head;	/* quirk showing */
	/* the lowest head a callback reader could see in this cycle: the
	 * snapshot, or a stale head showing when a callback returned */
	uint64_t			low_head;
	uint8_t				*ctrl;
	/* ctrl holds the page as the writer left it at control_gen: no
	 * copy is needed before the next call until the writer acts */
	bool				ctrl_valid;
	uint64_t			ctrl_gen;
	uint8_t				*rec;		/* a record walked from
							 * the ring's bytes */
	/* wrong bytes, for the report: the owed row and the first
	 * differing byte; the delivered bytes are in last_copy */
	const struct fake_ring_entry	*diff_row;
	long				diff_at;
	struct judge_push		push;	/* its buffers reused */
};

static inline const struct fake_ring_config *judge_cfg(const struct judge *j)
{
	return fake_ring_config(j->ring);
}

/* crash.c: what addr lies in, of the ring at data (false: none of it) */
bool judge_place(char *buf, size_t len, uintptr_t addr, uintptr_t data,
		 uintptr_t ps, uintptr_t ds, bool unguarded);

/* forward.c */
const struct fake_ring_entry *judge_owed(struct judge *j, uint64_t head);
void judge_forward(struct judge *j, const struct perf_event_header *ev);
void judge_tail(struct judge *j, const char *call);
void judge_keep_for_lifetime(struct judge *j,
			     const struct perf_event_header *ev);
void __attribute__((noreturn))
judge_fail_bytes(struct judge *j, const char *check, const char *what,
		 const struct perf_event_header *ev,
		 const struct fake_ring_entry *e, size_t row);

/* overwrite.c */
void judge_overwrite_expect(struct judge *j);
void judge_overwrite(struct judge *j, const struct perf_event_header *ev);
void judge_overwrite_end(struct judge *j, const char *how);

/* hostile.c */
void judge_walk_begin(struct judge *j);
void judge_cycle_at(struct judge *j, uint64_t head);
void judge_structure(struct judge *j, const struct perf_event_header *ev);

/* push.c */
int judge_bytes_add(struct judge_bytes *b, const void *buf,
		    unsigned long len);

/* push_hostile.c */
size_t judge_push_expect_hostile(struct judge *j, struct judge_bytes *want,
				 size_t *next_row, enum push_fault *fault);
void judge_push_hostile(struct judge *j, const struct judge_bytes *got,
			const struct judge_bytes *want, int ret,
			enum push_fault fault,
			uint64_t tail0, size_t next_row);

#endif /* RINGCHECK_JUDGE_INTERNAL_H */
