// SPDX-License-Identifier: GPL-2.0-only
/* The perf tool tests' workloads (see perf_workload.h). */
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "perf_run.h"
#include "perf_workload.h"

void pin_to_one_cpu(void)
{
	cpu_set_t set;
	int c;

	if (sched_getaffinity(0, sizeof(set), &set))
		return;
	for (c = 0; c < CPU_SETSIZE && !CPU_ISSET(c, &set); c++)
		;
	CPU_ZERO(&set);
	CPU_SET(c, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* The fault, in a frame below the caller's (whose marker is then above the
 * sp, not in a red zone the stack dump does not cover). */
static void __attribute__((noinline)) fault_page(volatile uint8_t *p,
						 volatile void *marker)
{
	asm volatile("" : : "r"(marker) : "memory");
	p[8] = 1;
}

static void __attribute__((noinline)) touch_marked(volatile uint8_t *p,
						   uint64_t seq)
{
	volatile struct stack_marker m = { STACK_MAGIC, seq, ~seq };

	fault_page(p, &m);
}

/*
 * Gives perf time to drain the ring every `every` records: fewer records
 * lost, so that more of them are checked (losses stay accounted for).
 */
static void pace(unsigned long i, unsigned long every)
{
	struct timespec ms = { 0, 1000000 };

	/* RINGCHECK_PERF_UNPACED=1: as fast as it goes (more loss, and more
	 * reads of perf racing the writer) */
	if (getenv("RINGCHECK_PERF_UNPACED"))
		return;
	if (every && i % every == every - 1)
		nanosleep(&ms, NULL);
}

static uint8_t *map_pages(unsigned long n, unsigned long at)
{
	void *p = mmap((void *)at, n * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS |
		       (at ? MAP_FIXED_NOREPLACE : 0), -1, 0);

	if (p == MAP_FAILED || (at && p != (void *)at)) {
		perror("workload: mmap");
		exit(3);
	}
	return p;
}

/* The parent learns the workload's pid and where its pages are. */
static int tell_parent(const char *path, const void *mem)
{
	FILE *f = path ? fopen(path, "w") : NULL;

	return !f || fprintf(f, "%d %p\n", getpid(), mem) < 0 || fclose(f);
}

/* Waits for the test's go (a byte on fd); false when the test is gone. */
static bool wait_go(int ready, int go)
{
	pid_t me = getpid();
	char c;

	return write(ready, &me, sizeof(me)) == sizeof(me) &&
	       read(go, &c, 1) == 1;
}

static void pause_ms(long ms)
{
	struct timespec t = { ms / 1000, ms % 1000 * 1000000 };

	nanosleep(&t, NULL);
}

/*
 * The records of perf's live consumers (trace, top, the Python binding):
 * numbered 1..N in a burst that overflows a small ring, a pause for the
 * reader to drain it, then record N+1, which brings the kernel's LOST
 * count of the burst with it (the kernel reports a loss at its next
 * write). lseek offsets (the syscalls:sys_enter_lseek tracepoint) or COMM
 * names rc%08lu.
 *   seeker N AUX:	lseek 1..N, 200 ms, lseek N+1 (perf trace runs it)
 *   pump N READY GO:	after go, lseek 1..N, 200 ms, then N+PUMP_GAP,
 *			N+PUMP_GAP+1, ... every 50 ms until GO's end (perf
 *			top -p watches it)
 *   renames N READY GO: after go, rename 1..N, 200 ms, rename N+1
 */
/* Record number i of a numbered workload: a rename, or a seek on fd. */
static void numbered_record(const char *kind, int fd, unsigned long i)
{
	char name[24];

	if (kind[0] == 'r') {
		snprintf(name, sizeof(name), "rc%08lu", i);
		prctl(PR_SET_NAME, name);
	} else {
		lseek(fd, i, SEEK_SET);
	}
}

static int numbered_workload(const char *kind, int argc, char **argv)
{
	unsigned long n = strtoul(argv[3], NULL, 0), i;
	int fd = open("/dev/null", O_RDONLY);

	/* seeks on a descriptor of its own number: a runtime in the
	 * process (a sanitizer's) seeks too, on others */
	if (fd >= 0 && fd != WORKLOAD_SEEK_FD &&
	    dup2(fd, WORKLOAD_SEEK_FD) == WORKLOAD_SEEK_FD) {
		close(fd);
		fd = WORKLOAD_SEEK_FD;
	}
	if (fd < 0 || argc < 5)
		return 3;
	if (!strcmp(kind, "seeker")) {
		if (tell_parent(argv[4], NULL))
			return 3;
	} else if (argc < 6 || !wait_go(atoi(argv[4]), atoi(argv[5]))) {
		return 3;
	}
	/* a planted fault, to show that the tests catch a record that is
	 * none of those they expect: first, so that the ring has room */
	if (getenv("RINGCHECK_PERF_PLANT_STRAY"))
		numbered_record(kind, fd, n + PUMP_GAP / 2);
	for (i = 1; i <= n; i++)
		numbered_record(kind, fd, i);
	pause_ms(200);
	if (strcmp(kind, "pump")) {
		numbered_record(kind, fd, n + 1);
		return 0;
	}
	/* the pump, from N + PUMP_GAP (apart from the burst's numbers):
	 * until the test closes GO, at most 30 s */
	for (i = n + PUMP_GAP; i < n + PUMP_GAP + PUMP_MAX; i++) {
		struct pollfd p = { atoi(argv[5]), POLLIN, 0 };

		numbered_record(kind, fd, i);
		if (poll(&p, 1, 50) == 1)
			break;
	}
	return 0;
}

/*
 * Execs of this program under a short and a long path, for records of
 * sched_process_exec whose size the path sets:
 *   execs SHORT LONG READY GO:	after go, exec SHORT, which execs LONG,
 *				which execs SHORT, which exits
 *   exec-chain STEP SHORT LONG: one link of that chain
 */
static int exec_workload(const char *kind, int argc, char **argv)
{
	const char *shrt = argv[3], *lng = argc > 4 ? argv[4] : "";
	char step[12];
	int next;

	if (!strcmp(kind, "execs")) {
		if (argc < 7 || !wait_go(atoi(argv[5]), atoi(argv[6])))
			return 3;
		next = 1;
	} else {
		/* exec-chain STEP SHORT LONG */
		if (argc < 6)
			return 3;
		next = atoi(argv[3]) + 1;
		shrt = argv[4];
		lng = argv[5];
	}
	if (next > 3)
		return 0;
	snprintf(step, sizeof(step), "%d", next);
	{
		const char *path = next == 2 ? lng : shrt;
		char *const a[] = { (char *)path, "--workload", "exec-chain",
				    step, (char *)shrt, (char *)lng, NULL };

		execv(path, a);
	}
	perror("workload: execv");
	return 3;
}

/* argv: --workload KIND N AUX_FILE | --workload phases FD FD K... */
int workload(int argc, char **argv)
{
	const char *kind = argv[2];
	unsigned long n = argc > 3 ? strtoul(argv[3], NULL, 0) : 0, i;
	uint8_t *mem = NULL;
	/* room for any number; the kernel keeps the first 15 bytes */
	char name[24];

	if (!strcmp(kind, "faults") || !strcmp(kind, "stack"))
		mem = map_pages(n, 0);

	pin_to_one_cpu();
	if (!strcmp(kind, "seeker") || !strcmp(kind, "pump") ||
	    !strcmp(kind, "renames"))
		return numbered_workload(kind, argc, argv);
	if (!strcmp(kind, "execs") || !strcmp(kind, "exec-chain"))
		return exec_workload(kind, argc, argv);
	if (strcmp(kind, "phases") && tell_parent(argc > 4 ? argv[4] : NULL,
						  mem))
		return 3;
	if (!strcmp(kind, "faults") || !strcmp(kind, "stack")) {
		for (i = 0; i < n; i++) {
			if (kind[0] == 's')
				touch_marked(mem + i * PAGE, i);
			else
				mem[i * PAGE + 8] = 1;
			pace(i, kind[0] == 's' ? 1 : PACE);
		}
		return 0;
	}
	if (!strcmp(kind, "comm")) {
		for (i = 0; i < n; i++) {
			snprintf(name, sizeof(name), "rc%08lu", i);
			prctl(PR_SET_NAME, name);
			pace(i, PACE);
		}
		return 0;
	}
#ifdef __x86_64__
	if (!strcmp(kind, "bp")) {
		uint8_t *w = map_pages(1, BP_ADDR);

		/* the value written is in ax when the breakpoint traps */
		for (i = 0; i < n; i++) {
			asm volatile("movq %%rax, (%1)"
				     : : "a"(i), "r"(w) : "memory");
			pace(i, PACE);
		}
		return 0;
	}
#endif
	if (!strcmp(kind, "phases")) {
		/* phases READY_FD GO_FD K1 K2 ...: K renames, then a pause */
		int ready = atoi(argv[3]), go = atoi(argv[4]), p;
		pid_t me = getpid();
		unsigned long seq = 0, k;
		char c;

		for (p = 5; p < argc; p++) {
			for (k = strtoul(argv[p], NULL, 0); k; k--) {
				snprintf(name, sizeof(name), "rc%08lu", seq++);
				prctl(PR_SET_NAME, name);
			}
			if (write(ready, &me, sizeof(me)) != sizeof(me) ||
			    read(go, &c, 1) != 1)
				return 3;
		}
		return 0;
	}
	fprintf(stderr, "workload: unknown kind %s\n", kind);
	return 2;
}
