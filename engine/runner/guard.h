/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reads outside the mapping that a reader swallows. The guard pages
 * around every ring are PROT_NONE and the data area cannot be made
 * writable, so any stray access faults; the only way a reader survives
 * one is a SIGSEGV/SIGBUS handler of its own. A worker installs ringcheck's
 * handlers before the reader runs and checks after each case that they are
 * still there: a reader that replaced them fails (stray access), since a
 * fault it swallowed would be invisible.
 */
#ifndef RINGCHECK_GUARD_H
#define RINGCHECK_GUARD_H

#include <stddef.h>

/* In a worker, before the plugin is loaded; again after it is loaded when
 * the plugin declares a runtime that installs fault handlers. */
void guard_arm(void);
/* 0 while ringcheck's handlers are in place; -1 with the reason in why
 * (and ringcheck's handlers back) when the reader replaced one. */
int guard_check(char *why, size_t len);
/* Dies of sig, as the fault would have killed the worker. */
void __attribute__((noreturn)) guard_die(int sig);

#endif
