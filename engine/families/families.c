// SPDX-License-Identifier: GPL-2.0-only
/*
 * The table of scenario families, one file each (engine/family_*.c).
 * A family enumerates a product of named parameter lists (the bounds are
 * in COVERAGE.md); combinations that do not make a valid scenario (an
 * offset past the ring, a record that cannot fit) are not cases. A case
 * id is the family name and the parameter values, in the order of the
 * family's NAME_params[]. The order of this table is the order of the
 * families in reports and masks: append.
 *
 * Every family has instances on 4 KiB pages with data areas of whole
 * pages (PAGE_DS), so a reader that only takes whole pages is tested by
 * each of them; the small rings make the enumeration exhaustive cheaply,
 * and on whole pages a family takes a sample of its offsets and sizes.
 */
#include "families.h"

#define FAMILY(n, w, f)	{ n, w, f##_params, f##_scaled,		\
			  f##_lists, f##_value, f##_build }

const struct family families[] = {
	FAMILY("wrap", "forward ring, every start offset and record size, "
		       "records crossing the end", wrap),
	FAMILY("forward", "fill levels, 4/16/64 KiB pages, consume per "
			  "record or per cycle", forward),
	FAMILY("overwrite", "backward read-only rounds, newest first, none "
			    "twice", overwrite),
	FAMILY("backward-window", "the overwrite window edge at every "
				  "8-byte offset", backward_window),
	FAMILY("large-records", "records up to 65528 bytes across the end "
				"of 4..64 KiB areas", large_records),
	FAMILY("lost", "filling, freeing one/two/all records, LOST "
		       "placement and trailers", lost),
	FAMILY("pause", "drops while paused, forward and backward", pause),
	FAMILY("push", "push chunking at every offset, failing sinks", push),
	FAMILY("counters", "heads across 2^31, 2^32, 2^63 and 2^64 (= 0)",
	       counters),
	FAMILY("interleave", "writer steps between any two reader calls, "
			     "nested writers, stale heads", interleave),
	FAMILY("lifetime", "released space reused right after read_event",
	       lifetime),
	FAMILY("hostile", "bad sizes, bad heads, garbage, unaligned "
			  "writers", hostile),
	FAMILY("random", "seeded long sequences of everything", random),
	FAMILY("kernel-images", "record streams captured from real kernels "
				"(fixtures/kernel)", kernel_images),
	/* merged readers: many rings, one stream */
	FAMILY("evlist-rings", "1..8 rings, every count, four interleavings",
	       evlist_rings),
	FAMILY("evlist-skew", "per-CPU clock skew within a round to many "
			      "rounds", evlist_skew),
	FAMILY("evlist-hot", "one CPU lapping its ring, the others idle",
	       evlist_hot),
	FAMILY("evlist-during", "records written during a round, behind "
				"the reader's pass", evlist_during),
	FAMILY("evlist-shared", "SET_OUTPUT rings with several event ids",
	       evlist_shared),
	FAMILY("evlist-nesting", "NMI-style nesting: earlier times "
				 "published later", evlist_nesting),
	FAMILY("evlist-offline", "a CPU offline for 1..4 rounds, and back",
	       evlist_offline),
	FAMILY("evlist-random", "seeded multi-ring sequences of everything",
	       evlist_random),
	{ "hostile-push", "push on the hostile rings: the good records "
	  "before the first bad one", hostile_params, hostile_scaled,
	  hostile_lists, hostile_value, hostile_push_build },
	FAMILY("backward-oversize", "a record larger than a backward ring, "
				    "small records below it", backward_oversize),
};

const int nfamilies = N(families);
