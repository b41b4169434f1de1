// SPDX-License-Identifier: GPL-2.0-only
/* Scenario building and case ids. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

static const char *const step_names[] = {
	[ST_WRITE] = "write",		[ST_RESERVE] = "reserve",
	[ST_COMMIT] = "commit",		[ST_PAUSE] = "pause",
	[ST_RESUME] = "resume",		[ST_STALE_HEAD] = "stale-head",
	[ST_REPUBLISH] = "republish",	[ST_POKE_SIZE] = "poke-size",
	[ST_RAW_HEAD] = "raw-head",	[ST_GARBAGE] = "garbage",
	[ST_UNALIGNED_FILL] = "unaligned-writer",
	[RD_INIT] = "read_init",	[RD_EVENT] = "read_event",
	[RD_DRAIN] = "read_event*",	[RD_DRAIN_EACH] = "(read_event consume)*",
	[RD_CONSUME] = "consume",	[RD_DONE] = "read_done",
	[RD_PUSH] = "push",		[RD_PUSH_FAIL] = "push(failing sink)",
};

const char *step_name(enum step_op op)
{
	return op < sizeof(step_names) / sizeof(step_names[0]) ? step_names[op]
							       : "?";
}

void scenario_init(struct scenario *s, const char *mode, unsigned long ds,
		   uint64_t start)
{
	memset(s, 0, sizeof(*s));
	s->cfg.page_size = 4096;
	s->cfg.data_size = ds;
	s->cfg.start = start;
	s->cfg.event_id = 0x1d;
	fake_ring_parse_mode(mode, &s->cfg);
	/* forward rings: released space is poisoned, so a reader that
	 * hands out released space is caught (lifetime) */
	if (!s->cfg.overwrite)
		s->cfg.flags |= FAKE_RING_POISON_RELEASED;
}

void scenario_add(struct scenario *s, enum step_op op, uint32_t arg,
		  int64_t arg2)
{
	if (s->nsteps == SCENARIO_MAX_STEPS) {
		/* the families stay well below; a ring image may not */
		s->too_long = true;
		return;
	}
	s->steps[s->nsteps++] = (struct step){ op, arg, arg2, NULL };
}

void scenario_write(struct scenario *s, unsigned int size, unsigned long n)
{
	/* arg2: the repeat count in the high half, the type in the low */
	if (n)
		scenario_add(s, ST_WRITE, size, (int64_t)n << 32);
}

void scenario_backward_head(struct scenario *s, uint64_t head)
{
	uint64_t ds = s->cfg.data_size, below = -head, piece;

	if ((int64_t)head > 0 || head % 8 || s->nsteps) {
		/* a family asked for a state no kernel reaches */
		fprintf(stderr, "scenario %s: backward head %" PRId64 "\n",
			s->id, (int64_t)head);
		abort();
	}
	/* a ring or more below 0: only the last ring of history is left */
	if (below > ds)
		below = ds;
	s->cfg.start = head + below;
	/* records of half a ring at most, so that the newest are whole */
	for (; below; below -= piece) {
		piece = below < ds / 2 ? below : ds / 2;
		scenario_write(s, (unsigned int)piece, 1);
	}
	s->nhistory = s->nsteps;
}

void scenario_forward_start(struct scenario *s, uint64_t start,
			    enum cycle_pattern pattern)
{
	uint64_t ds = s->cfg.data_size, piece;

	if (s->cfg.overwrite || start % 8 || s->nsteps) {
		fprintf(stderr, "scenario %s: forward start %" PRIu64 "\n",
			s->id, start);
		abort();
	}
	s->cfg.start = start < ds ? 0 : start;
	if (start >= ds)
		return;
	for (; start; start -= piece) {
		piece = start < ds / 2 ? start : ds / 2;
		scenario_write(s, (unsigned int)piece, 1);
		scenario_cycle(s, pattern);
	}
}

void scenario_cycle(struct scenario *s, enum cycle_pattern pattern)
{
	switch (pattern) {
	case CYCLE_EACH:
		scenario_add(s, RD_INIT, 0, 0);
		scenario_add(s, RD_DRAIN_EACH, 0, 0);
		scenario_add(s, RD_DONE, 0, 0);
		break;
	case CYCLE_ONCE:
		scenario_add(s, RD_INIT, 0, 0);
		scenario_add(s, RD_DRAIN, 0, 0);
		scenario_add(s, RD_CONSUME, 0, 0);
		scenario_add(s, RD_DONE, 0, 0);
		break;
	case CYCLE_OVERWRITE:
		scenario_add(s, ST_PAUSE, 0, 0);
		scenario_add(s, RD_INIT, 0, 0);
		scenario_add(s, RD_DRAIN, 0, 0);
		scenario_add(s, RD_DONE, 0, 0);
		scenario_add(s, ST_RESUME, 0, 0);
		break;
	case CYCLE_PUSH:
		s->needs_push = true;
		if (s->cfg.overwrite)
			scenario_add(s, ST_PAUSE, 0, 0);
		scenario_add(s, RD_PUSH, 0, 0);
		if (s->cfg.overwrite)
			scenario_add(s, ST_RESUME, 0, 0);
		break;
	}
}

int family_find(const char *name)
{
	int f;

	for (f = 0; f < nfamilies; f++)
		if (!strcmp(families[f].name, name))
			return f;
	return -1;
}

size_t family_count(int family, enum scenario_bounds b)
{
	size_t len[SCENARIO_MAX_PARAMS], n = 1;
	int k, nl = families[family].lists(b, len);

	for (k = 0; k < nl; k++)
		n *= len[k];
	return n;
}

static void set_id(struct scenario *s, int family, const int64_t *p, int np)
{
	size_t n;
	int k;

	n = (size_t)snprintf(s->id, sizeof(s->id), "%s-", families[family].name);
	for (k = 0; k < np && n < sizeof(s->id); k++)
		n += (size_t)snprintf(s->id + n, sizeof(s->id) - n,
				      "%s%" PRId64, k ? "." : "", p[k]);
}

unsigned int scenario_scale = 1;

int scenario_set_scale(const char *arg)
{
	if (strcmp(arg, "1") && strcmp(arg, "2") && strcmp(arg, "4"))
		return -1;
	scenario_scale = (unsigned int)atoi(arg);
	return 0;
}

static int build_tuple(int family, const int64_t *p, int np,
		       struct scenario *s)
{
	int k;

	memset(s, 0, sizeof(*s));
	if (np < 0 || np > SCENARIO_MAX_PARAMS ||
	    families[family].build(p, np, s))
		return -1;
	s->family = family;
	s->nparams = np;
	for (k = 0; k < np; k++)
		s->params[k] = p[k];
	set_id(s, family, p, np);
	return s->too_long ? -2 : 0;
}

int scenario_build(int family, enum scenario_bounds b, size_t i,
		   struct scenario *s)
{
	size_t len[SCENARIO_MAX_PARAMS], x[SCENARIO_MAX_PARAMS];
	int64_t p[SCENARIO_MAX_PARAMS];
	int k, np;

	if (family < 0 || family >= nfamilies || i >= family_count(family, b))
		return -1;
	/* i in mixed radix over the list lengths, the last list fastest */
	np = families[family].lists(b, len);
	for (k = np - 1; k >= 0; k--) {
		x[k] = i % len[k];
		i /= len[k];
	}
	for (k = 0; k < np; k++)
		p[k] = families[family].value(b, k, x[k], p);
	return build_tuple(family, p, np, s);
}

int scenario_from_id(const char *id, struct scenario *s, char *err,
		     size_t errlen)
{
	int64_t p[SCENARIO_MAX_PARAMS];
	char name[32];
	const char *dash = strrchr(id, '-'), *q;
	int np = 0, family;

	/* family names hold dashes: the parameters follow the last one */
	if (!dash || (size_t)(dash - id) >= sizeof(name))
		goto bad;
	snprintf(name, sizeof(name), "%.*s", (int)(dash - id), id);
	family = family_find(name);
	if (family < 0)
		goto bad;
	for (q = dash + 1; *q; ) {
		char *end;

		if (np == SCENARIO_MAX_PARAMS)
			goto bad;
		errno = 0;
		p[np++] = strtoll(q, &end, 10);
		if (errno || end == q || (*end && *end != '.'))
			goto bad;
		q = *end ? end + 1 : end;
	}
	if (build_tuple(family, p, np, s))
		goto bad;
	return 0;
bad:
	snprintf(err, errlen, "no case with id '%s'", id);
	return -1;
}
