/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scenario families, one file each (family_*.c here), and what they
 * share. A family names its parameters (an enum in its file, the names in
 * NAME_params[], in case-id order), enumerates the product of its lists
 * and builds the scenario of one tuple; engine/families/families.c is
 * the table.
 */
#ifndef RINGCHECK_FAMILIES_H
#define RINGCHECK_FAMILIES_H

#include "scenario/scenario.h"

#define N(a)	(sizeof(a) / sizeof((a)[0]))
/* one data page of 4 KiB: every family has instances on whole pages */
#define PAGE_DS	4096

/* Declares what the table (engine/families/families.c) takes of family f. */
#define FAMILY_DECL(f)							\
	extern const char *const f##_params[];				\
	extern const char f##_scaled[];					\
	int f##_lists(enum scenario_bounds b, size_t *len);		\
	int64_t f##_value(enum scenario_bounds b, int k, size_t x,	\
			  const int64_t *p);				\
	int f##_build(const int64_t *p, int np, struct scenario *s)

FAMILY_DECL(wrap);
FAMILY_DECL(forward);
FAMILY_DECL(overwrite);
FAMILY_DECL(backward_window);
FAMILY_DECL(large_records);
FAMILY_DECL(lost);
FAMILY_DECL(pause);
FAMILY_DECL(push);
FAMILY_DECL(counters);
FAMILY_DECL(interleave);
FAMILY_DECL(lifetime);
FAMILY_DECL(hostile);
/* hostile-push: hostile's parameters, its corruptions read by push */
int hostile_push_build(const int64_t *p, int np, struct scenario *s);
/* hostile's kind parameter by name: "size-12", "head-2^32", "garbage-3" */
void hostile_kind_name(int64_t kind, char *buf, size_t len);
FAMILY_DECL(random);
FAMILY_DECL(kernel_images);
FAMILY_DECL(evlist_rings);
FAMILY_DECL(evlist_skew);
FAMILY_DECL(evlist_hot);
FAMILY_DECL(evlist_during);
FAMILY_DECL(evlist_shared);
FAMILY_DECL(evlist_nesting);
FAMILY_DECL(evlist_offline);
FAMILY_DECL(evlist_random);
FAMILY_DECL(backward_oversize);

/* The ring modes of the families' "mode" parameter: 0 forward, 1 backward. */
extern const char *const family_modes[2];

/* A reader cycle in pattern, or the overwrite cycle on a backward ring. */
void family_cycles(struct scenario *s, enum cycle_pattern pattern);

/*
 * --scale: each step (scale 2: one, scale 4: two) a family's lists gain
 * the values of that step. The length of a list of base values that gains
 * per_step values a step; the values are in the list in that order.
 */
size_t scaled_len(size_t base, size_t per_step);
/* Steps of --scale: 0, 1 or 2. */
unsigned int scale_steps(void);

#endif /* RINGCHECK_FAMILIES_H */
