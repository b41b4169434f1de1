/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scenarios: a ring configuration and a sequence of writer steps and reader
 * calls. Families enumerate them; every case has a stable id built from
 * its family and parameters ("wrap-64.16.24.0"), from which it is rebuilt.
 */
#ifndef RINGCHECK_SCENARIO_H
#define RINGCHECK_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fake_ring.h"

enum step_op {
	/* the writer */
	ST_WRITE,	/* arg: record size; arg2: type (0: SAMPLE) */
	ST_RESERVE,	/* nested writer: reserve arg bytes */
	ST_COMMIT,	/* commit the innermost reservation */
	ST_PAUSE,
	ST_RESUME,
	ST_STALE_HEAD,	/* quirk: republish the previous, lower head */
	ST_REPUBLISH,	/* publish the true head again */
	ST_POKE_SIZE,	/* hostile: header of size arg at the next record
			 * position, head published past it by arg2 bytes */
	ST_RAW_HEAD,	/* hostile: data_head = start + (int64_t)arg2 */
	ST_GARBAGE,	/* hostile: data area from seed arg2, head arg */
	ST_UNALIGNED_FILL, /* quirk writer: a 12-byte record; with the
			    * start at ds - 4 its header straddles the end */
	/* the reader, through the plugin ABI */
	RD_INIT,
	RD_EVENT,	/* one read_event */
	RD_DRAIN,	/* read_event until NULL */
	RD_DRAIN_EACH,	/* read_event + consume until NULL */
	RD_CONSUME,
	RD_DONE,
	RD_PUSH,
	RD_PUSH_FAIL,	/* push into a sink that fails */
};

struct step {
	uint8_t		op;
	uint32_t	arg;
	int64_t		arg2;
	const uint8_t	*bytes;	/* ST_WRITE: a kernel's record, or NULL */
};

#define SCENARIO_MAX_STEPS	640
#define SCENARIO_MAX_PARAMS	6

struct evlist_plan;

struct scenario {
	char			id[96];
	int			family;
	struct fake_ring_config	cfg;
	bool			hostile;	/* structural checks only
						 * after the corruption */
	bool			needs_push;
	/* The first nhistory steps (writes) run before the reader opens
	 * the ring: the history a backward head below 0 implies. */
	int			nhistory;
	/* An evlist case (engine/scenario/evlist_plan.h): the plan of its family,
	 * rebuilt from the parameters; steps[] are unused. */
	int			(*evlist)(const int64_t *p, int np,
					  struct evlist_plan *plan);
	/* the case's parameter values, named by its family's params */
	int64_t			params[SCENARIO_MAX_PARAMS];
	int			nparams;
	int			nsteps;
	bool			too_long;	/* steps past the last were
						 * dropped: not a valid case */
	struct step		steps[SCENARIO_MAX_STEPS];
};

/* Bounds: the default run, or --quick. */
enum scenario_bounds { BOUNDS_FULL, BOUNDS_QUICK };

struct family {
	const char	*name;
	const char	*what;		/* one line for the table and docs */
	/* The parameter names, in case-id order, NULL-terminated. */
	const char *const *params;
	const char	*scaled;	/* what --scale adds to its lists */
	/* The cases are the product of parameter lists: their lengths into
	 * len (at most SCENARIO_MAX_PARAMS), and how many lists. */
	int		(*lists)(enum scenario_bounds b, size_t *len);
	/* The value at position x of list k, given the values before it;
	 * -1: no case. */
	int64_t		(*value)(enum scenario_bounds b, int k, size_t x,
				 const int64_t *p);
	/* Builds the scenario of a tuple; -1 if the tuple is not valid. */
	int		(*build)(const int64_t *p, int np, struct scenario *s);
};

extern const struct family families[];
/* The random family's draw (ringcheck run --seed), from 1; two draws
 * share no case at --scale 1 (at --scale N, draw K holds draws K to
 * K + N - 1 of scale 1). At most SCENARIO_MAX_SEED. */
#define SCENARIO_MAX_SEED	(1ull << 40)
extern uint64_t scenario_random_base;
extern const int nfamilies;
/*
 * --scale N (1, 2 or 4): each family's bounds double per step of N (what
 * doubles is the family's own: struct family.scaled). Case ids do not
 * depend on it: a case of --scale 2 replays by its id alone.
 */
extern unsigned int scenario_scale;
/* Sets scenario_scale from "1", "2" or "4"; -1 for anything else. */
int scenario_set_scale(const char *arg);

int family_find(const char *name);
/* The number of parameter tuples of a family (some are not valid cases). */
size_t family_count(int family, enum scenario_bounds b);
/* Builds case i of a family with the id set; -1 on a bad index. */
/* 0; -1 for a parameter tuple that is not a case of the family; -2 for
 * one with more steps than a scenario holds (e.g. a long ring image). */
int scenario_build(int family, enum scenario_bounds b, size_t i,
		   struct scenario *s);
/* Rebuilds a case from its id; -1 with a message on a bad id. */
int scenario_from_id(const char *id, struct scenario *s, char *err,
		     size_t errlen);

/* Builders used by the families. */
void scenario_init(struct scenario *s, const char *mode, unsigned long ds,
		   uint64_t start);
void scenario_add(struct scenario *s, enum step_op op, uint32_t arg,
		  int64_t arg2);
void scenario_write(struct scenario *s, unsigned int size, unsigned long n);
/*
 * A backward ring whose head is at head (at or below 0 as a signed 64-bit
 * value) when the reader opens it, reached as a kernel reaches it: the
 * bytes from head up to 0 were written as records before the open (a
 * whole ring of them when head is a ring or more below 0). Call it right
 * after scenario_init(), before any step.
 */
void scenario_backward_head(struct scenario *s, uint64_t head);
/*
 * A forward ring at counter start: below one ring, reached from 0 as a new
 * ring reaches it, by records the reader reads in cycles of pattern;
 * otherwise a ring another reader has read up to start (data_tail = start
 * at open, RINGCHECK_CAP_RING_IN_USE).
 */
enum cycle_pattern;
void scenario_forward_start(struct scenario *s, uint64_t start,
			    enum cycle_pattern pattern);
/* One reader cycle in a usage pattern. */
enum cycle_pattern { CYCLE_EACH, CYCLE_ONCE, CYCLE_OVERWRITE, CYCLE_PUSH };
void scenario_cycle(struct scenario *s, enum cycle_pattern pattern);
const char *step_name(enum step_op op);

#endif /* RINGCHECK_SCENARIO_H */
