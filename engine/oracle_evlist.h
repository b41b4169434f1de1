/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The oracle of merged readers: runs an evlist scenario's plan on
 * simulated CPUs and judges every record the reader's merged stream
 * delivers against the rings' ledgers and the clock (the clauses of
 * docs/contract.md (clauses 12-17)).
 */
#ifndef RINGCHECK_ORACLE_EVLIST_H
#define RINGCHECK_ORACLE_EVLIST_H

#include "oracle.h"

/* oracle_run() of a scenario with s->evlist set. */
void oracle_evlist_run(const struct scenario *s,
		       const struct ringcheck_reader_ops *ops,
		       struct oracle_result *res, FILE *report);

#endif /* RINGCHECK_ORACLE_EVLIST_H */
