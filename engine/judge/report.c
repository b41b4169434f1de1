// SPDX-License-Identifier: GPL-2.0-only
/*
 * A failure described: the scenario's steps with the one that failed
 * marked, where the judge stood, the bytes owed beside the bytes
 * delivered, and the ring drawn.
 */
#include <inttypes.h>

#include "diagnose.h"
#include "judge_internal.h"

void judge_report(const struct judge *j, FILE *out)
{
	const struct scenario *s = j->s;
	int i;

	fprintf(out, "case %s: %s\n", s->id, j->res->msg);
	fprintf(out, "steps (the fault at %s):\n",
		j->res->step < s->nsteps ? ">>" : "the final drain");
	for (i = 0; i < s->nsteps; i++) {
		const struct step *st = &s->steps[i];

		fprintf(out, "  %s %3d %s", i == j->res->step ? ">>" : "  ", i,
			step_name(st->op));
		if (st->op == ST_WRITE)
			fprintf(out, " %u x%" PRId64, st->arg,
				st->arg2 >> 32 ? st->arg2 >> 32 : 1);
		else if (st->op == ST_RESERVE || st->op == ST_POKE_SIZE)
			fprintf(out, " %u", st->arg);
		fputc('\n', out);
	}
	if (!j->overwrite)
		fprintf(out, "delivered so far: up to counter %" PRIu64
			     "; next owed: ledger row %zu\n",
			j->delivered_end, j->next_row);
	else
		fprintf(out, "this cycle: %zu of %zu whole new records "
			     "delivered (rows from %zu on are new)\n",
			j->cursor, j->nexpect, j->boundary);
	if (j->diff_row)
		diag_hexdump_pair(out,
				  fake_ring_entry_bytes(j->ring, j->diff_row),
				  j->last_copy, j->diff_row->size,
				  (size_t)j->diff_at);
	fake_ring_draw(j->ring, out);
}
