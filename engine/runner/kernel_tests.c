// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel row: each kselftest program lists its tests (-l), and each
 * test runs alone (-r NAME) as a child of ringcheck, started with execv
 * (no shell sees the reader's path), in its own process group, under a
 * time limit of ringcheck's. A test that hangs, crashes or leaves
 * processes behind costs that test only; every listed test gets a
 * verdict.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernel_tests.h"
#include "procs.h"
#include "scenario/paths.h"

/* libbpf_test is built only where libbpf is installed */
static const char *const programs[] = { "comm_test", "samples_test",
					"percpu_test", "libbpf_test" };

/*
 * Tests that never read through the reader (perf_record_pingpong runs
 * `perf record`): a pass of theirs says nothing of the reader, so they
 * are not in its row. They stay tests of perf: `make kselftest` runs them.
 */
static const char *const not_through_reader[] = {
	"percpu_test:global.perf_record_pingpong",
};

static bool reads_through_reader(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(not_through_reader) /
			sizeof(not_through_reader[0]); i++)
		if (!strcmp(name, not_through_reader[i]))
			return false;
	return true;
}

/* A test's time limit is this many case time limits (3000 ms: 15 s, half
 * the harness's own 30 s, so ringcheck's limit is the one that fires). */
#define TEST_LIMIT_CASES	5
#define OUTPUT_MAX		(64 * 1024)
#define LIST_LIMIT_MS		30000

struct output {
	char	buf[OUTPUT_MAX];
	size_t	len;
	int	status;
	bool	timed_out;
};

static struct kernel_test *add_test(struct kernel_result *res)
{
	struct kernel_test *t;

	res->tests = realloc(res->tests, (res->n + 1) * sizeof(*res->tests));
	t = &res->tests[res->n++];
	memset(t, 0, sizeof(*t));
	return t;
}

void kernel_result_free(struct kernel_result *res)
{
	free(res->tests);
	res->tests = NULL;
	res->n = 0;
}

/*
 * Runs prog with args (argv[0] first), RINGCHECK_READER=reader, stdout
 * and stderr into out, for at most limit_ms; then kills its process group
 * and whatever it left behind. The program's exit ends the wait, not the
 * end of its output: a grandchild may hold the pipe open.
 */
static void run_program(char *const argv[], const char *reader,
			unsigned long limit_ms, struct output *out)
{
	double until = procs_now_ms() + (double)limit_ms;
	bool ended = false;
	struct pollfd p;
	int fd[2];
	pid_t pid;

	memset(out, 0, sizeof(*out));
	if (pipe(fd)) {
		out->status = 127 << 8;
		return;
	}
	pid = procs_fork();
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], 1);
		dup2(fd[1], 2);
		close(fd[1]);
		setenv("RINGCHECK_READER", reader, 1);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	p.fd = fd[0];
	p.events = POLLIN;
	while (pid > 0) {
		double now = procs_now_ms();
		ssize_t n = 0;

		if (now >= until) {
			out->timed_out = true;
			break;
		}
		if (poll(&p, 1, ended ? 0 : 10) > 0) {
			n = read(fd[0], out->buf + out->len,
				 sizeof(out->buf) - 1 - out->len);
			if (n > 0)
				out->len += (size_t)n;
			if (out->len == sizeof(out->buf) - 1)
				out->len = 0;	/* keep the tail */
		}
		if (ended && n <= 0)
			break;
		if (!ended && waitpid(pid, &out->status, WNOHANG) == pid)
			ended = true;
	}
	out->buf[out->len] = '\0';
	close(fd[0]);
	if (pid > 0 && !ended)
		procs_kill(pid, &out->status);
	else if (pid > 0)
		procs_kill(pid, NULL);	/* its group, if any is left */
	procs_sweep(NULL, 0);
	if (pid < 0)
		out->status = 127 << 8;
}

/* One name of the list (-l): "fixture[.variant].test" per line pair of
 * columns "%-20s %-25s %s" (kselftest_harness.h); a fixture's variants
 * and tests are listed side by side, each test runs in each variant. */
static size_t list_tests(const char *text, char names[][256], size_t max)
{
	char fixture[64] = "", variants[16][64], tests[32][64];
	size_t nv = 0, nt = 0, n = 0, v, t;
	const char *line = text;

	for (;;) {
		const char *end = strchr(line, '\n');
		char col[3][64] = { "", "", "" };
		size_t len = end ? (size_t)(end - line) : strlen(line);
		size_t pos = 0, widths[2] = { 20, 25 }, k;

		if (!len || line[0] == '-' || line[0] == '#' || !end) {
			/* a fixture ends: its names */
			for (v = 0; v < (nv ? nv : 1); v++)
				for (t = 0; t < nt && n < max; t++)
					/* 64-byte columns: never truncated */
					if (snprintf(names[n], 256, "%s%s%s.%s",
						     fixture, nv ? "." : "",
						     nv ? variants[v] : "",
						     tests[t]) < 256)
						n++;
			nv = nt = 0;
			if (!end)
				return n;
			line = end + 1;
			continue;
		}
		for (k = 0; k < 3 && pos < len; k++) {
			size_t tok = 0;

			while (pos + tok < len && line[pos + tok] != ' ')
				tok++;
			snprintf(col[k], sizeof(col[k]), "%.*s", (int)tok,
				 line + pos);
			if (k < 2)
				pos += (tok > widths[k] ? tok : widths[k]) + 1;
		}
		if (col[0][0])
			snprintf(fixture, sizeof(fixture), "%s", col[0]);
		if (col[1][0] && nv < 16)
			snprintf(variants[nv++], 64, "%s", col[1]);
		if (col[2][0] && nt < 32)
			snprintf(tests[nt++], 64, "%s", col[2]);
		line = end + 1;
	}
}

static void shell_quote(const char *s, char *buf, size_t len)
{
	size_t o = 0;

	if (len < 3)
		return;
	buf[o++] = '\'';
	for (; *s && o + 6 < len; s++) {
		if (*s == '\'') {
			memcpy(buf + o, "'\\''", 4);
			o += 4;
		} else {
			buf[o++] = *s;
		}
	}
	buf[o++] = '\'';
	buf[o] = '\0';
}

/* The test's TAP line: "ok N name" or "not ok N name", or NULL. */
static const char *tap_line(const char *text, bool *passed)
{
	const char *line, *found = NULL;

	for (line = text; *line; line += strcspn(line, "\n") + !!*line) {
		if (*line == '\n')
			continue;
		if (!strncmp(line, "ok ", 3) || !strncmp(line, "not ok ", 7)) {
			found = line;
			*passed = line[0] == 'o';
		}
	}
	return found;
}

/* The harness's first failed check, "# file.c:line:test:...", or NULL. */
static const char *first_failed_check(const char *buf)
{
	const char *line, *end;

	for (line = buf; *line; line = *end ? end + 1 : end) {
		end = line + strcspn(line, "\n");
		if (!strncmp(line, "# ", 2) &&
		    memmem(line, (size_t)(end - line), ".c:", 3))
			return line + 2;
	}
	return NULL;
}

/* The verdict of one test from its TAP line and the way it ended. */
static void judge(struct kernel_test *t, const struct output *out,
		  unsigned long limit_ms)
{
	bool passed = false;
	const char *ok = tap_line(out->buf, &passed), *skip, *check;
	size_t len = ok ? strcspn(ok, "\n") : 0;
	bool clean = WIFEXITED(out->status) &&
		     (WEXITSTATUS(out->status) == 0 ||
		      WEXITSTATUS(out->status) == 4);
	char how[96];

	procs_describe(out->status, how, sizeof(how));
	check = first_failed_check(out->buf);
	skip = ok ? strstr(ok, "# SKIP") : NULL;
	if (out->timed_out) {
		t->res.status = CASE_FAILED;
		t->res.kind = FAIL_HANG;
		snprintf(t->res.msg, sizeof(t->res.msg), "hung: no end within "
			 "%lu ms (killed)", limit_ms);
	} else if (ok && !passed) {
		t->res.status = CASE_FAILED;
		t->res.kind = FAIL_DELIVERY;
		if (check)
			snprintf(t->res.msg, sizeof(t->res.msg), "failed: %.*s",
				 (int)strcspn(check, "\n"), check);
		else
			snprintf(t->res.msg, sizeof(t->res.msg), "failed (see "
				 "the test's own output; %s)", how);
	} else if (!ok || !clean) {
		t->res.status = CASE_FAILED;
		t->res.kind = WIFSIGNALED(out->status) ? FAIL_CRASH : FAIL_EXIT;
		snprintf(t->res.msg, sizeof(t->res.msg), "%s (%s)",
			 ok ? "said ok but did not end cleanly"
			    : "ended without a result", how);
	} else if (skip && skip < ok + len) {
		skip += 6 + strspn(skip + 6, " ");
		t->res.status = CASE_SKIPPED;
		snprintf(t->res.msg, sizeof(t->res.msg), "%.*s",
			 (int)strcspn(skip, "\n"), skip);
	} else {
		t->res.status = CASE_PASSED;
	}
}

/* Lists the tests of the reader's row, and runs them unless list_only. */
static void kernel_tests(const char *reader, const struct runner_opts *opts,
			 bool list_only, struct kernel_result *res)
{
	static char names[64][256];
	char exe[PATH_MAX], dir[PATH_MAX], prog[PATH_MAX + 32];
	char abs_reader[PATH_MAX], quoted[2 * PATH_MAX];
	unsigned long limit = (unsigned long)opts->timeout_ms *
			      TEST_LIMIT_CASES;
	struct output *out = malloc(sizeof(*out));
	double t0 = procs_now_ms(), t0_test;
	struct utsname u;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t i, k, nn;

	memset(res, 0, sizeof(*res));
	uname(&u);
	if (n <= 0 || !out) {
		free(out);
		return;
	}
	exe[n] = '\0';
	snprintf(dir, sizeof(dir), "%s", paths_kselftest());
	/* the tests dlopen() it from their own directory */
	if (!realpath(reader, abs_reader))
		snprintf(abs_reader, sizeof(abs_reader), "%s", reader);
	shell_quote(abs_reader, quoted, sizeof(quoted));
	for (i = 0; i < sizeof(programs) / sizeof(programs[0]); i++) {
		char *argv[4];

		snprintf(prog, sizeof(prog), "%s/%s", dir, programs[i]);
		if (access(prog, X_OK)) {
			if (!strcmp(programs[i], "libbpf_test"))
				continue;
			snprintf(res->note, sizeof(res->note),
				 "kernel tests not built (make kselftest-build)");
			goto out;
		}
		argv[0] = prog;
		argv[1] = "-l";
		argv[2] = NULL;
		run_program(argv, abs_reader, LIST_LIMIT_MS, out);
		nn = list_tests(out->buf, names, 64);
		if (!nn) {
			char why[64];

			procs_describe(out->status, why, sizeof(why));
			snprintf(res->note, sizeof(res->note), "%s -l listed no "
				 "tests (%s): %.80s", programs[i],
				 out->timed_out ? "timed out" : why, out->buf);
			goto out;
		}
		res->ran = 1;
		for (k = 0; k < nn; k++) {
			struct kernel_test *t;
			char name[sizeof(t->name)];

			snprintf(name, sizeof(name), "%s:%.176s", programs[i],
				 names[k]);
			if (!reads_through_reader(name))
				continue;
			t = add_test(res);

			/* names are at most 3 x 63 + 2 bytes (list_tests) */
			snprintf(t->name, sizeof(t->name), "%s:%.176s",
				 programs[i], names[k]);
			snprintf(t->replay, sizeof(t->replay),
				 "RINGCHECK_READER=%s %s -r %.200s", quoted, prog,
				 names[k]);
			if (list_only) {
				t->res.status = CASE_NOT_RUN;
				continue;
			}
			if (opts->deadline_ms &&
			    procs_now_ms() - t0 > opts->deadline_ms) {
				t->res.status = CASE_NOT_RUN;
				snprintf(t->res.msg, sizeof(t->res.msg),
					 "not run: the --deadline of %lu ms "
					 "was reached", opts->deadline_ms);
				continue;
			}
			argv[1] = "-r";
			argv[2] = names[k];
			argv[3] = NULL;
			t0_test = procs_now_ms();
			run_program(argv, abs_reader, limit, out);
			judge(t, out, limit);
			t->res.seconds = (float)((procs_now_ms() - t0_test) /
						 1e3);
		}
	}
	snprintf(res->note, sizeof(res->note), "Linux %s", u.release);
out:
	free(out);
}

void kernel_tests_run(const char *reader, const struct runner_opts *opts,
		      struct kernel_result *res)
{
	kernel_tests(reader, opts, false, res);
}

void kernel_tests_list(struct kernel_result *res)
{
	struct runner_opts opts = { .timeout_ms = 3000 };

	kernel_tests("", &opts, true, res);
}
