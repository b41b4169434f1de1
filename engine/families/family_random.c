// SPDX-License-Identifier: GPL-2.0-only
/*
 * random: long seeded sequences of everything a single ring does. The
 * case id is the sequence's own seed, so any case replays by id whatever
 * --seed drew it.
 */
#include "families.h"

enum { SEED, NPARAMS };

const char *const random_params[] = { [SEED] = "seed", NULL };

const char random_scaled[] = "N times the sequences (10000 * N; --quick "
	"300 * N): --seed K --scale N runs the sequences of draws K to "
	"K + N - 1; each sequence is 120 steps, fixed by its id";

uint64_t scenario_random_base = 1;

#define RANDOM_CASES	10000	/* full bounds; --quick the first 300 */
#define RANDOM_STEPS	120

int random_lists(enum scenario_bounds b, size_t *len)
{
	len[SEED] = (b == BOUNDS_QUICK ? 300 : RANDOM_CASES) * scenario_scale;
	return NPARAMS;
}

/* Draw k of --seed holds the sequences (k - 1) * RANDOM_CASES + 1 on:
 * two draws share no case. */
int64_t random_value(enum scenario_bounds b, int k, size_t x,
		     const int64_t *p)
{
	return (int64_t)((scenario_random_base - 1) * RANDOM_CASES + 1 + x);
}

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

int random_build(const int64_t *p, int np, struct scenario *s)
{
	uint64_t x, start;
	unsigned long ds;
	int k, open = 0;
	bool bwd;

	if (np != NPARAMS || p[SEED] < 1)
		return -1;
	x = (uint64_t)p[SEED];
	bwd = splitmix(&x) % 2;
	ds = 32ul << (splitmix(&x) % 8);
	start = (splitmix(&x) % 3 == 0 ? splitmix(&x) : (uint64_t)0 - ds) &
		~7ull;
	scenario_init(s, family_modes[bwd], ds, 0);
	if (!bwd)
		scenario_forward_start(s, start, CYCLE_EACH);
	else	/* a backward head is at or below 0 */
		scenario_backward_head(s, (int64_t)start > 0 ? -start : start);
	s->cfg.lost_trailer = (unsigned int)(splitmix(&x) % 3) * 8;
	for (k = 0; k < RANDOM_STEPS; k++) {
		uint64_t r = splitmix(&x) % 100;
		unsigned int size = 8 + 8 * (unsigned int)(splitmix(&x) %
					(splitmix(&x) % 4 ? 6 : ds / 4));

		if (r < 50) {
			scenario_write(s, size, 1 + splitmix(&x) % 4);
		} else if (r < 58 && !bwd && open < 3) {
			scenario_add(s, ST_RESERVE, size, 0);
			open++;
		} else if (r < 64 && open) {
			scenario_add(s, ST_COMMIT, 0, 0);
			open--;
		} else if (r < 68) {
			scenario_add(s, ST_PAUSE, 0, 0);
			scenario_write(s, size, 1 + splitmix(&x) % 3);
			scenario_add(s, ST_RESUME, 0, 0);
		} else {
			family_cycles(s, (enum cycle_pattern)(splitmix(&x) %
							      2));
		}
	}
	while (open--)
		scenario_add(s, ST_COMMIT, 0, 0);
	return 0;
}
