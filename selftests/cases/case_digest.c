// SPDX-License-Identifier: GPL-2.0-only
/*
 * A digest of every case a family enumerates: its id and everything its
 * scenario holds (ring configuration, flags, steps and their bytes; an
 * evlist case's plan). Case ids are public (users replay them, findings
 * name them), so a change to a family that changes one case shows here.
 *
 *   case_digest [--scale N]        one line a family and bounds:
 *                                  "NAME BOUNDS cases=C digest=HEX"
 *   case_digest --cases [--scale N] one line a case: "ID RC HEX"
 *
 * The per-family lines are checked in (digests.txt) and compared by
 * `make check`; regenerate them only on purpose, when a family's cases
 * are meant to change.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/evlist_plan.h"
#include "scenario/scenario.h"

/* FNV-1a, 64 bits: enough to tell two scenarios apart */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--)
		h = (h ^ *c++) * 0x100000001b3ull;
	return h;
}

#define MIX(h, v)							\
	do {								\
		__typeof__(v) v_ = (v);					\
									\
		h = fnv(h, &v_, sizeof(v_));				\
	} while (0)

static uint64_t ring_digest(uint64_t h, const struct scenario *s)
{
	const struct fake_ring_config *c = &s->cfg;
	int i;

	MIX(h, c->page_size);
	MIX(h, c->data_size);
	MIX(h, c->backward);
	MIX(h, c->overwrite);
	MIX(h, c->start);
	MIX(h, c->lost_trailer);
	MIX(h, c->event_id);
	MIX(h, c->flags);
	MIX(h, s->hostile);
	MIX(h, s->needs_push);
	MIX(h, s->nhistory);
	MIX(h, s->nsteps);
	MIX(h, s->too_long);
	for (i = 0; i < s->nsteps; i++) {
		const struct step *st = &s->steps[i];

		MIX(h, st->op);
		MIX(h, st->arg);
		MIX(h, st->arg2);
		if (st->bytes)
			h = fnv(h, st->bytes, st->arg);
	}
	return h;
}

static uint64_t evlist_digest(uint64_t h, const struct scenario *s)
{
	struct evlist_plan *pl = calloc(1, sizeof(*pl));
	int i, c;

	if (!pl || s->evlist(s->params, s->nparams, pl)) {
		fprintf(stderr, "case_digest: %s: no plan\n", s->id);
		exit(2);
	}
	MIX(h, pl->cfg.ncpus);
	MIX(h, pl->cfg.nevents);
	MIX(h, pl->cfg.data_size);
	MIX(h, pl->cfg.sample_type);
	for (c = 0; c < FAKE_CPUS_MAX; c++)
		MIX(h, pl->cfg.skew[c]);
	MIX(h, pl->nsteps);
	for (i = 0; i < pl->nsteps; i++) {
		const struct evlist_step *st = &pl->steps[i];

		MIX(h, st->op);
		MIX(h, st->cpu);
		MIX(h, st->event);
		MIX(h, st->kind);
		MIX(h, st->size);
		MIX(h, st->arg);
	}
	free(pl);
	return h;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cases", no_argument, NULL, 'c' },
		{ "scale", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const bname[] = { "full", "quick" };
	struct scenario *s = malloc(sizeof(*s));
	bool per_case = false;
	int f, b, o;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == 'c') {
			per_case = true;
		} else if (o == 's' && scenario_set_scale(optarg) == 0) {
			continue;
		} else {
			fprintf(stderr, "usage: case_digest [--cases] "
				"[--scale N]\n");
			return 2;
		}
	}
	if (!s)
		return 2;
	for (f = 0; f < nfamilies; f++) {
		for (b = BOUNDS_FULL; b <= BOUNDS_QUICK; b++) {
			uint64_t all = 0xcbf29ce484222325ull;
			size_t i, n = family_count(f, b), cases = 0;

			for (i = 0; i < n; i++) {
				int rc = scenario_build(f, b, i, s);
				uint64_t h = 0xcbf29ce484222325ull;

				if (rc == -1)
					continue;	/* not a case */
				cases++;
				h = fnv(h, s->id, strlen(s->id));
				MIX(h, rc);
				h = s->evlist ? evlist_digest(h, s)
					      : ring_digest(h, s);
				all = fnv(all, &h, sizeof(h));
				if (per_case)
					printf("%s %s %d %016" PRIx64 "\n",
					       bname[b], s->id, rc, h);
			}
			if (!per_case)
				printf("%s %s cases=%zu digest=%016" PRIx64
				       "\n", families[f].name, bname[b],
				       cases, all);
		}
	}
	free(s);
	return 0;
}
