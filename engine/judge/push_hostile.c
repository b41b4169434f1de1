// SPDX-License-Identifier: GPL-2.0-only
/*
 * Clause 3.1: push on a corrupt ring. It may deliver nothing, or the whole
 * records before the first one it cannot validate; it reports a fault it
 * could not read past, and releases what it delivered, nothing more.
 */
#include <string.h>

#include "diagnose.h"
#include "judge_internal.h"

/*
 * The ring's own walk from counter *at, for bytes no ledger row holds
 * (garbage, a lapped backward window): whole records of a size a kernel
 * writes (8 <= size, size % 8 == 0) that end at or before limit, their
 * bytes into want. Returns how many; *at: where the walk stopped.
 */
static size_t ring_walk(struct judge *j, uint64_t *at, uint64_t limit,
			struct judge_bytes *want)
{
	const uint8_t *data = fake_ring_data(j->ring);
	uint64_t mask = judge_cfg(j)->data_size - 1, pos = *at, i;
	size_t n = 0;
	uint32_t size;

	for (; limit - pos >= 8 && limit - pos <= mask + 1; n++) {
		size = data[(pos + 6) & mask] | data[(pos + 7) & mask] << 8;
		if (size < 8 || size % 8 || size > limit - pos)
			break;
		for (i = 0; i < size; i++)
			j->rec[i] = data[(pos + i) & mask];
		judge_bytes_add(want, j->rec, size);
		pos += size;
	}
	*at = pos;
	return n;
}

/*
 * What push may deliver, in want, and whether it must report a fault.
 * Forward: the records the ledger owes wholly below the published head
 * (an unaligned one too), up to the first one no kernel writes; none
 * where the head is behind or a ring or more ahead (stale). Backward:
 * nothing where the head is above the start or unaligned; else the walk
 * from the head over the ring's bytes. A head behind the reader's position
 * (forward: below it; backward: above the start) publishes nothing: as
 * read_init may (1.4), push answers nothing new (1) or an error (-1).
 */
size_t judge_push_expect_hostile(struct judge *j, struct judge_bytes *want,
				 size_t *next_row, enum push_fault *fault)
{
	uint64_t head = fake_ring_data_head(j->ring), pos = j->delivered_end;
	uint64_t ds = judge_cfg(j)->data_size, start = j->s->cfg.start;
	const struct fake_ring_entry *e;
	size_t saved = j->next_row, n = 0;

	*next_row = j->next_row;
	if (j->overwrite) {
		if ((int64_t)(start - head) <= 0 || (start - head) % 8) {
			*fault = head != start &&
				 !(j->cycled && j->cycled_head == head) ?
				 PUSH_FAULT : PUSH_CLEAN;
			if (*fault && (int64_t)(start - head) < 0 &&
			    (head - start) % 8 == 0)
				*fault = PUSH_HEAD_BEHIND;
			judge_cycle_at(j, head);
			return 0;
		}
		pos = head;
		n = ring_walk(j, &pos, head + (start - head < ds ?
					       start - head : ds), want);
		/* a lapped window may end at a record it cuts; an unlapped
		 * range ends at the start or at a fault, reported once */
		*fault = start - head <= ds && pos != start &&
			 !(j->cycled && j->cycled_head == head) ?
			 PUSH_FAULT : PUSH_CLEAN;
		judge_cycle_at(j, head);
		return n;
	}
	if ((int64_t)(head - pos) < 0) {
		*fault = PUSH_HEAD_BEHIND;
		return 0;
	}
	if (head - pos >= ds) {
		*fault = head != pos ? PUSH_FAULT : PUSH_CLEAN;
		return 0;
	}
	if (j->garbled) {
		n = ring_walk(j, &pos, head, want);
		*fault = pos != head ? PUSH_FAULT : PUSH_CLEAN;
		return n;
	}
	while ((e = judge_owed(j, head)) && e->start == pos && e->size >= 8 &&
	       e->size % 8 == 0) {
		judge_bytes_add(want, fake_ring_entry_bytes(j->ring, e),
				e->size);
		pos += e->size;
		j->next_row++;
		n++;
	}
	*fault = pos != head ? PUSH_FAULT : PUSH_CLEAN;
	*next_row = j->next_row;
	j->next_row = saved;
	return n;
}

/* Whether len bytes of a walk's records end on one of their boundaries. */
static bool on_boundary(const struct judge_bytes *want, size_t len)
{
	size_t at = 0;
	uint16_t size;

	while (at < len) {
		memcpy(&size, want->bytes + at + 6, sizeof(size));
		at += size;
	}
	return at == len;
}

void judge_push_hostile(struct judge *j, const struct judge_bytes *got,
			const struct judge_bytes *want, int ret,
			enum push_fault fault,
			uint64_t tail0, size_t next_row)
{
	uint64_t tail = fake_ring_data_tail(j->ring);
	size_t common = got->len < want->len ? got->len : want->len;
	long at = diag_first_difference(got->bytes, want->bytes, common);
	char c0[48], c1[48];

	/* forward: nothing, or every record before the fault; backward:
	 * the walk may stop early, where the reader's last cycle began */
	if (got->len > want->len || at >= 0 ||
	    (!j->overwrite && got->len && got->len != want->len) ||
	    !on_boundary(want, got->len))
		judge_fail(j, "push-hostile-bytes",
			   "push on a corrupt ring delivered %zu bytes in %d "
			   "chunks; it may deliver nothing, or the %zu bytes of "
			   "the whole records before the first one it cannot "
			   "validate; the first byte past them or differing is "
			   "at %ld: zero-size (8)", got->len, got->calls,
			   want->len, at >= 0 ? at : (long)common);
	if (got->calls > 2)
		judge_fail(j, "push-chunks",
			   "push called the sink %d times (at most two chunks)",
			   got->calls);
	if (fault == PUSH_HEAD_BEHIND && ret != 1 && ret != -1)
		judge_fail(j, "push-hostile-silent",
			   "push returned %d under a head behind its position: "
			   "it answers nothing new (1) or an error (-1), as "
			   "read_init does (clause 1.4)", ret);
	if (fault == PUSH_FAULT && ret != -1)
		judge_fail(j, "push-hostile-silent",
			   "push returned %d on a ring it could not read to its "
			   "head: it must report the fault (-1)", ret);
	if (fault == PUSH_CLEAN && ret != 0 && ret != -1 && !(ret == 1 && !got->len))
		judge_fail(j, "push-error", "push returned %d", ret);
	if (j->overwrite)
		return;
	if (tail != tail0 + got->len)
		judge_fail(j, (int64_t)(tail - tail0 - got->len) > 0 ?
			   "tail-ahead" : "tail-behind",
			   "push on a corrupt ring moved data_tail from %s to "
			   "%s after delivering %zu bytes: it releases what it "
			   "delivered, nothing past it",
			   diag_counter(c0, sizeof(c0), tail0),
			   diag_counter(c1, sizeof(c1), tail), got->len);
	j->delivered_end = tail;
	if (got->len)
		j->next_row = next_row;
}
