/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * make stress of readers built on the kernel's tools/ headers (libperf):
 * the barrier macros as C11 atomics, so that ThreadSanitizer judges where
 * a reader puts its barriers rather than how one architecture implements
 * them. On x86-64, tools/arch/x86/include/asm/barrier.h makes
 * smp_load_acquire() and smp_store_release() a volatile access and a
 * compiler barrier (enough under x86's TSO, invisible to TSan); arm64's
 * are ldar and stlr, which these reproduce. Put first on the include path
 * (STRESS_CFLAGS=-I.../c11-barriers).
 */
#ifndef RINGCHECK_C11_BARRIER_H
#define RINGCHECK_C11_BARRIER_H

#define mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
#define smp_mb()	mb()
#define smp_rmb()	rmb()
#define smp_wmb()	wmb()
#define smp_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define smp_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)

#endif
