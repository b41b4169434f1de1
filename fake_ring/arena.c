// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "arena.h"

#define ARENA_FIRST	(16u << 10)	/* bytes mapped at first */

/*
 * Arenas of freed ledgers, kept for the next ones: the oracle's ring cache
 * turns over about once a case, and a new memfd with its views and first
 * pages costs far more than the case. Small ones only, so the memory kept
 * stays below POOL * POOL_MAX_LEN. A process that inherits the pool by
 * fork() would share it with its parent: it empties it instead.
 */
#define POOL		4
#define POOL_MAX_LEN	(1u << 20)

static struct {
	pthread_mutex_t	lock;
	pid_t		owner;
	unsigned int	count;
	struct arena	arenas[POOL];
} pool = { .lock = PTHREAD_MUTEX_INITIALIZER };

static size_t page(void)
{
	static size_t sz;

	if (!sz)
		sz = (size_t)sysconf(_SC_PAGESIZE);
	return sz;
}

/* The ledger is the oracle: no partial truth. */
static void __attribute__((noreturn)) arena_die(const char *what, size_t n)
{
	fprintf(stderr, "ringcheck: cannot %s the ledger (%zu bytes): %s\n",
		what, n, strerror(errno));
	abort();
}

void arena_init(struct arena *a)
{
	memset(a, 0, sizeof(*a));
	a->fd = -1;
}

/* The reservation of a view: a guard page, reserved bytes, a guard page. */
static void unreserve(uint8_t *view, size_t reserved)
{
	if (view)
		munmap(view - page(), reserved + 2 * page());
}

static void arena_release(struct arena *a)
{
	unreserve(a->ro, a->reserved);
	unreserve(a->rw, a->reserved);
	if (a->fd >= 0)
		close(a->fd);
	arena_init(a);
}

/* Forgets arenas a parent process pooled (pool.lock held). */
static void pool_own(void)
{
	pid_t pid = getpid();

	if (pool.owner == pid)
		return;
	while (pool.count)
		arena_release(&pool.arenas[--pool.count]);
	pool.owner = pid;
}

void arena_free(struct arena *a)
{
	if (a->fd >= 0 && a->len <= POOL_MAX_LEN) {
		pthread_mutex_lock(&pool.lock);
		pool_own();
		if (pool.count < POOL) {
			pool.arenas[pool.count++] = *a;
			arena_init(a);
		}
		pthread_mutex_unlock(&pool.lock);
	}
	arena_release(a);
}

/* A pooled arena for a, if there is one. */
static void pool_take(struct arena *a)
{
	pthread_mutex_lock(&pool.lock);
	pool_own();
	if (pool.count)
		*a = pool.arenas[--pool.count];
	pthread_mutex_unlock(&pool.lock);
}

/* Maps [from, to) of the file into view with prot. */
static void map_range(struct arena *a, uint8_t *view, size_t from, size_t to,
		      int prot)
{
	/* The writer fills what it maps: one populating call costs less
	 * than a page fault per page of tmpfs. */
	int populate = prot & PROT_WRITE ? MAP_POPULATE : 0;

	if (mmap(view + from, to - from, prot,
		 MAP_SHARED | MAP_FIXED | populate, a->fd,
		 (off_t)from) == MAP_FAILED)
		arena_die("map", to);
}

/* A new reservation with [0, len) of the file mapped into it. */
static uint8_t *reserve(struct arena *a, size_t reserved, size_t len,
			int prot)
{
	uint8_t *p = mmap(NULL, reserved + 2 * page(), PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		arena_die("reserve address space for", reserved);
	map_range(a, p + page(), 0, len, prot);
	return p + page();
}

/*
 * Address space behind a view of len bytes. Reserving it costs nothing
 * but address space, and a limit on that (ulimit -v) counts both views:
 * under one, no more than the bytes mapped (each growth then moves the
 * views); without one, room to grow in place four times over.
 */
static size_t room(size_t len)
{
	struct rlimit as;

	if (!getrlimit(RLIMIT_AS, &as) && as.rlim_cur != RLIM_INFINITY)
		return len;
	return 4 * len;
}

void arena_grow(struct arena *a, size_t need)
{
	size_t len;

	if (need <= a->len)
		return;
	if (a->fd < 0)
		pool_take(a);
	if (need <= a->len)
		return;
	len = a->len ? a->len : ARENA_FIRST;
	/* a quarter more each time: nothing is copied, so growing often
	 * is cheap, and the last growth wastes little */
	while (len < need)
		len = (len + len / 4 + page() - 1) & ~(page() - 1);
	if (a->fd < 0) {
		a->fd = memfd_create(ARENA_MEMFD_NAME, MFD_CLOEXEC);
		if (a->fd < 0)
			arena_die("create", need);
	}
	if (ftruncate(a->fd, (off_t)len))
		arena_die("extend", len);
	if (len <= a->reserved) {
		map_range(a, a->ro, a->len, len, PROT_READ);
		map_range(a, a->rw, a->len, len, PROT_READ | PROT_WRITE);
	} else {
		/* Both views move; the pages stay in the file, uncopied.
		 * The old views go first: address space for one pair only. */
		unreserve(a->ro, a->reserved);
		unreserve(a->rw, a->reserved);
		a->reserved = room(len);
		a->ro = reserve(a, a->reserved, len, PROT_READ);
		a->rw = reserve(a, a->reserved, len, PROT_READ | PROT_WRITE);
	}
	a->len = len;
}
