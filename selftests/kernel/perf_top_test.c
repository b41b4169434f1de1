// SPDX-License-Identifier: GPL-2.0-only
/*
 * `perf top`, black-box, on the real kernel: `perf top --stdio -m 1 -e
 * syscalls:sys_enter_lseek -c 1 -p PID -s trace -n` watches the workload
 * (perf_workload.c's pump) seek to offsets 1..N in a burst a 1-page ring
 * cannot hold, pause, then seek on slowly from N + PUMP_GAP until the
 * test has seen the screen that shows those later offsets: by then perf
 * has read every record of the burst. perf top's stdin is a pipe the test holds open
 * (at its end perf top quits); its stdout a pseudo-terminal as tall as
 * needed (to a file, perf's screens would wait in a 4 KiB buffer), copied
 * by the test into perf's log.
 * Each screen shows the entries (one per offset, -s trace) read since the
 * previous one and "lost: A/B", A the records lost since then.
 *
 * Forward: offsets 1..N each shown once with a count of 1, delivered + the
 * sum of A = N, and that sum is perf's own total B. --overwrite (a backward
 * ring, read whole at each refresh): the burst's offsets shown form one
 * contiguous run ending at N, each once.
 *
 * RINGCHECK_PERF names perf; no perf, no tracefs, or a perf top that cannot
 * watch the event here is a SKIP with the reason. RINGCHECK_PERF_DOCTOR
 * (perf_transcript.h, and "more") and RINGCHECK_PERF_PLANT_STRAY=1 (the
 * workload adds a record the test does not expect) show that the checks
 * fail.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "perf_run.h"
#include "perf_tool_harness.h"
#include "perf_transcript.h"
#include "perf_workload.h"

#define TOP_EVENT	"syscalls:sys_enter_lseek"
#define BURST		500
#define PUMP_FIRST	(BURST + PUMP_GAP)
#define MAX_OFFSET	(PUMP_FIRST + PUMP_MAX)	/* the pump's last */

static void top_argv(char **a, const char *pid, bool overwrite)
{
	static const char *const opts[] = { "top", "--stdio", "-m", "1",
		"-e", TOP_EVENT, "-c", "1", "-d", "1", "-s", "trace", "-n",
		"-p", NULL };
	int n = 0;

	a[n++] = (char *)perf_bin;
	for (const char *const *o = opts; *o; o++)
		a[n++] = (char *)*o;
	a[n++] = (char *)pid;
	if (overwrite)
		a[n++] = "--overwrite";
	a[n] = NULL;
}

/* The largest lseek offset perf top has shown so far. */
static long largest_offset(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024], *p;
	long best = -1, v;

	while (f && fgets(line, sizeof(line), f)) {
		p = strstr(line, "offset: ");
		if (!p)
			continue;
		v = strtol(p + 8, NULL, 0);
		best = v > best ? v : best;
	}
	if (f)
		fclose(f);
	return best;
}

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

/* A pseudo-terminal for perf top: the master in *master, the slave's path. */
static int open_screen(int *master, char *path, size_t len)
{
	struct winsize ws = { .ws_row = 60000, .ws_col = 200 };
	int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC), s;

	if (m < 0 || grantpt(m) || unlockpt(m) || !ptsname(m))
		return -1;
	snprintf(path, len, "%s", ptsname(m));
	s = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0 || ioctl(s, TIOCSWINSZ, &ws))
		return -1;
	/* raw: perf's bytes as written */
	{
		struct termios t;

		if (!tcgetattr(s, &t)) {
			cfmakeraw(&t);
			tcsetattr(s, TCSANOW, &t);
		}
	}
	close(s);
	*master = m;
	return 0;
}

/* Copies what perf top wrote to the screen into log, for up to ms. */
static void copy_screen(int master, int log, int ms)
{
	struct pollfd p = { master, POLLIN, 0 };
	char buf[8192];
	ssize_t n;

	while (poll(&p, 1, ms) == 1) {
		n = read(master, buf, sizeof(buf));
		if (n <= 0 || write(log, buf, n) != n)
			break;
		ms = 0;
	}
}

static bool wait_pid(int fd, pid_t *pid, time_t end)
{
	struct pollfd p = { fd, POLLIN, 0 };
	time_t now = time(NULL);

	return now < end && poll(&p, 1, (end - now) * 1000) == 1 &&
	       read(fd, pid, sizeof(*pid)) == sizeof(*pid);
}

/* What perf top showed: per offset, the count; the lost counts. */
struct top_seen {
	unsigned int	count[MAX_OFFSET + 1];
	unsigned int	entries, unexpected;
	unsigned long	lost_sum, lost_total;
};

static void top_parse(const struct transcript *t, struct top_seen *s)
{
	unsigned int i;
	const char *p;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < t->nlines; i++) {
		const char *l = t->line[i], *lost = strstr(l, "lost: ");

		p = strstr(l, "offset: ");
		if (lost) {
			char *slash;

			s->lost_sum += strtoul(lost + 6, &slash, 10);
			if (*slash == '/')
				s->lost_total = strtoul(slash + 1, NULL, 10);
		} else if (p) {
			long off = strtol(p + 8, NULL, 0);
			/* "  0.76%   1  fd: ...": the count before "fd:" */
			const char *pc = strstr(l, "fd: ");
			unsigned long n = 0, mul = 1;

			while (pc && pc > l && pc[-1] == ' ')
				pc--;
			for (; pc && pc > l && pc[-1] >= '0' && pc[-1] <= '9';
			     mul *= 10)
				n += (*--pc - '0') * mul;

			s->entries++;
			if (off < 1 || off > MAX_OFFSET ||
			    (off > BURST && off < PUMP_FIRST))
				s->unexpected++;
			else
				s->count[off] += n;
		}
	}
}

/*
 * Runs perf top on the pump workload; the transcript in t. false when the
 * test was skipped (perf top cannot watch the event here): nothing to
 * check then.
 */
static bool run_top(struct __test_metadata *_metadata, struct perf_run *r,
		    bool overwrite, struct transcript *t)
{
	int ready[2], go[2], in[2];
	char rfd[16], gfd[16], num[16], pidstr[16], *a[ARGV_MAX];
	const char *work[] = { self_exe, "--workload", "pump", num, rfd, gfd,
			       NULL };
	time_t end = time(NULL) + PERF_TIMEOUT_S;
	pid_t wl, top, pid;
	int rc, master, log;
	char tty[64];

	run_paths(r);
	ASSERT_EQ(0, pipe2(ready, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(in, O_CLOEXEC));
	ASSERT_EQ(0, fcntl(ready[1], F_SETFD, 0));
	ASSERT_EQ(0, fcntl(go[0], F_SETFD, 0));
	snprintf(rfd, sizeof(rfd), "%d", ready[1]);
	snprintf(gfd, sizeof(gfd), "%d", go[0]);
	snprintf(num, sizeof(num), "%d", BURST);
	wl = spawn((char **)work, r->aux, NULL);
	ASSERT_LT(0, wl);
	close(ready[1]);
	close(go[0]);
	ASSERT_TRUE(wait_pid(ready[0], &pid, end)) TH_LOG("no workload");
	snprintf(pidstr, sizeof(pidstr), "%d", pid);
	ASSERT_EQ(0, open_screen(&master, tty, sizeof(tty)))
		TH_LOG("no pseudo-terminal for perf top's screen");
	log = open(r->data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ASSERT_LE(0, log);
	/* no colours on the terminal */
	setenv("TERM", "dumb", 1);
	top_argv(a, pidstr, overwrite);
	top = spawn_with_stdin(a, tty, in[0]);
	close(in[0]);
	/* the first screen: perf top's events are enabled */
	while (top > 0 && !file_has(r->data, "PerfTop:") &&
	       waitpid(top, &rc, WNOHANG) == 0 && time(NULL) < end)
		copy_screen(master, log, 100);
	if (!file_has(r->data, "PerfTop:")) {
		kill(-top, SIGKILL);
		kill(wl, SIGKILL);
		reap(top);
		reap(wl);
		close(master);
		close(log);
		/* a perf the user named must run (make PERF=) */
		ASSERT_FALSE(perf_required())
			TH_LOG("%s top shows no screen: %s", perf_bin,
			       first_line(r->data));
		SKIP(return false, "%s top -e %s shows no screen here: %s",
		     perf_bin, TOP_EVENT, first_line(r->data));
	}
	ASSERT_EQ(1, write(go[1], "g", 1));
	/* a screen with the pump's third seek: the burst was all read */
	while (largest_offset(r->data) < PUMP_FIRST + 2 && time(NULL) < end)
		copy_screen(master, log, 100);
	kill(top, SIGINT);
	copy_screen(master, log, 200);
	reap(top);
	close(in[1]);
	close(go[1]);
	reap(wl);
	close(ready[0]);
	close(master);
	close(log);
	ASSERT_LE(PUMP_FIRST + 2, largest_offset(r->data))
		TH_LOG("perf top never showed the seeks after the burst: %s",
		       first_line(r->data));
	ASSERT_EQ(0, transcript_load(t, r->data, "offset: ", "lost: "))
		TH_LOG("%s", t->why);
	return true;
}

static bool top_can(const char *event, char *why, size_t len)
{
	if (!perf_found(why, len))
		return false;
	if (access("/sys/kernel/tracing/events/syscalls", F_OK) &&
	    access("/sys/kernel/debug/tracing/events/syscalls", F_OK)) {
		snprintf(why, len, "no tracefs with %s (ci/tracefs.sh mounts "
			 "it, as root)", event);
		return false;
	}
	return true;
}

TEST(top_lseek_one_page_ring)
{
	unsigned long n = expected_records(BURST), delivered = 0, i;
	static struct top_seen s;
	struct transcript t;
	struct perf_run r;
	unsigned int dups = 0;

	PERF_SKIP_UNLESS(top_can, TOP_EVENT);
	if (!run_top(_metadata, &r, false, &t))
		return;
	top_parse(&t, &s);
	for (i = 1; i <= n && i <= MAX_OFFSET; i++) {
		delivered += s.count[i] > 0;
		dups += s.count[i] > 1;
	}
	TH_LOG("%lu of %lu offsets shown, lost %lu (perf's total %lu), %u "
	       "entries", delivered, n, s.lost_sum, s.lost_total, s.entries);
	/*
	 * Offsets missing with no lost count for them, and nothing else
	 * wrong: perf top reads through libperf as perf trace does, whose
	 * read_done moves past a record published after its last read_event
	 * (finding 01; perf_trace_test's XFAIL). Seen once in CI with two
	 * test runs at once; a doctored run and RINGCHECK_PERF_STRICT=1 keep
	 * it a failure.
	 */
	if (delivered + s.lost_sum < n && !dups && !s.unexpected &&
	    s.lost_total == s.lost_sum && !strict() &&
	    !getenv("RINGCHECK_PERF_DOCTOR")) {
		transcript_free(&t);
		KNOWN_PERF_DEFECT(RUN_CLEANUP(&r); return,
				  "finding 01: %lu offset(s) missing without a "
				  "lost count", n - delivered - s.lost_sum);
	}
	EXPECT_EQ(0, dups) TH_LOG("an offset counted more than once");
	EXPECT_EQ(0, s.unexpected) TH_LOG("an offset the workload never sought");
	EXPECT_EQ(n, delivered + s.lost_sum)
		TH_LOG("shown + lost is not the %lu offsets sought", n);
	EXPECT_EQ(s.lost_total, s.lost_sum)
		TH_LOG("the screens' lost counts do not add up to perf's total");
	transcript_free(&t);
	RUN_CLEANUP(&r);
}

TEST(top_overwrite_newest_run)
{
	unsigned long n = expected_records(BURST), i, lo = 0, shown = 0;
	static struct top_seen s;
	struct transcript t;
	struct perf_run r;
	unsigned int dups = 0;

	PERF_SKIP_UNLESS(top_can, TOP_EVENT);
	if (!run_top(_metadata, &r, true, &t))
		return;
	top_parse(&t, &s);
	for (i = 1; i <= n && i <= MAX_OFFSET; i++) {
		dups += s.count[i] > 1;
		shown += s.count[i] > 0;
		if (s.count[i] && !lo)
			lo = i;
	}
	TH_LOG("offsets %lu..%lu shown of 1..%lu (%lu of them), %u entries",
	       lo, n, n, shown, s.entries);
	EXPECT_EQ(0, dups) TH_LOG("an offset counted more than once");
	EXPECT_EQ(0, s.unexpected) TH_LOG("an offset the workload never sought");
	EXPECT_NE(0, shown) TH_LOG("none of the burst shown");
	EXPECT_NE(0, s.count[n <= MAX_OFFSET ? n : 0])
		TH_LOG("the run does not end at the burst's last seek, %lu", n);
	EXPECT_EQ(n - lo + 1, shown)
		TH_LOG("not one contiguous run: gaps in %lu..%lu", lo, n);
	transcript_free(&t);
	RUN_CLEANUP(&r);
}

int main(int argc, char **argv)
{
	int rc = perf_tool_start(argc, argv, "perf_top_test");

	return rc >= 0 ? rc : test_harness_run(argc, argv);
}
