// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guard pages for a reader's own mapping, without touching the reader:
 * Linux places a mapping made without an address at the top of the
 * highest free gap that fits (top-down). A reservation of len bytes and a
 * page, of which the len bytes are given back, leaves a PROT_NONE page
 * with a gap of len below it at the top: the reader's mmap lands there
 * and ends at the guard page. Where it landed elsewhere (the reader
 * mapped something else first), a guard page is put at its end if that
 * page is free. The page below its control page is free under top-down
 * placement and is taken too.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "fd_guard.h"

static size_t sys_page(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* A PROT_NONE page exactly at at, or NULL where that page is taken. */
static void *guard_at(uintptr_t at)
{
	void *want = (void *)at;
	void *p = mmap(want, sys_page(), PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
		       MAP_FIXED_NOREPLACE, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	if (p != want) {	/* a kernel before 4.17 took it as a hint */
		munmap(p, sys_page());
		return NULL;
	}
	return p;
}

/* The guard pages go: another length needs its own. */
static void release(struct fd_guard *g)
{
	if (g->after)
		munmap(g->after, sys_page());
	if (g->before)
		munmap(g->before, sys_page());
	g->after = NULL;
	g->before = NULL;
}

void fd_guard_prepare(struct fd_guard *g, size_t len)
{
	size_t ps = sys_page();
	uint8_t *r;

	len = (len + ps - 1) & ~(ps - 1);
	/* the last case's guards around a gap of this length: the reader's
	 * mapping lands in it again, where nothing was mapped since */
	if (g->before && g->after && g->len == len)
		return;
	release(g);
	r = mmap(NULL, len + ps, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (r == MAP_FAILED)
		return;
	munmap(r, len);
	g->after = r + len;
	g->len = len;
}

uintptr_t fd_guard_room(const struct fd_guard *g)
{
	return g->after ? (uintptr_t)g->after - g->len : 0;
}

bool fd_guard_settle(struct fd_guard *g, uintptr_t lo, uintptr_t hi)
{
	size_t ps = sys_page();

	if (g->after && (uintptr_t)g->after != hi) {
		munmap(g->after, ps);
		g->after = NULL;
	}
	if (!g->after)
		g->after = guard_at(hi);
	if (g->before && (uintptr_t)g->before + ps != lo) {
		munmap(g->before, ps);
		g->before = NULL;
	}
	if (!g->before && lo >= ps)
		g->before = guard_at(lo - ps);
	g->len = hi - lo;
	return g->after && g->before;
}
