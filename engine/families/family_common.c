// SPDX-License-Identifier: GPL-2.0-only
/* What the single-ring families share (engine/families/families.h). */
#include "families.h"

const char *const family_modes[2] = { "fwd-rw", "bwd-ro" };

void family_cycles(struct scenario *s, enum cycle_pattern pattern)
{
	scenario_cycle(s, s->cfg.overwrite ? CYCLE_OVERWRITE : pattern);
}

unsigned int scale_steps(void)
{
	return scenario_scale == 4 ? 2 : scenario_scale == 2 ? 1 : 0;
}

size_t scaled_len(size_t base, size_t per_step)
{
	return base + per_step * scale_steps();
}
