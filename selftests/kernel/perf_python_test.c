// SPDX-License-Identifier: GPL-2.0-only
/*
 * perf's Python binding (the `perf` module linux-perf ships, from
 * tools/perf/util/python.c), black-box, on the real kernel: a reader
 * written with the binding's own loop (perf_python_reader.h: poll, then
 * read_on_cpu until it returns None) reads the records of a workload
 * the test knows exactly.
 *
 * python_comm_one_page_ring: COMM renames rc00000001..N in a burst a
 * 1-page ring cannot hold, a pause, and rename N+1 (perf_workload.c's
 * renames): names ascending, each once, every gap exactly the LOST read
 * in it, delivered + lost = N.
 *
 * python_sample_larger_than_event: read_on_cpu copies each record into a
 * `union perf_event` (4168 bytes in 6.1): a record larger than that is
 * one the binding cannot return. Three sched_process_exec samples (a
 * short path, a path of 4089 bytes, a short path) through a 16 KiB ring,
 * every sample field on: all three should come back, and the third must
 * come (a reader that neither consumes the large one nor moves past it
 * stalls on it for good: issue 25's guess). perf 6.1 and 7.2 raise on the
 * large one and drop it (findings/50): XFAIL naming it, unless strict.
 *
 * RINGCHECK_PYTHON names the interpreter (default /usr/bin/python3, where
 * Debian installs the module); no interpreter or no module is a SKIP
 * with the reason. RINGCHECK_PERF_DOCTOR (perf_transcript.h, and "more")
 * and RINGCHECK_PERF_PLANT_STRAY=1 (the workload adds a record the test
 * does not expect) show that the checks fail; RINGCHECK_PERF_STRICT=1
 * makes a known defect a failure.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "perf_python_reader.h"
#include "perf_run.h"
#include "perf_tool_harness.h"
#include "perf_transcript.h"

#define RENAMES		1000
#define EXEC_TP		"sched/sched_process_exec"

static const char *python(void)
{
	const char *p = getenv("RINGCHECK_PYTHON");

	return p && *p ? p : "/usr/bin/python3";
}

/* Whether the interpreter imports perf; the reason in why when not. */
static bool python_can(const char *mode, char *why, size_t len)
{
	char *a[] = { (char *)python(), "-c", "import perf", NULL };
	struct perf_run r;
	int rc;

	if (access(python(), X_OK)) {
		snprintf(why, len, "no %s (RINGCHECK_PYTHON names another)",
			 python());
		return false;
	}
	run_paths(&r);
	rc = reap(spawn(a, r.log, NULL));
	if (rc)
		snprintf(why, len, "%s cannot import perf for the %s test: "
			 "no Python binding of perf here (bookworm's and sid's "
			 "linux-perf ship one, bullseye's does not)", python(),
			 mode);
	remove_dir(r.dir);
	return rc == 0;
}

/*
 * The binding of the perf under test: with a perf named (RINGCHECK_PERF),
 * the one its build made beside it (DIR/python/perf*.so) when there is
 * one, else the interpreter's own. A perf the user named (make PERF=)
 * that cannot record fails the test: the binding belongs to that perf.
 * 0, or -1 with the reason in why.
 */
static int pick_binding(char *why, size_t len)
{
	static const char *const opts[] = { "record", "-e", "dummy", "-o",
					    NULL };
	char dir[4200], *a[8];
	struct perf_run r;
	int n = 0, rc;

	if (!perf_required())
		return 0;
	snprintf(dir, sizeof(dir), "%s", perf_bin);
	if (strrchr(dir, '/')) {
		strcpy(strrchr(dir, '/'), "/python");
		if (!access(dir, F_OK))
			setenv("PYTHONPATH", dir, 1);
	}
	run_paths(&r);
	a[n++] = (char *)perf_bin;
	for (const char *const *o = opts; *o; o++)
		a[n++] = (char *)*o;
	a[n++] = r.data;
	a[n++] = "/bin/true";
	a[n] = NULL;
	rc = reap(spawn(a, r.log, NULL));
	if (rc)
		snprintf(why, len, "the perf named by PERF=, %s, cannot record "
			 "here (exit %d): %s", perf_bin, rc, first_line(r.log));
	remove_dir(r.dir);
	return rc ? -1 : 0;
}

/* No interpreter or no binding: a skip (make PERF= names no binding). */
#define PERF_PYTHON_OR_SKIP(mode)					\
	do {								\
		char _why[400];						\
		if (!python_can(mode, _why, sizeof(_why)))		\
			SKIP(return, "%s", _why);			\
	} while (0)

static bool file_has(const char *path, const char *what)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	bool found = false;

	while (f && !found && fgets(line, sizeof(line), f))
		found = strstr(line, what) != NULL;
	if (f)
		fclose(f);
	return found;
}

/*
 * Starts the workload (waiting for its go), the reader on its pid, then
 * the go once the reader's events are open; the reader's transcript in
 * r->data when both are done.
 */
static int run_reader(struct __test_metadata *_metadata, struct perf_run *r,
		      const char *const *work_args, const char *mode,
		      const char *pages, const char *tp_id)
{
	int ready[2], go[2], rc;
	char rfd[16], gfd[16], pidstr[16];
	const char *work[10] = { self_exe, "--workload" };
	char *a[] = { (char *)python(), "-c", (char *)perf_python_reader,
		      (char *)mode, pidstr, (char *)pages, (char *)tp_id,
		      NULL };
	struct timespec tick = { 0, 20000000 };
	time_t end = time(NULL) + PERF_TIMEOUT_S;
	struct pollfd p;
	pid_t wl, py, pid;
	int n = 2, wrc, prc;

	ASSERT_EQ(0, pipe2(ready, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
	ASSERT_EQ(0, fcntl(ready[1], F_SETFD, 0));
	ASSERT_EQ(0, fcntl(go[0], F_SETFD, 0));
	snprintf(rfd, sizeof(rfd), "%d", ready[1]);
	snprintf(gfd, sizeof(gfd), "%d", go[0]);
	while (*work_args && n < 7)
		work[n++] = *work_args++;
	work[n++] = rfd;
	work[n++] = gfd;
	work[n] = NULL;
	wl = spawn((char **)work, r->aux, NULL);
	close(ready[1]);
	close(go[0]);
	p = (struct pollfd){ ready[0], POLLIN, 0 };
	if (wl <= 0 || poll(&p, 1, 5000) != 1 ||
	    read(ready[0], &pid, sizeof(pid)) != sizeof(pid)) {
		TH_LOG("the workload did not start: %s", first_line(r->aux));
		return -1;
	}
	snprintf(pidstr, sizeof(pidstr), "%d", pid);
	py = spawn(a, r->data, NULL);
	while (!file_has(r->data, "ready") && !file_has(r->data, "Error") &&
	       time(NULL) < end)
		nanosleep(&tick, NULL);
	rc = write(go[1], "g", 1) == 1 ? 0 : -1;
	close(go[1]);
	close(ready[0]);
	wrc = reap(wl);
	prc = reap(py);
	if (rc || wrc || prc)
		TH_LOG("the workload exits %d: %s; the Python reader %d: %s",
		       wrc, first_line(r->aux), prc, first_line(r->data));
	return rc || wrc || prc ? -1 : 0;
}

/* The reader's lines: "comm rcNNNNNNNN" and "lost N", in its order. */
static unsigned int comm_events(const struct transcript *t,
				struct seq_event *ev, unsigned int max)
{
	unsigned int i, n = 0;

	for (i = 0; i < t->nlines && n < max; i++) {
		const char *l = t->line[i];

		if (!strncmp(l, "lost ", 5)) {
			ev[n].seq = -1;
			ev[n++].lost = strtoull(l + 5, NULL, 10);
		} else if (!strncmp(l, "comm rc", 7)) {
			ev[n].seq = strtol(l + 7, NULL, 10);
			ev[n++].lost = 0;
		}
	}
	return n;
}

TEST(python_comm_one_page_ring)
{
	static const char *const work[] = { "renames", "1000", NULL };
	struct seq_event *ev;
	struct seq_verdict v;
	struct transcript t;
	struct perf_run r;

	char why[400] = "";

	ASSERT_EQ(0, pick_binding(why, sizeof(why))) TH_LOG("%s", why);
	PERF_PYTHON_OR_SKIP("COMM");
	run_paths(&r);
	ASSERT_EQ(0, run_reader(_metadata, &r, work, "comm", "1", NULL));
	ASSERT_EQ(0, transcript_load(&t, r.data, "comm rc", "lost "))
		TH_LOG("%s", t.why);
	ev = calloc(t.nlines + 1, sizeof(*ev));
	ASSERT_NE(NULL, ev);
	seq_check(ev, comm_events(&t, ev, t.nlines + 1),
		  expected_records(RENAMES), &v);
	TH_LOG("%lu of %lu names, LOST %lu%s", v.delivered, v.n, v.lost,
	       v.flushed ? ", the flush last" : "");
	EXPECT_EQ(0, v.dups) TH_LOG("%s", v.first_err);
	EXPECT_EQ(0, v.out_of_order) TH_LOG("%s", v.first_err);
	EXPECT_EQ(0, v.unexpected) TH_LOG("%s", v.first_err);
	EXPECT_EQ(0, v.bad_gaps) TH_LOG("%s", v.first_err);
	EXPECT_EQ(v.n, v.delivered + v.lost)
		TH_LOG("delivered + LOST is not the %lu names", v.n);
	EXPECT_TRUE(v.flushed) TH_LOG("no name %lu, last", v.n + 1);
	free(ev);
	transcript_free(&t);
	RUN_CLEANUP(&r);
}

/* The tracepoint's id in tracefs; -1 when there is none. */
static long tracepoint_id(const char *tp)
{
	static const char *const roots[] = { "/sys/kernel/tracing",
		"/sys/kernel/debug/tracing" };
	char path[256];
	long id = -1;

	for (int i = 0; i < 2 && id < 0; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/events/%s/id", roots[i], tp);
		f = fopen(path, "r");
		if (f && fscanf(f, "%ld", &id) != 1)
			id = -1;
		if (f)
			fclose(f);
	}
	return id;
}

TEST(python_sample_larger_than_event)
{
	char dir_link[160], long_path[4200], tp[24];
	const char *work[] = { "execs", NULL, NULL, NULL };
	struct transcript t;
	struct perf_run r;
	unsigned int i, samples = 0, errors = 0, stalled = 0;
	long id = tracepoint_id(EXEC_TP);
	size_t at;

	char why[400] = "";

	ASSERT_EQ(0, pick_binding(why, sizeof(why))) TH_LOG("%s", why);
	PERF_PYTHON_OR_SKIP("large sample");
	if (id < 0)
		SKIP(return, "no tracefs with %s (ci/tracefs.sh mounts it, as "
		     "root)", EXEC_TP);
	snprintf(tp, sizeof(tp), "%ld", id);
	run_paths(&r);
	/* DIR/s -> this program; DIR/./././.../s: the same, 4089 bytes
	 * (PATH_MAX is 4096 with the NUL): its record is about 4.2 KiB */
	snprintf(dir_link, sizeof(dir_link), "%s/s", r.dir);
	ASSERT_EQ(0, symlink(self_exe, dir_link));
	at = snprintf(long_path, sizeof(long_path), "%s/", r.dir);
	while (at < 4090 - 3)
		at += snprintf(long_path + at, sizeof(long_path) - at, "./");
	snprintf(long_path + at, sizeof(long_path) - at, "s");
	work[1] = dir_link;
	work[2] = long_path;
	/* 4 pages: room for the three samples with the large one not
	 * consumed (the size is not what loses the third: see below) */
	ASSERT_EQ(0, run_reader(_metadata, &r, work, "sample", "4", tp));
	ASSERT_EQ(0, transcript_load(&t, r.data, "sample", "lost "))
		TH_LOG("%s", t.why);
	for (i = 0; i < t.nlines; i++) {
		samples += !strcmp(t.line[i], "sample");
		errors += !strncmp(t.line[i], "error", 5);
		stalled += !strcmp(t.line[i], "stalled");
		if (errors == 1 && !strncmp(t.line[i], "error", 5))
			TH_LOG("read_on_cpu: %s", t.line[i]);
	}
	TH_LOG("%u of 3 samples read, %u errors%s", samples, errors,
	       stalled ? ", stalled" : "");
	EXPECT_EQ(0, stalled) TH_LOG("read_on_cpu never moved past a record");
	/*
	 * The large sample raised instead of coming back, and was dropped:
	 * libperf's read_event had already moved past it, so the ring did
	 * not stall, but the reader lost a record it was never told about.
	 */
	if (samples == 2 && errors == 1 && !stalled && !strict())
		KNOWN_PERF_DEFECT(goto out, "read_on_cpu raises on a record "
			"larger than its event buffer and drops it "
			"(findings/50-perf-python-large-record-dropped.md)");
	/*
	 * Now and then (ASan, valgrind, and once a plain build in a CI
	 * run) the sample after the large one is missing too, with no LOST
	 * before the task's EXIT: the reader was told of neither. Where it
	 * is lost (the binding after its MemoryError, or the kernel) is not
	 * isolated: findings/50, "Also seen". The transcript is the truth
	 * that it happened; strict mode fails it.
	 */
	if (samples == 1 && errors == 1 && !stalled && !strict())
		KNOWN_PERF_DEFECT(goto out, "the large sample raised and the "
			"sample after it never came, without a LOST "
			"(findings/50-perf-python-large-record-dropped.md, "
			"Also seen: cause not isolated)");
	EXPECT_LE(2, samples) TH_LOG("the sample after the large one never "
				     "came");
	EXPECT_EQ(3, samples) TH_LOG("a sample was not returned");
	EXPECT_EQ(0, errors) TH_LOG("read_on_cpu raised");
out:
	transcript_free(&t);
	RUN_CLEANUP(&r);
}

int main(int argc, char **argv)
{
	int rc = perf_tool_start(argc, argv, "perf_python_test");

	return rc >= 0 ? rc : test_harness_run(argc, argv);
}
