// SPDX-License-Identifier: GPL-2.0-only
/*
 * Clauses 12-17: the merged stream judged. The truth is fake_cpus: each
 * ring's ledger (which records were written, LOST included, with which
 * bytes) and, for every ledger row, its timestamp, its event id and the
 * round from which it was visible. The reader's stream is judged record by
 * record:
 *
 *  - every record is a written record of the ring it is delivered for,
 *    delivered once (a LOST on another CPU's ring is caught here);
 *  - per ring and event id, records come in ring order;
 *  - a record with an earlier time than one delivered before it must be
 *    late: read in finished round F with a time below the highest time of
 *    finished round F - 2 (perf's ordered events cannot order it either);
 *  - after every round: every ring released up to its head, and every
 *    record a finished round guarantees (perf's flush after round F: up
 *    to the highest time of round F - 1) delivered;
 *  - after the last round and the flush: every written record delivered.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "judge_evlist.h"
#include "judge_internal.h"

struct evlist_judge {
	const struct evlist_plan		*pl;
	struct fake_cpus			*fc;
	unsigned int				nrings;
	struct judge_result			*res;
	int					step;
	bool					failed;
	const char				*call;	/* the reader's
							 * call under way */
	bool					judging;	/* a
							 * record it
							 * delivered */
	bool					by_time;	/* it
							 * merges */
	bool					*done[FAKE_CPUS_MAX];
	/* finished rounds (rounds that had something new to read) */
	unsigned int				nfin;
	uint64_t				*tfin;	/* [k]: highest time
							 * up to the k-th */
	unsigned int				*fin_of_round;
	/* the stream so far */
	bool					any;
	uint64_t				max_time;
	unsigned int				max_ring;
	size_t					max_row;
	size_t					delivered;
};

struct evlist_judge *evlist_judge_new(const struct evlist_plan *pl,
				      struct fake_cpus *fc,
				      struct judge_result *res, bool by_time)
{
	struct evlist_judge *r = calloc(1, sizeof(*r));
	unsigned int c, rounds = 2;
	size_t cap;
	int k;

	if (!r)
		return NULL;
	r->pl = pl;
	r->fc = fc;
	r->res = res;
	r->by_time = by_time;
	r->nrings = fake_cpus_count(fc);
	for (k = 0; k < pl->nsteps; k++)
		rounds += pl->steps[k].op == EVO_ROUND;
	cap = 2 * (size_t)pl->nsteps + 16;
	r->tfin = calloc(rounds + 1, sizeof(*r->tfin));
	r->fin_of_round = calloc(rounds + 1, sizeof(*r->fin_of_round));
	if (!r->tfin || !r->fin_of_round) {
		evlist_judge_free(r);
		return NULL;
	}
	for (c = 0; c < r->nrings; c++) {
		r->done[c] = calloc(cap, sizeof(bool));
		if (!r->done[c]) {
			evlist_judge_free(r);
			return NULL;
		}
	}
	return r;
}

void evlist_judge_free(struct evlist_judge *r)
{
	unsigned int c;

	if (!r)
		return;
	for (c = 0; c < FAKE_CPUS_MAX; c++)
		free(r->done[c]);
	free(r->tfin);
	free(r->fin_of_round);
	free(r);
}

void evlist_judge_at_step(struct evlist_judge *r, int step)
{
	r->step = step;
}

bool evlist_judge_failed(const struct evlist_judge *r)
{
	return r->failed;
}

size_t evlist_judge_delivered(const struct evlist_judge *r)
{
	return r->delivered;
}

/* The first failure is the verdict; the player stops at the next step. */
static void vfail(struct evlist_judge *r, const char *check, const char *fmt,
		  va_list ap)
{
	if (r->failed)
		return;
	r->failed = true;
	r->res->verdict = VERDICT_FAIL;
	r->res->step = r->step;
	snprintf(r->res->check, sizeof(r->res->check), "%s", check);
	vsnprintf(r->res->msg, sizeof(r->res->msg), fmt, ap);
}

void evlist_judge_fail(struct evlist_judge *r, const char *check,
		       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(r, check, fmt, ap);
	va_end(ap);
}

static void __attribute__((format(printf, 3, 4)))
fail(struct evlist_judge *r, const char *check, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(r, check, fmt, ap);
	va_end(ap);
}

void evlist_judge_call(struct evlist_judge *r, const char *call)
{
	r->call = call;
}

void evlist_judge_crashed(struct evlist_judge *r, int sig, uintptr_t addr)
{
	char w[128] = "neither a ring nor its guard pages", in[96];
	unsigned int c;

	for (c = 0; c < r->nrings; c++) {
		struct fake_ring *ring = fake_cpus_ring(r->fc, c);
		const struct fake_ring_config *cfg = fake_ring_config(ring);
		uintptr_t data = (uintptr_t)fake_ring_base(ring) +
				 cfg->page_size;

		if (judge_place(in, sizeof(in), addr, data, cfg->page_size,
				cfg->data_size, false)) {
			snprintf(w, sizeof(w), "ring %u: %s", c, in);
			break;
		}
	}
	r->res->crash_signal = sig;
	r->res->crash_addr = addr;
	/* the worker dies of it: the crash is the verdict, whatever the
	 * stream had shown before it in this round */
	r->failed = false;
	/* outside the reader's code, the suite was judging a record the
	 * reader delivered: one that runs past the ring */
	fail(r, "crash", "the reader crashed during the case (%s): %s %s at "
	     "step %d, address 0x%" PRIxPTR " in %s",
	     sig == SIGBUS ? "SIGBUS" : "SIGSEGV",
	     r->judging ? "in the record delivered by" : "in",
	     r->call ? r->call : "no call", r->step, addr, w);
}

static const struct fake_ring_entry *entry(struct evlist_judge *r, unsigned int c,
					   size_t i)
{
	return fake_ring_ledger_entry(fake_cpus_ring(r->fc, c), i);
}

static bool written(struct evlist_judge *r, unsigned int c, size_t i)
{
	return entry(r, c, i)->outcome == FAKE_RING_WRITTEN;
}

static size_t nrows(struct evlist_judge *r, unsigned int c)
{
	return fake_ring_ledger_count(fake_cpus_ring(r->fc, c));
}

static bool same_bytes(struct evlist_judge *r, unsigned int c, size_t i,
		       const struct perf_event_header *rec)
{
	const struct fake_ring_entry *e = entry(r, c, i);

	return e->size == rec->size &&
	       !memcmp(fake_ring_entry_bytes(fake_cpus_ring(r->fc, c), e),
		       rec, e->size);
}

/* The first written row of ring c with these bytes, delivered or not. */
static long find_row(struct evlist_judge *r, unsigned int c,
		     const struct perf_event_header *rec, bool done)
{
	size_t i, n = nrows(r, c);

	for (i = 0; i < n; i++)
		if (written(r, c, i) && r->done[c][i] == done &&
		    same_bytes(r, c, i, rec))
			return (long)i;
	return -1;
}

static bool late(struct evlist_judge *r, const struct fake_cpus_row *row)
{
	unsigned int f = r->fin_of_round[row->round];

	return f >= 3 && row->time < r->tfin[f - 2];
}

static int judge_record(struct evlist_judge *r, unsigned int ring,
			const struct perf_event_header *rec);

/* A fault from here on is in the record, not in the reader's code. */
int evlist_judge_deliver(void *ctx, unsigned int ring,
			 const struct perf_event_header *rec)
{
	struct evlist_judge *r = ctx;
	int ret;

	r->judging = true;
	ret = judge_record(r, ring, rec);
	r->judging = false;
	return ret;
}

static int judge_record(struct evlist_judge *r, unsigned int ring,
			const struct perf_event_header *rec)
{
	const struct fake_cpus_row *row;
	unsigned int c;
	long i;
	size_t k;

	if (r->failed)
		return 1;
	if (ring >= r->nrings || !rec) {
		fail(r, "evlist-bad-ring", "%s delivered for ring %u of %u", rec ? "a record" :
		     "NULL", ring, r->nrings);
		return 1;
	}
	i = find_row(r, ring, rec, false);
	if (i < 0) {
		if (find_row(r, ring, rec, true) >= 0) {
			fail(r, "evlist-duplicate",
			     "ring %u (cpu %u): a record (type %u, size %u) "
			     "delivered twice", ring, ring, rec->type,
			     rec->size);
			return 1;
		}
		for (c = 0; c < r->nrings; c++) {
			if (c == ring || find_row(r, c, rec, false) < 0)
				continue;
			fail(r, "evlist-wrong-ring",
			     "a %srecord written on ring %u (cpu %u) "
			     "delivered as ring %u's",
			     rec->type == PERF_RECORD_LOST ? "LOST " : "",
			     c, c, ring);
			return 1;
		}
		fail(r, "evlist-invented",
		     "ring %u: delivered bytes (type %u, size %u) that no "
		     "written record of the ring holds", ring, rec->type,
		     rec->size);
		return 1;
	}
	row = fake_cpus_row(r->fc, ring, (size_t)i);
	/* A reader that walks the rings delivers each in the ring's order,
	 * LOST records included. */
	for (k = 0; k < (size_t)i && !r->by_time; k++) {
		if (!written(r, ring, k) || r->done[ring][k])
			continue;
		fail(r, "evlist-ring-order",
		     "ring %u: row %zu delivered before row %zu by a reader "
		     "that walks the rings: each ring comes in its own order",
		     ring, (size_t)i, k);
		return 1;
	}
	/* A LOST record is stamped when the writer emits it, after the time
	 * of the record that follows it was taken: it is ordered by its own
	 * time, outside its event's ring order. */
	for (k = 0; k < (size_t)i && !entry(r, ring, i)->is_lost; k++) {
		if (!written(r, ring, k) || r->done[ring][k] ||
		    entry(r, ring, k)->is_lost ||
		    fake_cpus_row(r->fc, ring, k)->id != row->id)
			continue;
		fail(r, "evlist-event-order",
		     "ring %u, event id %#" PRIx64 ": row %zu delivered "
		     "before row %zu, the ring's order of one event is not "
		     "kept", ring, row->id, (size_t)i, k);
		return 1;
	}
	if (r->by_time && r->any && row->time < r->max_time &&
	    !late(r, row)) {
		fail(r, "evlist-time-order",
		     "ring %u row %zu (time %" PRIu64 ", read in round %u) "
		     "delivered after ring %u row %zu (time %" PRIu64 "): "
		     "out of time order, and not late for a round", ring,
		     (size_t)i, row->time, row->round, r->max_ring,
		     r->max_row, r->max_time);
		return 1;
	}
	if (!r->any || row->time >= r->max_time) {
		r->max_time = row->time;
		r->max_ring = ring;
		r->max_row = (size_t)i;
	}
	r->any = true;
	r->done[ring][i] = true;
	r->delivered++;
	return 0;
}

/* A round begins: is it a finished round, and what does it guarantee. */
void evlist_judge_round_begin(struct evlist_judge *r,
			      unsigned int round)
{
	uint64_t top = r->tfin[r->nfin];
	bool fresh = false;
	unsigned int c;
	size_t i;

	for (c = 0; c < r->nrings; c++) {
		for (i = 0; i < nrows(r, c); i++) {
			const struct fake_cpus_row *row =
				fake_cpus_row(r->fc, c, i);

			if (row->round != round || !written(r, c, i))
				continue;
			fresh = true;
			if (row->time > top)
				top = row->time;
		}
	}
	if (fresh)
		r->tfin[++r->nfin] = top;
	r->fin_of_round[round] = r->nfin;
}

/* A reader that walks holds nothing back: a round delivers all it read. */
static void walk_end_round(struct evlist_judge *r, unsigned int round)
{
	unsigned int c;
	size_t i;

	for (c = 0; c < r->nrings && !r->failed; c++) {
		for (i = 0; i < nrows(r, c); i++) {
			if (!written(r, c, i) || r->done[c][i] ||
			    fake_cpus_row(r->fc, c, i)->round > round)
				continue;
			fail(r, "evlist-walk-held-back",
			     "after round %u, ring %u row %zu (read in round "
			     "%u) is not delivered by a reader that walks the "
			     "rings: a walk delivers what it read", round, c,
			     i, fake_cpus_row(r->fc, c, i)->round);
			return;
		}
	}
}

void evlist_judge_round_end(struct evlist_judge *r, unsigned int round)
{
	unsigned int c, f = r->fin_of_round[round];
	size_t i;

	for (c = 0; c < r->nrings && !r->failed; c++) {
		struct fake_ring *ring = fake_cpus_ring(r->fc, c);

		if (fake_ring_data_tail(ring) != fake_ring_data_head(ring))
			fail(r, "evlist-release",
			     "after round %u, ring %u (cpu %u) released "
			     "up to %" PRIu64 ", not its head %" PRIu64
			     ": a round reads every ring to its snapshot",
			     round, c, c, fake_ring_data_tail(ring),
			     fake_ring_data_head(ring));
	}
	if (!r->by_time) {
		walk_end_round(r, round);
		return;
	}
	if (!f || r->fin_of_round[round - 1] == f)
		return;		/* not a finished round: no flush owed */
	for (c = 0; c < r->nrings && !r->failed; c++) {
		for (i = 0; i < nrows(r, c); i++) {
			const struct fake_cpus_row *row =
				fake_cpus_row(r->fc, c, i);

			if (!written(r, c, i) || r->done[c][i] ||
			    row->round > round || row->time > r->tfin[f - 1])
				continue;
			fail(r, "evlist-held-back",
			     "after round %u, ring %u row %zu (time %"
			     PRIu64 ", read in round %u) is not delivered: "
			     "a finished round flushes up to time %" PRIu64
			     " (the previous round's highest)", round, c, i,
			     row->time, row->round, r->tfin[f - 1]);
			return;
		}
	}
}

void evlist_judge_final(struct evlist_judge *r)
{
	unsigned int c;
	size_t i;

	for (c = 0; c < r->nrings && !r->failed; c++) {
		for (i = 0; i < nrows(r, c); i++) {
			if (!written(r, c, i) || r->done[c][i])
				continue;
			fail(r, "evlist-never-delivered",
			     "ring %u row %zu (%s, time %" PRIu64 ") never "
			     "delivered, not even by the final flush", c, i,
			     entry(r, c, i)->is_lost ? "LOST" : "record",
			     fake_cpus_row(r->fc, c, i)->time);
			return;
		}
	}
}

void evlist_judge_report(const struct evlist_judge *r, FILE *out)
{
	const struct evlist_plan *pl = r->pl;
	int k;

	fprintf(out, "evlist: %u rings of %lu bytes, %u events per CPU, "
		"sample_type %#" PRIx64 ", skews", pl->cfg.ncpus,
		pl->cfg.data_size, pl->cfg.nevents, pl->cfg.sample_type);
	for (k = 0; k < (int)pl->cfg.ncpus; k++)
		fprintf(out, " %" PRId64, pl->cfg.skew[k]);
	fprintf(out, "\n");
	for (k = 0; k < pl->nsteps; k++) {
		const struct evlist_step *st = &pl->steps[k];

		fprintf(out, "%s%4d %s", k == r->step ? "=>" : "  ", k,
			evlist_op_name(st->op));
		if (st->op == EVO_WRITE)
			fprintf(out, " cpu %u event %u %s size %u offset %"
				PRId64, st->cpu, st->event,
				st->kind ? "switch" : "sample", st->size,
				st->arg);
		else if (st->op == EVO_TICK)
			fprintf(out, " %" PRId64, st->arg);
		else if (st->op != EVO_ROUND)
			fprintf(out, " cpu %u", st->cpu);
		fprintf(out, "\n");
	}
	fprintf(out, "%s: %s\n", r->failed ? "FAIL" : "pass", r->res->msg);
	for (k = 0; r->failed && k < (int)r->nrings; k++) {
		fprintf(out, "cpu %d's ", k);
		fake_ring_draw(fake_cpus_ring(r->fc, (unsigned int)k), out);
	}
}
