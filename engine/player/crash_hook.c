// SPDX-License-Identifier: GPL-2.0-only
/*
 * A reader that faults during a scenario: the runner's fault handler
 * calls play_fault(), which has the judge name the place (the call under
 * way, the faulting address) and lands on the player's failure path, so
 * the report shows the steps and the ring as for any failed check. The
 * worker then dies of the signal: the crash stays a crash.
 */
#include "play_evlist.h"
#include "player_internal.h"

static struct player *current;	/* the scenario under way, or NULL */

void play_set_current(struct player *p)
{
	current = p;
}

void play_fault(int sig, void *addr)
{
	struct player *p = current;

	/* an evlist case, no scenario, or a fault while the first one is
	 * reported: the handler's default, death by the signal */
	if (!p) {
		play_evlist_fault(sig, addr);
		return;
	}
	if (p->faulted)
		return;
	p->faulted = true;
	judge_crashed(p->j, sig, (uintptr_t)addr);
}
