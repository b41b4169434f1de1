// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>
#include <linux/perf_event.h>

#include "replay.h"

/* The sample_id of every record: TID|TIME (pid, tid, time). */
#define ID_SIZE		16

struct rec {
	uint8_t		b[65536];
	unsigned int	len;
};

static void put(struct rec *r, const void *p, unsigned int n)
{
	memcpy(r->b + r->len, p, n);
	r->len += n;
}

static void put64(struct rec *r, uint64_t v)
{
	put(r, &v, 8);
}

static void put_header(struct rec *r, uint32_t type, uint16_t misc)
{
	struct perf_event_header h = { .type = type, .misc = misc };

	r->len = 0;
	put(r, &h, sizeof(h));
}

static void put_ids(struct rec *r, const struct kside *ks)
{
	uint32_t ids[2] = { ks->pid, ks->tid };

	put(r, ids, 8);
}

/* The name padded with zeros to 8 bytes, as the kernel copies it. */
static void put_string(struct rec *r, const char *s)
{
	unsigned int n = (unsigned int)strlen(s) + 1;

	memset(r->b + r->len, 0, (n + 7) & ~7u);
	memcpy(r->b + r->len, s, n);
	r->len += (n + 7) & ~7u;
}

static int finish(struct fake_ring *f, struct rec *r, const struct kside *ks,
		  bool sample_id)
{
	uint8_t trailer[ID_SIZE] = { 0 };

	if (sample_id) {
		put_ids(r, ks);
		put64(r, 0);		/* time */
	}
	memcpy(trailer, &ks->pid, 4);
	memcpy(trailer + 4, &ks->tid, 4);
	((struct perf_event_header *)r->b)->size = (uint16_t)r->len;
	return fake_ring_write(f, r->b, r->len, trailer) < 0 ? -1 : 0;
}

int replay_op(struct fake_ring *f, const struct kside *ks,
	      const struct seq *s, unsigned int step)
{
	static struct rec r;
	const struct seq_op *op = &s->ops[step];
	char name[256], path[512];
	unsigned int i;

	for (i = 0; i < op->repeat; i++) {
		switch (op->kind) {
		case OP_COMM:
			put_header(&r, PERF_RECORD_COMM, 0);
			put_ids(&r, ks);
			seq_name(name, op->arg, step, i);
			put_string(&r, name);
			break;
		case OP_MMAP:
			put_header(&r, PERF_RECORD_MMAP, PERF_RECORD_MISC_USER |
				   PERF_RECORD_MISC_MMAP_DATA);
			put_ids(&r, ks);
			put64(&r, ks->addr[i]);
			put64(&r, 4096);	/* len */
			put64(&r, 0);		/* pgoff */
			seq_name(name, op->arg, step, 0);
			snprintf(path, sizeof(path), "%s/%s", ks->dir, name);
			put_string(&r, path);
			break;
		case OP_SAMPLE:
			if (!ks->samples)
				return 0;
			put_header(&r, PERF_RECORD_SAMPLE,
				   PERF_RECORD_MISC_USER);
			put64(&r, 0);		/* ip */
			put_ids(&r, ks);
			put64(&r, 0);		/* time */
			if (s->stack) {
				put64(&r, s->stack);
				memset(r.b + r.len, 0, s->stack);
				r.len += s->stack;
				put64(&r, s->stack);	/* dyn_size: all */
			}
			if (finish(f, &r, ks, false))
				return -1;
			continue;
		case OP_CONSUME:
			fake_ring_set_tail(f, ks->tail);
			return 0;
		case OP_PAUSE:
		case OP_RESUME:
			fake_ring_pause(f, op->kind == OP_PAUSE);
			return 0;
		}
		if (finish(f, &r, ks, true))
			return -1;
	}
	return 0;
}

/* The bytes of a record neither side can predict: [from, to) pairs. */
static unsigned int unknown(const struct fake_ring_entry *e,
			    const struct seq *s, unsigned int *from,
			    unsigned int *to)
{
	if (e->type == PERF_RECORD_SAMPLE && !e->is_lost) {
		from[0] = 8;		/* ip */
		to[0] = 16;
		from[1] = 24;		/* time */
		to[1] = 32;
		from[2] = 40;		/* the stack dump */
		to[2] = 40 + s->stack;
		return s->stack ? 3 : 2;
	}
	from[0] = e->size - 8;		/* the sample_id's time */
	to[0] = e->size;
	return 1;
}

static const char *type_name(uint32_t type)
{
	switch (type) {
	case PERF_RECORD_COMM:	return "COMM";
	case PERF_RECORD_MMAP:	return "MMAP";
	case PERF_RECORD_SAMPLE: return "SAMPLE";
	case PERF_RECORD_LOST:	return "LOST";
	}
	return "?";
}

static int compare_entry(const struct kside *ks, const struct fake_ring *f,
			 const struct seq *s, size_t idx, char *why,
			 size_t len)
{
	const struct fake_ring_entry *e = fake_ring_ledger_entry(f, idx);
	const uint8_t *want = fake_ring_entry_bytes(f, e);
	static uint8_t got[65536];
	unsigned int from[3], to[3], n, i, j;

	kring_peek(&ks->k, e->start, got, e->size);
	n = unknown(e, s, from, to);
	for (i = 0; i < e->size; i++) {
		bool skip = false;

		for (j = 0; j < n; j++)
			skip |= i >= from[j] && i < to[j];
		if (skip || got[i] == want[i])
			continue;
		snprintf(why, len, "ledger row %zu (%s, %u bytes at counter "
			 "%llu): byte %u is 0x%02x in the kernel's ring, 0x%02x "
			 "in fake_ring's", idx, type_name(e->type), e->size,
			 (unsigned long long)e->start, i, got[i], want[i]);
		return 1;
	}
	return 0;
}

int replay_compare(const struct kside *ks, const struct fake_ring *f,
		   const struct seq *s, struct replay_stats *st, char *why,
		   size_t len)
{
	uint64_t kh = kring_head(&ks->k), kt = kring_tail(&ks->k);
	uint64_t fh = fake_ring_data_head(f), ft = fake_ring_data_tail(f);
	uint64_t ds = ks->k.data_size;
	size_t i = fake_ring_ledger_count(f);

	if (kh != fh || kt != ft) {
		snprintf(why, len, "data_head %llu, data_tail %llu in the "
			 "kernel's ring; %llu, %llu in fake_ring's",
			 (unsigned long long)kh, (unsigned long long)kt,
			 (unsigned long long)fh, (unsigned long long)ft);
		return 1;
	}
	/* Whole records lie within a data area of the head: walk the
	 * ledger back from the newest row until rows lie beyond it. */
	while (i-- > 0) {
		const struct fake_ring_entry *e = fake_ring_ledger_entry(f, i);
		uint64_t dist = seq_backward(s) ? e->start - fh
						: fh - e->start;

		if (e->outcome != FAKE_RING_WRITTEN)
			continue;
		if (dist > ds + 65536)
			break;
		if (!fake_ring_entry_whole(f, e))
			continue;
		if (compare_entry(ks, f, s, i, why, len))
			return 1;
		st->records++;
		st->lost += e->is_lost;
	}
	return 0;
}
