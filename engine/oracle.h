/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The oracle: runs one scenario against a reader (through the plugin ABI)
 * and judges every call against fake_ring's ledger.
 */
#ifndef RINGCHECK_ORACLE_H
#define RINGCHECK_ORACLE_H

#include <stdbool.h>
#include <stdio.h>
#include <ringcheck/reader.h>

#include "scenario.h"

enum verdict { VERDICT_PASS, VERDICT_FAIL, VERDICT_SKIP };

struct oracle_result {
	enum verdict	verdict;
	int		step;		/* failing step; nsteps: final drain */
	char		check[32];	/* the check that fired (diagnose.h) */
	bool		stray;		/* the failure is a write outside
					 * what a reader may write */
	char		msg[240];
};

/*
 * Runs s against ops. With report non-NULL, a failure is described there:
 * the steps, the ring (head, tail, records around the fault), what the
 * ledger expected and what the reader delivered.
 */
void oracle_run(const struct scenario *s, const struct ringcheck_reader_ops *ops,
		struct oracle_result *res, FILE *report);

#endif /* RINGCHECK_ORACLE_H */
