// SPDX-License-Identifier: GPL-2.0-only
/* A perf.data file tallied against a workload (see perf_tally.h). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "perf_tally.h"

static void note_err(struct tally *t, const char *fmt, const char *what)
{
	if (!t->first_err[0])
		snprintf(t->first_err, sizeof(t->first_err), fmt, what);
}

int tally_file(struct tally *t, const char *path, seq_of_fn seq_of,
	       void *ctx, unsigned long n_expected)
{
	struct perf_data pd;
	struct perf_rec r;
	bool timed, round_ended = false;
	uint64_t off = 0;
	int got;

	memset(t, 0, sizeof(*t));
	if (perf_data_load(&pd, path)) {
		note_err(t, "%s", pd.why);
		perf_data_free(&pd);
		return -1;
	}
	timed = pd.attrs[0].sample_type & PERF_SAMPLE_TIME;
	while ((got = perf_data_next(&pd, &off, &r)) == 1) {
		const struct perf_event_header *h = r.hdr;
		char err[200] = "";
		long s;

		if (h->type == PERF_RECORD_FINISHED_ROUND)
			round_ended = true;
		if (h->type >= PERF_RECORD_MAX)
			continue;	/* written by perf, not the kernel */
		if (h->size > t->largest)
			t->largest = h->size;
		if (h->type == PERF_RECORD_LOST)
			t->lost += ((const uint64_t *)(h + 1))[1];
		if (h->type == PERF_RECORD_LOST_SAMPLES)
			t->lost_samples += ((const uint64_t *)(h + 1))[0];
		/*
		 * perf's synthesized records (the state it reads from /proc,
		 * e.g. the workload's COMM when it switches output files)
		 * have an all-zero sample_id: not records of the ring.
		 */
		if (timed && !r.time) {
			t->synthesized++;
			continue;
		}
		t->ring_bytes += h->size;
		s = seq_of(&r, ctx, err, sizeof(err));
		if (err[0]) {
			t->bad_bytes++;
			note_err(t, "%s", err);
		}
		if (s < 0)
			continue;
		if (s >= (long)n_expected || s >= MAX_SEQ) {
			t->unexpected++;
			note_err(t, "a record with sequence number %s that "
				 "the workload never made", "past the last");
			continue;
		}
		if (t->seen[s]++) {
			char what[200];

			/* the signature of perf_mmap__push's two heads */
			snprintf(what, sizeof(what), "%ld delivered twice%s", s,
				 t->norder && t->order[t->norder - 1] == s &&
				 round_ended ? ", as the last record of one "
				 "round and the first of the next: perf_mmap__"
				 "push's prev = the head read before read_init's "
				 "(findings/41-perf-record-push-duplicate.md)" : "");
			t->dups++;
			t->push_dups += what[strcspn(what, ",")] != 0;
			note_err(t, "record %s", what);
		}
		round_ended = false;
		if (t->norder && s <= t->order[t->norder - 1])
			t->out_of_order++;
		t->order[t->norder++] = s;
		t->seq_bytes += h->size;
	}
	if (got < 0)
		note_err(t, "%s", pd.why);
	perf_data_free(&pd);
	return got < 0 ? -1 : 0;
}

/*
 * The records lost: perf's PERF_RECORD_LOST_SAMPLES holds the event's
 * count of every record the kernel could not write (the read_format LOST
 * count), the kernel's PERF_RECORD_LOST those of one ring, reported at its
 * next write: with one event, the first covers the second.
 */
uint64_t lost_count(const struct tally *t)
{
	return t->lost > t->lost_samples ? t->lost : t->lost_samples;
}

unsigned int missing(const struct tally *t, unsigned long lo,
		     unsigned long hi)
{
	unsigned int m = 0;

	for (; lo <= hi && lo < MAX_SEQ; lo++)
		m += !t->seen[lo];
	return m;
}
