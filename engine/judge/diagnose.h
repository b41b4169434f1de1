/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a failure is, for people and for grouping: the oracle's checks with
 * their stable names, the contract clause each one enforces
 * (docs/contract.md) and the bug class it usually means
 * (docs/bug-classes.md); and the formatting of counters and bytes in
 * failure messages.
 */
#ifndef RINGCHECK_DIAGNOSE_H
#define RINGCHECK_DIAGNOSE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct judge_check {
	const char	*name;		/* stable: reports group by it */
	int		clause;		/* docs/contract.md; 0: none */
	const char	*bug;		/* "short-name (N)" of the bug class
					 * it usually means, or NULL */
};

/* The check named name, or NULL. */
const struct judge_check *judge_check_find(const char *name);
/* "forward: nothing lost" for clause 1, ...; "" for 0 or unknown. */
const char *contract_clause_name(int clause);

/*
 * A 64-bit counter as people read it: small ones in decimal; others also
 * as a signed distance from 2^64 and in hex ("2^64-72 (0xff..b8)").
 * Returns buf.
 */
const char *diag_counter(char *buf, size_t len, uint64_t v);

/* The offset of the first byte where a and b differ, or -1. */
long diag_first_difference(const uint8_t *a, const uint8_t *b, size_t n);
/* Up to width bytes of p around offset at, in hex ("..41 42 ..");
 * returns buf. */
const char *diag_hex_window(char *buf, size_t len, const uint8_t *p,
			    size_t n, size_t at, size_t width);
/* Expected and delivered, 16 bytes a line, from the line holding at,
 * lines marked where they differ. */
void diag_hexdump_pair(FILE *out, const uint8_t *want, const uint8_t *got,
		       size_t n, size_t at);

#endif /* RINGCHECK_DIAGNOSE_H */
