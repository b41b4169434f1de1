// SPDX-License-Identifier: GPL-2.0-only
/*
 * The judge's state for one case, the verdict of a failed check, and what
 * the player tells it of the writer and of the reader's ring.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "judge_internal.h"

struct judge *judge_new(const struct scenario *s, struct fake_ring *ring,
			struct judge_result *res, jmp_buf *fail)
{
	const struct fake_ring_config *cfg = fake_ring_config(ring);
	struct judge *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	j->s = s;
	j->ring = ring;
	j->res = res;
	j->fail = fail;
	j->overwrite = cfg->overwrite;
	j->delivered_end = cfg->start;
	j->first_cycle = true;
	j->ctrl = malloc(CTRL_CHECKED);
	j->rec = malloc(65536);
	j->last_copy = malloc(65536);
	j->held_copy = malloc(65536);
	j->ring_lo = (uintptr_t)fake_ring_base(ring) + cfg->page_size;
	j->ring_hi = j->ring_lo + 2 * cfg->data_size;
	if (!j->ctrl || !j->rec || !j->last_copy || !j->held_copy) {
		judge_free(j);
		return NULL;
	}
	return j;
}

void judge_free(struct judge *j)
{
	if (!j)
		return;
	free(j->expect);
	free(j->push.got.bytes);
	free(j->push.want.bytes);
	free(j->ctrl);
	free(j->rec);
	free(j->last_copy);
	free(j->held_copy);
	free(j);
}

void judge_at_step(struct judge *j, int step)
{
	j->step = step;
}

/* check: the name of the check that fired (diagnose.c's table). */
void judge_fail(struct judge *j, const char *check, const char *fmt, ...)
{
	va_list ap;

	j->res->verdict = VERDICT_FAIL;
	j->res->step = j->step;
	snprintf(j->res->check, sizeof(j->res->check), "%s", check);
	va_start(ap, fmt);
	vsnprintf(j->res->msg, sizeof(j->res->msg), fmt, ap);
	va_end(ap);
	longjmp(*j->fail, 1);
}

void judge_writer_acted(struct judge *j)
{
	j->writer_acted = true;
}

void judge_write_result(struct judge *j, int ret)
{
	if (ret < 0)
		judge_fail(j, "scenario-error",
			   "scenario error: %s", fake_ring_error(j->ring));
	if (ret == 1 && j->keeps_oldest && !fake_ring_paused(j->ring))
		judge_fail(j, "backward-writable",
			   "ledger row %zu was dropped: the reader mapped the "
			   "backward ring writable, so the kernel honours "
			   "data_tail and keeps the oldest data instead of "
			   "overwriting it: overwrite-mapped-writable (2)",
			   fake_ring_ledger_count(j->ring) - 1);
}

void judge_ring_corrupted(struct judge *j, bool garbled)
{
	j->corrupted = true;
	j->garbled |= garbled;
}

bool judge_ring_is_corrupted(const struct judge *j)
{
	return j->corrupted;
}

void judge_head_stale(struct judge *j, bool stale)
{
	j->stale_head = stale;
}

void judge_reader_opened(struct judge *j)
{
	j->opened_rows = fake_ring_ledger_count(j->ring);
}

void judge_reader_mapping(struct judge *j, uintptr_t lo, uintptr_t hi,
			  bool keeps_oldest, bool guarded)
{
	j->unguarded = !guarded;
	j->ring_lo = lo;
	j->ring_hi = hi;
	j->keeps_oldest = keeps_oldest;
}

size_t judge_rows_delivered(const struct judge *j)
{
	return j->next_row;
}
