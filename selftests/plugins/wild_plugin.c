// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reference reader with one misbehaviour, for the misbehaving-plugin
 * suite (run_wild.sh). Built once per class with -DWILD_<CLASS>; the
 * reference reader is linked in with its ringcheck_reader() renamed to
 * reference_ringcheck_reader(), so without the misbehaviour every case
 * passes and each failure is the misbehaviour's.
 *
 * Processes that must not outlive the run write their pid to
 * $RINGCHECK_WILD_DIR/pids; markers of "loaded once already" live there.
 */
/* written against version 2 of the plugin ABI (reader.h) */
#define RINGCHECK_READER_ABI 2
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <linux/perf_event.h>
#include <ringcheck/reader.h>

/*
 * Fault handlers at load, as a language runtime installs them (Go's in a
 * c-shared library):
 * CTOR_HANDLER: installed by the constructor, not declared: refused.
 * DECLARED_CTOR_FAULT: declared (RINGCHECK_CAP_RUNTIME_FAULT_HANDLERS),
 *   installed by the constructor, then a guard page read in a call: the
 *   handler re-armed after load must take it (a crash of the case).
 * DECLARED_GUARD_READ: declared, and a handler installed during a call,
 *   as GUARD_READ: the check after the case must still see it.
 */
#ifdef WILD_DECLARED_CTOR_FAULT
#define WILD_CTOR_HANDLER
#define WILD_DECLARED
#define WILD_GUARD_READ
#endif
#ifdef WILD_DECLARED_GUARD_READ
#define WILD_DECLARED
#define WILD_GUARD_READ
#endif

#undef ringcheck_reader
const struct ringcheck_reader_ops *reference_ringcheck_reader(void);
const struct ringcheck_reader_ops *ringcheck_reader(void);

/* The reader state: the ring (for the checks below), the reference's. */
struct wild {
	struct ringcheck_ring	ring;
	void			*inner;
	const struct perf_event_header *last;	/* delivered before */
};

static struct ringcheck_reader_ops ops;
static const struct ringcheck_reader_ops *ref;
static unsigned long calls;

static void note_pid(void)
{
	const char *dir = getenv("RINGCHECK_WILD_DIR");
	char path[4096];
	int fd;

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/pids", dir);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd >= 0) {
		dprintf(fd, "%d\n", getpid());
		close(fd);
	}
}

/* True in every process but the first that loads the plugin: the first
 * is ringcheck's probe, the others its workers. */
static int __attribute__((unused)) loaded_before(void)
{
	const char *dir = getenv("RINGCHECK_WILD_DIR");
	char path[4096];
	int fd;

	if (!dir)
		return 0;
	snprintf(path, sizeof(path), "%s/loaded", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0)
		return 1;
	close(fd);
	return 0;
}

static void __attribute__((noreturn, unused)) spin_unkillable(void)
{
	sigset_t all;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	note_pid();
	for (volatile int spin = 1; spin;)
		;
	__builtin_unreachable();
}

#if defined(WILD_GUARD_READ) || defined(WILD_CTOR_HANDLER)
static sigjmp_buf out;

static void swallow(int sig)
{
	siglongjmp(out, 1);
}
#endif

#ifdef WILD_CTOR_THREAD
/*
 * A thread started at load, as a language runtime's or a logging
 * library's: it beats, and each read_event waits for a beat and then
 * exits. A fork of a process with threads has only the forking one: a
 * worker forked from a loaded template would wait for a beat that never
 * comes and hang (the fork server must start this reader's workers cold).
 */
static volatile unsigned long beats;

static void *beat(void *arg)
{
	for (;;) {
		beats++;
		usleep(1000);
	}
	return arg;
}

static void __attribute__((noreturn)) exit_after_beat(void)
{
	unsigned long from = beats;
	int ms;

	for (ms = 0; ms < 2000 && beats == from; ms++)
		usleep(1000);
	while (beats == from)
		;	/* no thread: hung */
	exit(0);
}
#endif

__attribute__((constructor)) static void wild_init(void)
{
#ifdef WILD_CTOR_THREAD
	pthread_t t;

	pthread_create(&t, NULL, beat, NULL);
#endif
#ifdef WILD_CTOR_HANDLER
	struct sigaction sa = { .sa_handler = swallow };

	sigaction(SIGSEGV, &sa, NULL);
#endif
#ifdef WILD_CTOR_CRASH
	if (loaded_before())
		raise(SIGSEGV);
#endif
#ifdef WILD_CTOR_HANG
	spin_unkillable();
#endif
}

static int wild_read_init(void *r)
{
#ifdef WILD_SLOW
	usleep(2900000);
#endif
#ifdef WILD_MEMORY
	/* 8 MiB a cycle, touched, never freed (kept where the compiler
	 * cannot see the store die) */
	static char *volatile leak;

	leak = malloc(8 << 20);
	if (leak)
		memset(leak, 1, 8 << 20);
#endif
#ifdef WILD_CRASH_HOSTILE
	{
		const struct ringcheck_ring *ring = &((struct wild *)r)->ring;
		const struct perf_event_mmap_page *pc = ring->base;
		__u64 head = __atomic_load_n(&pc->data_head, __ATOMIC_ACQUIRE);

		/* what the kernel never writes: crash on it */
		if (head % 8 || (!ring->overwrite &&
				  head - pc->data_tail > ring->data_size))
			raise(SIGSEGV);
	}
#endif
	return ref->read_init(((struct wild *)r)->inner);
}

#ifdef WILD_GUARD_READ
/* Reads the guard page below the control page; the fault is swallowed. */
static void read_guard(const struct ringcheck_ring *ring)
{
#ifndef WILD_CTOR_HANDLER
	struct sigaction sa = { .sa_handler = swallow };

	sigaction(SIGSEGV, &sa, NULL);
#endif
	if (!sigsetjmp(out, 1))
		(void)*(volatile const char *)((const char *)ring->base - 1);
}
#endif

#ifdef WILD_SCRIBBLE
/* Makes the page of a record delivered before writable (or tries to) and
 * overwrites its type. */
static void scribble(const struct perf_event_header *ev)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = (uintptr_t)ev & ~(page - 1);

	mprotect((void *)from, (uintptr_t)ev + 8 - from,
		 PROT_READ | PROT_WRITE);
	((volatile struct perf_event_header *)ev)->type ^= 0x40;
}
#endif

#ifdef WILD_LEDGER_WRITE
/*
 * Writes a byte of the suite's ledger back unchanged, at the start of each
 * read-only view of its memfd (ARENA_MEMFD_NAME of fake_ring/arena.h), as
 * /proc/self/maps lists them. Harmless if it went through; it must fault.
 */
static void write_ledger(void)
{
	FILE *maps = fopen("/proc/self/maps", "r");
	char line[512], perms[8];
	unsigned long from;

	if (!maps)
		return;
	while (fgets(line, sizeof(line), maps))
		if (strstr(line, "/memfd:ringcheck-ledger") &&
		    sscanf(line, "%lx-%*x %7s", &from, perms) == 2 &&
		    !strcmp(perms, "r--s")) {
			volatile char *p = (volatile char *)from;

			*p = *p;
		}
	fclose(maps);
}
#endif

static const struct perf_event_header *wild_read_event(void *r)
{
	calls++;
#ifdef WILD_EXIT_IN_READ
	exit(0);
#endif
#ifdef WILD_CTOR_THREAD
	exit_after_beat();
#endif
#ifdef WILD_ABORT
	abort();
#endif
#ifdef WILD_SIGSTOP
	note_pid();
	raise(SIGSTOP);
#endif
#ifdef WILD_CLOSE_FDS
	/* every descriptor the worker has: its socket, the ring's file */
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
#endif
#ifdef WILD_MUNMAP_RING
	{
		struct wild *w = r;

		/* the ring it was given, gone under the reader's feet */
		munmap(w->ring.base, w->ring.page_size + w->ring.data_size);
	}
#endif
#ifdef WILD_LEDGER_WRITE
	write_ledger();
#endif
#ifdef WILD_EXIT_LATER
	if (calls > 20000)
		exit(0);
#endif
#ifdef WILD_FORK_EXIT
	if (calls == 1) {
		pid_t pid = fork();

		if (pid > 0)
			exit(0);	/* the worker leaves, its copy goes on */
		note_pid();
	}
#endif
#ifdef WILD_SPIN
	spin_unkillable();
#endif
#ifdef WILD_SETSID
	if (fork() == 0) {
		setsid();
		note_pid();
		for (;;)	/* holds every inherited descriptor */
			pause();
	}
	spin_unkillable();
#endif
#ifdef WILD_GUARD_READ
	read_guard(&((struct wild *)r)->ring);
#endif
#if defined(WILD_SCRIBBLE) || defined(WILD_CTRL_WRITE)
	{
		struct wild *w = r;
		const struct perf_event_header *ev;

#ifdef WILD_SCRIBBLE
		if (w->last)
			scribble(w->last);
#endif
		ev = ref->read_event(w->inner);

#ifdef WILD_SCRIBBLE
		w->last = ev;
#else
		/* past the first 4 KiB of a 16/64 KiB control page */
		if (w->ring.page_size > 4096 && !w->ring.overwrite)
			((volatile char *)w->ring.base)[w->ring.page_size - 8] = 1;
#endif
		return ev;
	}
#endif
	return ref->read_event(((struct wild *)r)->inner);
}

static void *wild_open(const struct ringcheck_ring *ring)
{
	struct wild *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->ring = *ring;
	w->inner = ref->open(ring);
	if (!w->inner) {
		free(w);
		return NULL;
	}
	return w;
}

static void wild_close(void *r)
{
	ref->close(((struct wild *)r)->inner);
	free(r);
}

static void wild_consume(void *r)
{
	ref->consume(((struct wild *)r)->inner);
}

static void wild_read_done(void *r)
{
	ref->read_done(((struct wild *)r)->inner);
}

static int wild_push(void *r, void *ctx, ringcheck_sink_fn sink)
{
	return ref->push(((struct wild *)r)->inner, ctx, sink);
}

const struct ringcheck_reader_ops *ringcheck_reader(void)
{
#ifdef WILD_NULL_IN_WORKERS
	if (loaded_before())
		return NULL;
#endif
	ref = reference_ringcheck_reader();
	ops = *ref;
	ops.name = "wild";
	ops.open = wild_open;
	ops.close = wild_close;
	ops.read_init = wild_read_init;
	ops.read_event = wild_read_event;
	ops.consume = wild_consume;
	ops.read_done = wild_read_done;
	ops.push = ref->push ? wild_push : NULL;
	/* the suite maps the ring (its views are sealed read-only where the
	 * kernel's would be), and the wrapper is a pull reader */
	ops.open_fd = NULL;
	ops.drain = NULL;
#ifdef WILD_DECLARED
	ops.caps |= RINGCHECK_CAP_RUNTIME_FAULT_HANDLERS;
#endif
	return &ops;
}
