/* SPDX-License-Identifier: GPL-2.0-only */
/* The evlist families (engine/family_evlist_*.c), for families.c's table. */
#ifndef RINGCHECK_EVLIST_FAMILIES_H
#define RINGCHECK_EVLIST_FAMILIES_H

#include "evlist_plan.h"

EVLIST_FAMILY_DECL(evlist_rings);
EVLIST_FAMILY_DECL(evlist_skew);
EVLIST_FAMILY_DECL(evlist_hot);
EVLIST_FAMILY_DECL(evlist_during);
EVLIST_FAMILY_DECL(evlist_shared);
EVLIST_FAMILY_DECL(evlist_nesting);
EVLIST_FAMILY_DECL(evlist_offline);
EVLIST_FAMILY_DECL(evlist_random);

#endif /* RINGCHECK_EVLIST_FAMILIES_H */
