// SPDX-License-Identifier: GPL-2.0-only
/*
 * The judge's state for one case, the verdict of a failed check, and what
 * the player tells it of the writer and of the reader's ring.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "judge_internal.h"

/*
 * The buffers of the last judge freed, for the next one: under a
 * sanitizer, fresh 64 KiB buffers (filled, poisoned, then quarantined
 * when freed) cost a fuzzer more than its case. Nothing is read from them
 * before it is written in the case. Each is exchanged atomically.
 */
static void *spare[4];

static void *take(int k, size_t size)
{
	void *b = __atomic_exchange_n(&spare[k], NULL, __ATOMIC_ACQ_REL);

	return b ? b : malloc(size);
}

static void keep(int k, void *b)
{
	free(__atomic_exchange_n(&spare[k], b, __ATOMIC_ACQ_REL));
}

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
	j->ctrl = take(0, CTRL_CHECKED);
	j->rec = take(1, 65536);
	j->last_copy = take(2, 65536);
	j->held_copy = take(3, 65536);
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
	keep(0, j->ctrl);
	keep(1, j->rec);
	keep(2, j->last_copy);
	keep(3, j->held_copy);
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
