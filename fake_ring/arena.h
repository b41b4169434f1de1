/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An arena the reader's process sees read-only: a memfd mapped twice, a
 * read-only view (what the oracle and the reader are handed pointers
 * into) and a writable view at another address (the writer's), each with
 * inaccessible pages around it. It grows without copying: the file is
 * extended and the new pages mapped into address space reserved behind
 * both views; past the reservation both views move to a larger one, the
 * pages themselves staying where they are in the file. A move changes
 * every address in the arena, as realloc() would. Internal to
 * fake_ring/.
 */
#ifndef FAKE_RING_ARENA_H
#define FAKE_RING_ARENA_H

#include <stddef.h>
#include <stdint.h>

/* The name of the memfd, as /proc/self/maps shows it. */
#define ARENA_MEMFD_NAME	"ringcheck-ledger"

struct arena {
	int		fd;
	uint8_t		*ro;		/* read-only view */
	uint8_t		*rw;		/* writable view */
	size_t		len;		/* bytes of the file mapped */
	size_t		reserved;	/* address space behind each view */
};

void arena_init(struct arena *a);
/* Unmaps a, or keeps it for the next arena_grow() of an empty arena. */
void arena_free(struct arena *a);
/* At least need bytes mapped; aborts when that cannot be had. Contents
 * are whatever the file held: a pooled arena has its last owner's. */
void arena_grow(struct arena *a, size_t need);

#endif /* FAKE_RING_ARENA_H */
