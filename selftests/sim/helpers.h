/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared set-up for the simulated tests. */
#ifndef RINGCHECK_SIM_HELPERS_H
#define RINGCHECK_SIM_HELPERS_H

#include <stddef.h>
#include <stdint.h>

#include "fake_ring.h"

/* A ring of the given mode ("fwd-rw", ...); aborts the test on failure. */
struct fake_ring *test_ring(const char *mode, unsigned long data_size,
			    uint64_t start, unsigned int lost_trailer);
/* Writes n records of size/type; returns how many were written. */
unsigned long test_write(struct fake_ring *ring, unsigned int size,
			 uint32_t type, unsigned long n);
/* Ledger indices of the LOST rows, in ledger order. */
size_t test_lost_rows(const struct fake_ring *ring, size_t *idx, size_t max);
/* The u64 lost field of a LOST row. */
uint64_t test_lost_value(const struct fake_ring *ring, size_t row);
/* Bytes at a counter position of the data area, wrapping. */
void test_ring_bytes(const struct fake_ring *ring, uint64_t pos, void *out,
		     size_t len);



/* build/plugins/NAME next to the ringcheck binary. */
const char *plugin_path(const char *name);

/* Runs a shell command; its exit status, stdout and stderr in out. */
int run_command(const char *cmd, char *out, size_t outlen);

/* 1 if a store to addr succeeds (tried in a child), 0 if it faults. */
int mprotect_probe_writable(void *addr);
#endif
