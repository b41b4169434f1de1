// SPDX-License-Identifier: GPL-2.0-only
/*
 * The perf tool, black-box, on the real kernel: `perf record` with small
 * rings (-m) on workloads whose records are known exactly, its perf.data
 * read back with perf_data.c and checked against what the workload did:
 * every record the kernel wrote is in the file once, with the bytes the
 * workload determined, or is accounted for by a PERF_RECORD_LOST or
 * PERF_RECORD_LOST_SAMPLES count; no duplicates, no record larger than the
 * ring. `perf record --overwrite --switch-output=signal`: every snapshot
 * holds a contiguous run of the newest records, ending at the last one
 * written before the signal.
 *
 * The workloads are this program re-executed by perf (`--workload KIND
 * ...`), pinned to one CPU so that their records come through one ring.
 * RINGCHECK_PERF names the perf binary (default: perf in PATH; make's
 * PERF= sets it, and RINGCHECK_PERF_REQUIRED=1: then a perf that cannot
 * record here fails the tests instead of skipping them); without
 * one, or when the kernel refuses the event, the test is skipped with the
 * reason.
 *
 * Other variables: RINGCHECK_PERF_STRICT=1 makes a known perf defect a
 * failure (else XFAIL naming its finding); RINGCHECK_PERF_KEEP=1 keeps the
 * perf.data files (a failing test keeps them anyway); RINGCHECK_PERF_DOCTOR
 * (perf_data.h, and "more") shows that the checks fail;
 * RINGCHECK_PERF_UNPACED, RINGCHECK_PERF_SIGNAL_ANYTIME and
 * RINGCHECK_PERF_SNAPSHOT_GAP_MS remove the test's precautions.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "perf_data.h"

#define PAGE		4096UL
/* perf's own record after each round of ring reads (tools/perf/util/event.h) */
#define PERF_RECORD_FINISHED_ROUND	68
/* Where the breakpoint workload's watched word lives (mapped fixed). */
#define BP_ADDR		0x200000000000UL
/* A limit against hangs, never a timing assertion. */
#define PERF_TIMEOUT_S	20
#define MAX_SEQ		4096
/* Records between two pauses of a workload (a 1-page ring holds 30-80). */
#define PACE		16

static char self_exe[4096];
static const char *perf_bin;

/* ---- the workloads (run by perf as its child) ---- */

/* Pins the caller to the first CPU it may run on: one ring for its records. */
static void pin_to_one_cpu(void)
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

/* The marker the stack workload keeps on its stack when it faults page i. */
#define STACK_MAGIC	0x5453636b676e6972ULL	/* "ringckST" */
struct stack_marker {
	uint64_t magic, seq, inv;
};

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

/* argv: --workload KIND N AUX_FILE | --workload phases FD FD K... */
static int workload(int argc, char **argv)
{
	const char *kind = argv[2];
	unsigned long n = argc > 3 ? strtoul(argv[3], NULL, 0) : 0, i;
	uint8_t *mem = NULL;
	char name[16];

	if (!strcmp(kind, "faults") || !strcmp(kind, "stack"))
		mem = map_pages(n, 0);

	pin_to_one_cpu();
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

/* ---- running perf ---- */

struct perf_run {
	char	dir[64];
	char	data[128];	/* dir/perf.data */
	char	log[128];	/* perf's stdout and stderr */
	char	aux[128];	/* the workload's output file */
};

static bool find_perf(void)
{
	const char *path = getenv("PATH");
	static char found[4096];
	char *dirs, *d, *save;

	perf_bin = getenv("RINGCHECK_PERF");
	if (perf_bin && *perf_bin)
		return access(perf_bin, X_OK) == 0;
	perf_bin = NULL;
	dirs = strdup(path ? path : "/usr/bin:/bin");
	for (d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		snprintf(found, sizeof(found), "%s/perf", d);
		if (!access(found, X_OK)) {
			perf_bin = found;
			break;
		}
	}
	free(dirs);
	return perf_bin != NULL;
}

static void run_paths(struct perf_run *r)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(r->dir, sizeof(r->dir), "%s/perf-tool-XXXXXX",
		 tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	if (!mkdtemp(r->dir))
		r->dir[0] = 0;
	snprintf(r->data, sizeof(r->data), "%s/perf.data", r->dir);
	snprintf(r->log, sizeof(r->log), "%s/perf.log", r->dir);
	snprintf(r->aux, sizeof(r->aux), "%s/workload.out", r->dir);
}

/* Removes the run's files, unless the test failed or RINGCHECK_PERF_KEEP
 * is set: then they stay for a look, and the test says where. */
#define RUN_CLEANUP(r)							\
	do {								\
		if (!TEST_STILL_PASSING() ||			\
		    getenv("RINGCHECK_PERF_KEEP"))			\
			TH_LOG("perf.data and perf's log kept in %s",	\
			       (r)->dir);				\
		else							\
			remove_dir((r)->dir);				\
	} while (0)

static void remove_dir(const char *dir)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (dir[0] && system(cmd))
		fprintf(stderr, "# could not remove %s\n", dir);
}

/*
 * Starts argv (perf) in its own process group, stdout and stderr to log,
 * or stderr to *err_fd (a pipe) when err_fd is given.
 */
static pid_t spawn(char *const argv[], const char *log, int *err_fd)
{
	int p[2] = { -1, -1 };
	pid_t pid;

	if (err_fd && pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		setpgid(0, 0);
		/* perf does not outlive the test, however the test ends */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (fd < 0)
			_exit(127);
		dup2(fd, 1);
		dup2(err_fd ? p[1] : fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	if (err_fd) {
		close(p[1]);
		*err_fd = p[0];
	}
	return pid;
}

/* The exit status of pid, killing its group after the limit; -1 then. */
static int reap(pid_t pid)
{
	time_t end = time(NULL) + PERF_TIMEOUT_S;
	int st;

	while (waitpid(pid, &st, WNOHANG) == 0) {
		if (time(NULL) > end) {
			kill(-pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -1;
		}
		usleep(10000);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* What perf said (its first non-empty lines, joined), for messages. */
static const char *first_line(const char *path)
{
	static char said[300];
	char line[200];
	size_t n = 0;
	int lines = 0;
	FILE *f = fopen(path, "r");

	said[0] = 0;
	while (f && lines < 3 && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (!line[0] || n >= sizeof(said) - 1)
			continue;
		n += snprintf(said + n, sizeof(said) - n, "%s%s",
			      lines++ ? " / " : "", line);
	}
	if (f)
		fclose(f);
	return said;
}

#define ARGV_MAX	40

/* perf record OPTS... -o DATA -- WORKLOAD...: argv built in a. */
static void record_argv(char **a, const struct perf_run *r,
			const char *const *opts, const char *const *work)
{
	int n = 0;

	a[n++] = (char *)perf_bin;
	a[n++] = "record";
	while (*opts && n < ARGV_MAX - 8)
		a[n++] = (char *)*opts++;
	a[n++] = "-o";
	a[n++] = (char *)r->data;
	a[n++] = "--";
	while (*work && n < ARGV_MAX - 1)
		a[n++] = (char *)*work++;
	a[n] = NULL;
}

/*
 * Whether perf can record with opts here at all (a run on /bin/true): the
 * reason in why when not. A refusal of the real run is a failure then.
 */
static bool perf_can(const char *const *opts, char *why, size_t len)
{
	static const char *const truth[] = { "/bin/true", NULL };
	struct perf_run r;
	char *a[ARGV_MAX];
	int rc;

	if (!perf_bin) {
		snprintf(why, len, "no perf (install linux-perf, or set "
			 "RINGCHECK_PERF)");
		return false;
	}
	run_paths(&r);
	record_argv(a, &r, opts, truth);
	rc = reap(spawn(a, r.log, NULL));
	if (rc)
		snprintf(why, len, "%s record %s ... exits %d here: %s",
			 perf_bin, opts[0], rc, first_line(r.log));
	remove_dir(r.dir);
	return rc == 0;
}

/* A perf the user named (make PERF=, which sets RINGCHECK_PERF_REQUIRED)
 * that cannot record here is a failure: what was asked for did not run. */
#define PERF_OR_SKIP(opts)						\
	do {								\
		char _why[400];						\
		if (perf_can(opts, _why, sizeof(_why)))			\
			break;						\
		if (getenv("RINGCHECK_PERF_REQUIRED")) {		\
			TH_LOG("%s (the perf named by PERF=)", _why);	\
			ASSERT_TRUE(false);				\
		}							\
		SKIP(return, "%s", _why);				\
	} while (0)

/* ---- what a perf.data file holds ---- */

/* What the workload's records were; -1 when a record is not one of them. */
typedef long (*seq_of_fn)(const struct perf_rec *r, void *ctx,
			  char *err, size_t len);

struct tally {
	uint8_t		seen[MAX_SEQ];	/* times each sequence number came */
	long		order[MAX_SEQ];	/* in file order */
	unsigned int	norder;
	unsigned int	dups, unexpected, bad_bytes, out_of_order;
	unsigned int	push_dups;	/* of those, perf_mmap__push's */
	uint64_t	lost, lost_samples;
	uint32_t	largest;	/* the largest kernel record */
	uint64_t	ring_bytes;	/* their total */
	uint64_t	seq_bytes;	/* the workload's records' total */
	unsigned int	synthesized;	/* records perf made up, not counted */
	char		first_err[240];
};

static void note_err(struct tally *t, const char *fmt, const char *what)
{
	if (!t->first_err[0])
		snprintf(t->first_err, sizeof(t->first_err), fmt, what);
}

/*
 * Reads path, giving each record to seq_of; 0, or -1 with the reason in
 * t->first_err when the file itself cannot be read.
 */
static int tally_file(struct tally *t, const char *path, seq_of_fn seq_of,
		      void *ctx, unsigned long n_expected)
{
	struct perf_data pd;
	struct perf_rec r;
	bool timed, round_ended = false;
	uint64_t off = 0;
	int got;

	memset(t, 0, sizeof(*t));
	if (perf_data_load(&pd, path)) {
		note_err(t, "%s", pd.why);
		perf_data_free(&pd);
		return -1;
	}
	timed = pd.attrs[0].sample_type & PERF_SAMPLE_TIME;
	while ((got = perf_data_next(&pd, &off, &r)) == 1) {
		const struct perf_event_header *h = r.hdr;
		char err[200] = "";
		long s;

		if (h->type == PERF_RECORD_FINISHED_ROUND)
			round_ended = true;
		if (h->type >= PERF_RECORD_MAX)
			continue;	/* written by perf, not the kernel */
		if (h->size > t->largest)
			t->largest = h->size;
		if (h->type == PERF_RECORD_LOST)
			t->lost += ((const uint64_t *)(h + 1))[1];
		if (h->type == PERF_RECORD_LOST_SAMPLES)
			t->lost_samples += ((const uint64_t *)(h + 1))[0];
		/*
		 * perf's synthesized records (the state it reads from /proc,
		 * e.g. the workload's COMM when it switches output files)
		 * have an all-zero sample_id: not records of the ring.
		 */
		if (timed && !r.time) {
			t->synthesized++;
			continue;
		}
		t->ring_bytes += h->size;
		s = seq_of(&r, ctx, err, sizeof(err));
		if (err[0]) {
			t->bad_bytes++;
			note_err(t, "%s", err);
		}
		if (s < 0)
			continue;
		if (s >= (long)n_expected || s >= MAX_SEQ) {
			t->unexpected++;
			note_err(t, "a record with sequence number %s that "
				 "the workload never made", "past the last");
			continue;
		}
		if (t->seen[s]++) {
			char what[200];

			/* the signature of perf_mmap__push's two heads */
			snprintf(what, sizeof(what), "%ld delivered twice%s", s,
				 t->norder && t->order[t->norder - 1] == s &&
				 round_ended ? ", as the last record of one "
				 "round and the first of the next: perf_mmap__"
				 "push's prev = the head read before read_init's "
				 "(findings/41-perf-record-push-duplicate.md)" : "");
			t->dups++;
			t->push_dups += what[strcspn(what, ",")] != 0;
			note_err(t, "record %s", what);
		}
		round_ended = false;
		if (t->norder && s <= t->order[t->norder - 1])
			t->out_of_order++;
		t->order[t->norder++] = s;
		t->seq_bytes += h->size;
	}
	if (got < 0)
		note_err(t, "%s", pd.why);
	perf_data_free(&pd);
	return got < 0 ? -1 : 0;
}

/*
 * The records lost: perf's PERF_RECORD_LOST_SAMPLES holds the event's
 * count of every record the kernel could not write (the read_format LOST
 * count), the kernel's PERF_RECORD_LOST those of one ring, reported at its
 * next write: with one event, the first covers the second.
 */
static uint64_t lost_count(const struct tally *t)
{
	return t->lost > t->lost_samples ? t->lost : t->lost_samples;
}

static unsigned int missing(const struct tally *t, unsigned long lo,
			    unsigned long hi)
{
	unsigned int m = 0;

	for (; lo <= hi && lo < MAX_SEQ; lo++)
		m += !t->seen[lo];
	return m;
}

/*
 * A known perf defect, met: the test ends as XFAIL with the finding named
 * (kselftest's "ok ... # XFAIL", counted apart from passes), unless
 * RINGCHECK_PERF_STRICT=1 makes it a failure. The harness of Linux 6.1
 * (no <ctype.h> yet, no XFAIL) gets a SKIP naming the defect instead.
 */
#ifdef _CTYPE_H
#define TEST_STILL_PASSING()	__test_passed(_metadata)
#define KNOWN_PERF_DEFECT(statement, fmt, ...)				\
	do {								\
		snprintf(_metadata->results->reason,			\
			 sizeof(_metadata->results->reason), fmt,	\
			 ##__VA_ARGS__);				\
		TH_LOG("known perf defect: %s",				\
		       _metadata->results->reason);			\
		_metadata->exit_code = KSFT_XFAIL;			\
		statement;						\
	} while (0)
#else
#define TEST_STILL_PASSING()	(_metadata->passed)
#define KNOWN_PERF_DEFECT(statement, fmt, ...)				\
	SKIP(statement, "known perf defect: " fmt, ##__VA_ARGS__)
#endif

static bool strict(void)
{
	const char *s = getenv("RINGCHECK_PERF_STRICT");

	return s && *s && strcmp(s, "0");
}

/*
 * The forward-ring verdict: sequence numbers 0..n-1 each once, in order,
 * the missing ones no more than the kernel's and perf's lost counts; no
 * kernel record larger than the ring. Duplicates with the signature of
 * perf_mmap__push's defect are that known defect (unless strict); any
 * other is a failure. A doctored expectation (RINGCHECK_PERF_DOCTOR=more)
 * expects one record more.
 */
#define EXPECT_EXACT(t, n, ring)					\
	do {								\
		const char *_d = getenv("RINGCHECK_PERF_DOCTOR");	\
		unsigned long _n = (n) + (_d && !strcmp(_d, "more"));	\
		unsigned int _m = missing(t, 0, _n - 1);		\
		unsigned int _known = strict() ? 0 : (t)->push_dups;	\
		TH_LOG("%u of %lu records, lost %llu + lost samples "	\
		       "%llu, largest record %u", (t)->norder, _n,	\
		       (unsigned long long)(t)->lost,			\
		       (unsigned long long)(t)->lost_samples,		\
		       (t)->largest);					\
		EXPECT_EQ(_known, (t)->dups) TH_LOG("%s", (t)->first_err);\
		EXPECT_EQ(0, (t)->unexpected) TH_LOG("%s", (t)->first_err);\
		EXPECT_EQ(0, (t)->bad_bytes) TH_LOG("%s", (t)->first_err);\
		EXPECT_EQ(_known, (t)->out_of_order)			\
			TH_LOG("records of one ring out of order");	\
		EXPECT_GE(lost_count(t), _m)				\
			TH_LOG("%u records missing, not accounted for by "\
			       "a LOST record", _m);			\
		EXPECT_GE(ring, (t)->largest)				\
			TH_LOG("a record larger than the ring");	\
		if (_known && TEST_STILL_PASSING())			\
			KNOWN_PERF_DEFECT(break, "perf wrote %u record(s) "\
				"twice at the end of one round of reads and "\
				"the start of the next (findings/41-perf-record-"\
				"push-duplicate.md)", _known);		\
	} while (0)

/* ---- the record decoders of each workload ---- */

struct region {
	uint64_t	base;
	unsigned long	pages;
	pid_t		pid;
};

static int read_region(struct region *g, const char *path)
{
	FILE *f = fopen(path, "r");
	void *p = NULL;
	int ok = f && fscanf(f, "%d %p", &g->pid, &p) == 2;

	if (f)
		fclose(f);
	g->base = (uintptr_t)p;
	return ok ? 0 : -1;
}

static long fault_seq(const struct perf_rec *r, void *ctx, char *err,
		      size_t len)
{
	const struct region *g = ctx;
	uint64_t s;

	if (r->hdr->type != PERF_RECORD_SAMPLE || r->addr < g->base ||
	    r->addr >= g->base + g->pages * PAGE)
		return -1;
	s = (r->addr - g->base) / PAGE;
	if (r->addr != g->base + s * PAGE + 8)
		snprintf(err, len, "sample address %#llx: the workload wrote "
			 "%#llx", (unsigned long long)r->addr,
			 (unsigned long long)(g->base + s * PAGE + 8));
	if (r->pid != (uint32_t)g->pid || r->tid != (uint32_t)g->pid)
		snprintf(err, len, "sample of page %llu with pid/tid %u/%u, "
			 "workload %d", (unsigned long long)s, r->pid, r->tid,
			 g->pid);
	return s;
}

static long stack_seq(const struct perf_rec *r, void *ctx, char *err,
		      size_t len)
{
	struct stack_marker m;
	long s = fault_seq(r, ctx, err, len);
	uint64_t i;

	if (s < 0 || err[0])
		return s;
	m.magic = STACK_MAGIC;
	m.seq = s;
	m.inv = ~(uint64_t)s;
	if (!r->stack || !r->stack_dyn) {
		snprintf(err, len, "sample of page %ld without a user stack", s);
		return s;
	}
	for (i = 0; i + sizeof(m) <= r->stack_dyn; i += 8)
		if (!memcmp(r->stack + i, &m, sizeof(m)))
			return s;
	snprintf(err, len, "the user stack of page %ld's sample (%llu of %llu "
		 "bytes) lacks the workload's marker", s,
		 (unsigned long long)r->stack_dyn,
		 (unsigned long long)r->stack_size);
	return s;
}

/* COMM rc%08u of the workload: checked byte for byte, padding included. */
static long comm_seq(const struct perf_rec *r, void *ctx, char *err,
		     size_t len)
{
	const struct region *g = ctx;
	const uint32_t *pt = (const void *)(r->hdr + 1);
	const char *name = (const char *)(pt + 2);
	char want[16];
	unsigned long s;
	size_t i;

	if (r->hdr->type != PERF_RECORD_COMM || pt[0] != (uint32_t)g->pid ||
	    strncmp(name, "rc", 2) || r->hdr->size < 8 + 8 + 16)
		return -1;
	s = strtoul(name + 2, NULL, 10);
	snprintf(want, sizeof(want), "rc%08lu", s);
	/* name, NUL, zero padding to 8 bytes: 16 bytes for rc%08u */
	for (i = 0; i < 16; i++)
		if (name[i] != (i < 10 ? want[i] : 0))
			snprintf(err, len, "COMM \"%.16s\": byte %zu is %#x, "
				 "not %#x", name, i, name[i] & 0xff,
				 i < 10 ? want[i] : 0);
	if (pt[1] != (uint32_t)g->pid)
		snprintf(err, len, "COMM %s with tid %u, workload %d",
			 want, pt[1], g->pid);
	return s;
}

static long bp_seq(const struct perf_rec *r, void *ctx, char *err,
		   size_t len)
{
	const struct region *g = ctx;

	if (r->hdr->type != PERF_RECORD_SAMPLE || r->pid != (uint32_t)g->pid)
		return -1;
	if (!r->regs_abi || !r->regs) {
		snprintf(err, len, "breakpoint sample without user registers");
		return -1;
	}
	return r->regs[0];	/* ax: the value the workload wrote */
}

/* ---- the tests ---- */

/* Runs perf record with opts on the workload; perf's exit status. */
static int record(struct perf_run *r, const char *const *opts,
		  const char *const *work)
{
	char *a[ARGV_MAX];

	record_argv(a, r, opts, work);
	return reap(spawn(a, r->log, NULL));
}

static void faults_case(struct __test_metadata *_metadata,
			const char *ring_pages, unsigned long pages,
			bool with_stack, const char *stack_size)
{
	char n[16], cg[32];
	const char *opts[] = { "--no-bpf-event", "-e", "page-faults",
			       "-c", "1", "-d", "-m", ring_pages,
			       with_stack ? "--call-graph" : NULL, cg, NULL };
	struct perf_run r;
	struct region g = { .pages = pages };
	struct tally t;
	int rc;

	snprintf(cg, sizeof(cg), "dwarf,%s", stack_size);
	PERF_OR_SKIP(opts);
	run_paths(&r);
	snprintf(n, sizeof(n), "%lu", pages);
	{
		const char *work[] = { self_exe, "--workload", with_stack ?
				       "stack" : "faults", n, r.aux, NULL };

		rc = record(&r, opts, work);
	}
	ASSERT_EQ(0, rc) TH_LOG("perf record: %s", first_line(r.log));
	ASSERT_EQ(0, read_region(&g, r.aux)) TH_LOG("no pid from the workload");
	ASSERT_EQ(0, tally_file(&t, r.data, with_stack ? stack_seq : fault_seq,
				&g, pages)) TH_LOG("%s", t.first_err);
	EXPECT_EXACT(&t, pages, strtoul(ring_pages, NULL, 0) * PAGE);
	RUN_CLEANUP(&r);
}

/* One sample per faulting page, its address exact, through a 1-page ring. */
TEST(page_faults_one_page_ring)
{
	faults_case(_metadata, "1", 1024, false, NULL);
}

/* STACK_USER samples of 8 KiB through a 16 KiB ring: most wrap it. */
TEST(stack_user_8k_wraps)
{
	faults_case(_metadata, "4", 64, true, "8192");
}

/* STACK_USER samples of 64 KiB (the largest) through a 128 KiB ring. */
TEST(stack_user_64k_wraps)
{
	faults_case(_metadata, "32", 32, true, "65528");
}

/* COMM renames rc00000000... through a 1-page ring. */
TEST(comm_renames_one_page_ring)
{
	const char *opts[] = { "--no-bpf-event", "-e", "dummy", "-T",
			       "-m", "1", NULL };
	const char *work[] = { self_exe, "--workload", "comm", "3000", NULL, NULL };
	struct region g = { 0 };
	struct perf_run r;
	struct tally t;

	PERF_OR_SKIP(opts);
	run_paths(&r);
	work[4] = r.aux;
	ASSERT_EQ(0, record(&r, opts, work))
		TH_LOG("perf record: %s", first_line(r.log));
	ASSERT_EQ(0, read_region(&g, r.aux)) TH_LOG("no pid from the workload");
	ASSERT_EQ(0, tally_file(&t, r.data, comm_seq, &g, 3000))
		TH_LOG("%s", t.first_err);
	EXPECT_EXACT(&t, 3000, PAGE);
	RUN_CLEANUP(&r);
}

/* Hardware breakpoint writes: the value written, in ax, numbers them. */
TEST(breakpoint_writes_one_page_ring)
{
#ifdef __x86_64__
	char ev[64];
	const char *opts[] = { "--no-bpf-event", "-e", ev, "-c", "1",
			       "--user-regs=ax", "-m", "1", NULL };
	const char *work[] = { self_exe, "--workload", "bp", "2000", NULL, NULL };
	struct region g = { 0 };
	struct perf_run r;
	struct tally t;

	snprintf(ev, sizeof(ev), "mem:%#lx/8:w", BP_ADDR);
	PERF_OR_SKIP(opts);
	run_paths(&r);
	work[4] = r.aux;
	ASSERT_EQ(0, record(&r, opts, work))
		TH_LOG("perf record: %s", first_line(r.log));
	ASSERT_EQ(0, read_region(&g, r.aux)) TH_LOG("no pid from the workload");
	ASSERT_EQ(0, tally_file(&t, r.data, bp_seq, &g, 2000))
		TH_LOG("%s", t.first_err);
	EXPECT_EXACT(&t, 2000, PAGE);
	RUN_CLEANUP(&r);
#else
	SKIP(return, "the breakpoint workload numbers its writes in x86-64's ax");
#endif
}

/* ---- the flight recorder: perf record --overwrite --switch-output ---- */

/* Waits for perf's "[ perf record: Dump FILE ]" on its stderr; 0 with
 * FILE in name, -1 at its end or after the limit. */
static int wait_dump(int fd, char *name, size_t len, time_t end)
{
	static char buf[8192];
	static size_t have;

	for (;;) {
		char *nl, *d;
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t n;

		while ((nl = memchr(buf, '\n', have))) {
			*nl = 0;
			d = strstr(buf, "[ perf record: Dump ");
			if (d) {
				d += strlen("[ perf record: Dump ");
				d[strcspn(d, " ")] = 0;
				snprintf(name, len, "%s", d);
			} else if (buf[0]) {
				fprintf(stderr, "# perf: %s\n", buf);
			}
			have -= nl + 1 - buf;
			memmove(buf, nl + 1, have);
			if (d)
				return 0;
		}
		if (time(NULL) > end || poll(&p, 1, 1000) < 0)
			return -1;
		if (!p.revents)
			continue;
		n = read(fd, buf + have, sizeof(buf) - 1 - have);
		if (n <= 0)
			return -1;
		have += n;
	}
}

static bool wait_readable(int fd, time_t end)
{
	struct pollfd p = { fd, POLLIN, 0 };
	time_t now = time(NULL);

	return now < end && poll(&p, 1, (end - now) * 1000) == 1;
}

/*
 * One snapshot: the workload's names first..last were written since the
 * previous one. It must hold a contiguous run ending at last, each once,
 * nothing older than first; shorter than first..last only when the ring
 * was full (one more record would not have fitted).
 */
static void check_snapshot(struct __test_metadata *_metadata,
			   const char *file, const struct region *g,
			   long first, long last, unsigned long total)
{
	struct tally t;
	long lo = -1, hi = -1, i;

	ASSERT_EQ(0, tally_file(&t, file, comm_seq, (void *)g, total))
		TH_LOG("%s: %s", file, t.first_err);
	for (i = 0; i < (long)total && i < MAX_SEQ; i++) {
		if (!t.seen[i])
			continue;
		hi = i;
		if (lo < 0)
			lo = i;
	}
	TH_LOG("%s: names %ld..%ld written, %ld..%ld held (%u records, "
	       "%llu bytes; %llu bytes of all rings, %u synthesized records), "
	       "lost %llu", strrchr(file, '/') + 1, first, last, lo, hi,
	       t.norder, (unsigned long long)t.seq_bytes,
	       (unsigned long long)t.ring_bytes, t.synthesized,
	       (unsigned long long)lost_count(&t));
	EXPECT_EQ(0, t.dups) TH_LOG("%s", t.first_err);
	EXPECT_EQ(0, t.unexpected) TH_LOG("%s", t.first_err);
	EXPECT_EQ(0, t.bad_bytes) TH_LOG("%s", t.first_err);
	if (last < first) {
		EXPECT_EQ(0, t.norder) TH_LOG("records written before the "
					      "previous snapshot, again");
		return;
	}
	EXPECT_EQ(last, hi) TH_LOG("the snapshot does not end at the newest "
				   "record written before the signal");
	if (lo < 0)
		return;
	EXPECT_GE(lo, first) TH_LOG("a record of an earlier snapshot again");
	EXPECT_EQ(0, missing(&t, lo, hi)) TH_LOG("a gap in the run");
	/* the workload's records all go through one ring (it is pinned) */
	EXPECT_GE(PAGE, t.seq_bytes) TH_LOG("more than the ring holds");
	if (lo > first)
		EXPECT_GT(t.seq_bytes + t.seq_bytes / t.norder, PAGE)
			TH_LOG("record %ld would have fitted in the ring", lo - 1);
}

/*
 * Whether perf's main thread sleeps in poll(): perf checks for SIGUSR2's
 * trigger and then polls with no timeout, so a signal between the two is
 * not acted upon until the ring wakes perf up again, never when the target
 * is quiet (findings/42-perf-switch-output-signal-race.md). The test signals
 * a sleeping perf, unless RINGCHECK_PERF_SIGNAL_ANYTIME=1 (the finding's
 * reproducer).
 */
static bool perf_sleeps_in_poll(pid_t perf, time_t deadline)
{
	char path[64], wchan[64];
	struct timespec ms = { 0, 1000000 };

	if (getenv("RINGCHECK_PERF_SIGNAL_ANYTIME"))
		return true;
	snprintf(path, sizeof(path), "/proc/%d/wchan", perf);
	while (time(NULL) <= deadline) {
		FILE *f = fopen(path, "r");
		bool in_poll = false;

		if (!f)
			return false;
		if (fgets(wchan, sizeof(wchan), f))
			in_poll = strstr(wchan, "poll") != NULL;
		fclose(f);
		if (in_poll)
			return true;
		nanosleep(&ms, NULL);
	}
	return false;
}

#define NPHASES	4

/* perf and the pipes to the workload, ended by the teardown whatever
 * happened to the test. */
FIXTURE(flight_recorder) {
	pid_t		perf;
	int		err, ready, go;
	struct perf_run	r;
};

FIXTURE_SETUP(flight_recorder)
{
	self->perf = 0;
	self->err = self->ready = self->go = -1;
}

FIXTURE_TEARDOWN(flight_recorder)
{
	if (self->perf > 0) {
		kill(-self->perf, SIGKILL);
		waitpid(self->perf, NULL, 0);
	}
	close(self->err);
	close(self->ready);
	close(self->go);
}

/* Snapshots on SIGUSR2 of a 1-page backward ring, after runs of renames
 * longer and shorter than the ring holds. */
TEST_F(flight_recorder, overwrite_switch_output_snapshots)
{
	static const char *const phases[NPHASES] = { "300", "40", "500", "7" };
	const char *opts[] = { "--no-bpf-event", "-e", "dummy", "-T", "-m",
			       "1", "--overwrite",
			       "--switch-output=signal", NULL };
	char rfd[16], gfd[16], files[NPHASES + 1][160], *a[ARGV_MAX];
	const char *work[6 + NPHASES] = { self_exe, "--workload", "phases",
					  rfd, gfd };
	long first[NPHASES + 1], last[NPHASES + 1], seq = 0;
	struct timespec apart = { 0, 20000000 };
	/* the whole test within the harness's 30 s */
	time_t deadline = time(NULL) + 25;
	struct perf_run *r = &self->r;
	struct region g = { 0 };
	int ready[2], go[2], p, rc;

	PERF_OR_SKIP(opts);
	if (getenv("RINGCHECK_PERF_SNAPSHOT_GAP_MS"))
		apart.tv_nsec = 1000000 *
			atol(getenv("RINGCHECK_PERF_SNAPSHOT_GAP_MS")) % 1000000000;
	/* only the workload's ends cross exec: when the test ends, the
	 * workload reads the end of its pipe and exits */
	ASSERT_EQ(0, pipe2(ready, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
	ASSERT_EQ(0, fcntl(ready[1], F_SETFD, 0));
	ASSERT_EQ(0, fcntl(go[0], F_SETFD, 0));
	self->ready = ready[0];
	self->go = go[1];
	snprintf(rfd, sizeof(rfd), "%d", ready[1]);
	snprintf(gfd, sizeof(gfd), "%d", go[0]);
	for (p = 0; p < NPHASES; p++)
		work[5 + p] = phases[p];
	run_paths(r);
	record_argv(a, r, opts, work);
	self->perf = spawn(a, r->log, &self->err);
	ASSERT_LT(0, self->perf);
	close(ready[1]);
	close(go[0]);
	memset(files, 0, sizeof(files));
	for (p = 0; p < NPHASES; p++) {
		ASSERT_TRUE(wait_readable(ready[0], deadline))
			TH_LOG("the workload did not get to phase %d", p);
		ASSERT_EQ(sizeof(g.pid), read(ready[0], &g.pid, sizeof(g.pid)));
		first[p] = seq;
		seq += strtol(phases[p], NULL, 0);
		last[p] = seq - 1;
		ASSERT_TRUE(perf_sleeps_in_poll(self->perf, deadline))
			TH_LOG("perf never waited in poll()");
		ASSERT_EQ(0, kill(self->perf, SIGUSR2));
		ASSERT_EQ(0, wait_dump(self->err, files[p], sizeof(files[p]),
				       deadline))
			TH_LOG("no snapshot from perf after SIGUSR2 (phase %d): "
			       "perf's signal race, findings/"
			       "42-perf-switch-output-signal-race.md", p);
		/*
		 * perf names a snapshot by the 1/100 s and renames over an
		 * older one of the same name (findings/
		 * 43-perf-switch-output-same-name.md): snapshots 20 ms apart,
		 * RINGCHECK_PERF_SNAPSHOT_GAP_MS=0 to show it.
		 */
		nanosleep(&apart, NULL);
		ASSERT_EQ(1, write(go[1], "g", 1));
	}
	/* at the exit, the rest: nothing was written since */
	first[p] = seq;
	last[p] = seq - 1;
	if (wait_dump(self->err, files[p], sizeof(files[p]), deadline))
		files[p][0] = 0;
	rc = reap(self->perf);
	self->perf = 0;
	ASSERT_EQ(0, rc) TH_LOG("perf record exits %d", rc);
	for (p = 1; p <= NPHASES; p++)
		EXPECT_NE(0, strcmp(files[p - 1], files[p]))
			TH_LOG("perf wrote two snapshots as %s: the first is "
			       "lost (renamed over)", files[p]);
	for (p = 0; p <= NPHASES; p++)
		if (files[p][0])
			check_snapshot(_metadata, files[p], &g, first[p],
				       last[p], seq);
	RUN_CLEANUP(r);
}

int main(int argc, char **argv)
{
	ssize_t n;

	if (argc > 2 && !strcmp(argv[1], "--workload"))
		return workload(argc, argv);
	n = readlink("/proc/self/exe", self_exe, sizeof(self_exe) - 1);
	if (n <= 0) {
		perror("readlink /proc/self/exe");
		return 2;
	}
	self_exe[n] = 0;
	if (!find_perf() && getenv("RINGCHECK_PERF") && *getenv("RINGCHECK_PERF")) {
		/* asked for, and missing: an error, not a skip */
		fprintf(stderr, "perf_tool_test: RINGCHECK_PERF=%s: not an "
			"executable\n", getenv("RINGCHECK_PERF"));
		return 2;
	}
	return test_harness_run(argc, argv);
}
