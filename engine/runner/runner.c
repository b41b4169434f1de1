// SPDX-License-Identifier: GPL-2.0-only
/*
 * The runner. The parent alone holds the results: it gives each worker
 * case indices over a socket, a worker sends back one result per case,
 * and the parent closes each case with a verdict. Nothing the reader can
 * write to (the worker's memory) decides a verdict on its own: a worker
 * that dies, exits, hangs or outgrows its memory limit costs the case it
 * was running (the first one it was given and has not answered), the
 * cases queued behind it go to a fresh worker, and a worker's exit status
 * is never read as a result. All time limits are the parent's.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fork_server.h"
#include "procs.h"
#include "runner.h"
#include "worker.h"

#define MAX_JOBS	64
/* Results read in one call (see WORKER_DEPTH). */
#define RECV_BATCH	WORKER_DEPTH
#define TICK_MS		20	/* time limit and memory checks */
/* While every worker has this many cases queued, the parent sleeps before
 * it polls: a worker's results wait in its socket and are taken together,
 * not one wake-up of the parent (and a switch of CPU) a case. */
#define BUSY_QUEUE	(WORKER_DEPTH / 4)
#define BATCH_SLEEP_NS	1000000
/* Families the breaker ended for one kind of failure before the rest of
 * the reader's cases are not run either. */
#define BREAKER_FAMILIES	2

struct worker {
	pid_t	pid;		/* 0: none */
	int	fd;
	bool	ready;		/* the plugin loaded */
	bool	eof;		/* its socket closed: wait will tell why */
	bool	cut;		/* killed for running on without it */
	bool	answered;	/* it has sent a result: it plays cases */
	double	since;		/* the running case (or the load) began */
	double	cpu_mark;	/* its CPU time when the clock passed the
				 * limit; < 0: not yet */
	size_t	q[WORKER_DEPTH];	/* given, not answered; q[0] runs */
	int	nq;
	/* where the reader crashed in q[0] (MSG_CRASH_PLACE), or "" */
	char	place[CASE_MSG_LEN];
};

struct run_state {
	const char		*plugin;
	const struct case_ref	*cases;
	size_t			n;
	const struct runner_opts *o;
	struct case_result	*results;
	bool			*closed;
	size_t			nclosed;
	size_t			next;		/* first never given out */
	size_t			*requeue;	/* given to a worker that died */
	size_t			nrequeue;
	enum { GO, STOP_USER, STOP_LOAD } stop;
	char			stop_why[CASE_MSG_LEN];	/* for the rest */
	struct worker		w[MAX_JOBS];
	int			jobs;
	/* the breaker (--breaker): per family, the kind of its last
	 * failures and how many in a row; families it ended, per kind */
	struct {
		uint8_t		kind;
		unsigned int	run;
	}			*streak;
	unsigned int		tripped[FAIL_LOAD + 1];
	size_t			passes, deaths_of[FAIL_LOAD + 1];
	/* started at the first worker that dies in a case */
	struct fork_server	fs;
	size_t			deaths;
};

struct case_ref *runner_enumerate(enum scenario_bounds b, unsigned long mask,
				  size_t *n)
{
	struct scenario *s = malloc(sizeof(*s));
	struct case_ref *cases = NULL;
	size_t cap = 0, count = 0, before, i;
	int f, ret;

	for (f = 0; f < nfamilies && s; f++) {
		if (!(mask & (1ul << f)))
			continue;
		before = count;
		for (i = 0; i < family_count(f, b); i++) {
			ret = scenario_build(f, b, i, s);
			if (ret == -2) {
				fprintf(stderr, "ringcheck: case %s: more than "
					"%d steps\n", s->id,
					SCENARIO_MAX_STEPS);
				goto broken;
			}
			if (ret)
				continue;
			if (count == cap) {
				cap = cap ? 2 * cap : 4096;
				cases = realloc(cases, cap * sizeof(*cases));
				if (!cases)
					goto broken;
			}
			cases[count++] = (struct case_ref){ f, i };
		}
		/* asked for and empty: its inputs are missing or broken */
		if (count == before) {
			fprintf(stderr, "ringcheck: family %s has no cases\n",
				families[f].name);
			goto broken;
		}
	}
	free(s);
	*n = count;
	return cases ? cases : calloc(1, sizeof(*cases));
broken:
	free(s);
	free(cases);
	*n = 0;
	return NULL;
}

static void close_case(struct run_state *st, size_t i, enum case_status status,
		       enum fail_kind kind, const char *msg);

static const char *kind_name(enum fail_kind kind)
{
	switch (kind) {
	case FAIL_CRASH:	return "crashed";
	case FAIL_EXIT:		return "exited";
	case FAIL_HANG:		return "hung";
	default:		return "went over the --memory limit";
	}
}

/* How many failures of kind in a row end a family; 0: never. */
static unsigned int breaker_limit(const struct runner_opts *o,
				  enum fail_kind kind)
{
	switch (kind) {
	case FAIL_CRASH:
	case FAIL_EXIT:
		return o->breaker;
	case FAIL_HANG:
	case FAIL_MEMORY:
		return o->costly_breaker;
	default:
		return 0;
	}
}

/*
 * The breaker: N failures in a row of one family, each the worker's death
 * of one kind (crash, exit, hang, memory), end the family: its cases not
 * closed yet are not run, with the reason. After BREAKER_FAMILIES
 * families ended for one kind, the reader's other cases are not run
 * either. Never a pass: the failures stand (exit 1). Crashes and exits
 * cost a fork a case and break only when asked (--breaker N); hangs and
 * memory cost seconds a case and break by default (two in a row), or a
 * reader that hangs in every case would take hours; by default the whole
 * reader stops only if it passed fewer cases than it died that way.
 */
static void breaker_note(struct run_state *st, size_t i,
			 enum case_status status, enum fail_kind kind)
{
	int f = st->cases[i].family;
	unsigned int limit = breaker_limit(st->o, kind);
	char why[CASE_MSG_LEN];
	size_t k;

	if (status == CASE_NOT_RUN)
		return;
	st->passes += status == CASE_PASSED;
	if (status == CASE_FAILED)
		st->deaths_of[kind]++;
	if (status != CASE_FAILED || !limit) {
		/* a worker outgrows the limit over cases it passes: a leak's
		 * passes do not end its streak */
		if (status != CASE_PASSED || st->streak[f].kind != FAIL_MEMORY)
			st->streak[f].run = 0;
		return;
	}
	if (st->streak[f].kind != kind)
		st->streak[f].run = 0;
	st->streak[f].kind = (uint8_t)kind;
	if (++st->streak[f].run != limit)
		return;
	snprintf(why, sizeof(why), "not run: the breaker (--breaker %u; 0 "
		 "turns it off): %u cases of %s in a row %s", limit, limit,
		 families[f].name, kind_name(kind));
	for (k = 0; k < st->n; k++)
		if (st->cases[k].family == f && !st->closed[k])
			close_case(st, k, CASE_NOT_RUN, FAIL_NONE, why);
	/* the whole reader: when asked, or by default when it dies that
	 * way more often than it passes (not a reader that hangs in some
	 * families and is judged in the others) */
	if (++st->tripped[kind] == BREAKER_FAMILIES && !st->stop &&
	    (st->o->breaker || st->passes < st->deaths_of[kind])) {
		st->stop = STOP_USER;
		snprintf(st->stop_why, sizeof(st->stop_why), "not run: the "
			 "breaker (--breaker %u; 0 turns it off): %d families "
			 "in a row %s", limit, BREAKER_FAMILIES,
			 kind_name(kind));
	}
}

static void close_case(struct run_state *st, size_t i, enum case_status status,
		       enum fail_kind kind, const char *msg)
{
	struct case_result *r = &st->results[i];

	if (st->closed[i])
		return;
	memset(r, 0, sizeof(*r));
	r->status = (uint8_t)status;
	r->kind = (uint8_t)kind;
	snprintf(r->msg, sizeof(r->msg), "%s", msg);
	st->closed[i] = true;
	st->nclosed++;
	if (status == CASE_FAILED && st->o->fail_fast && !st->stop) {
		st->stop = STOP_USER;
		snprintf(st->stop_why, sizeof(st->stop_why),
			 "not run: --fail-fast stopped the run");
	}
	breaker_note(st, i, status, kind);
}

/* The workers' sockets, for a process that must not hold them. */
static int worker_fds(const struct run_state *st, int *fds)
{
	int j, k = 0;

	for (j = 0; j < st->jobs; j++)
		if (st->w[j].pid > 0)
			fds[k++] = st->w[j].fd;
	return k;
}

/*
 * The fork server's template, once a worker has died in a case. Started
 * before the next worker's socketpair exists: a template holding a copy
 * of a worker's socket would keep it from closing when that worker dies,
 * and hand it to every worker it forks.
 */
static void start_template(struct run_state *st)
{
	int fds[MAX_JOBS];
	struct fork_server_drop drop = {
		fds, worker_fds(st, fds), st->results,
		st->n * sizeof(*st->results),
	};

	if (st->fs.state == FS_OFF && st->deaths)
		fork_server_start(&st->fs, st->plugin, st->cases, st->n,
				  st->o->bounds, &drop, st->o->load_timeout_ms);
}

/* A worker forked from the fork server's template, ready at once; -1:
 * none (the template is not ready, or broken): start one cold. */
static pid_t spawn_forked(struct run_state *st, int sock)
{
	pid_t pid = fork_server_fork(&st->fs, sock);
	int j;

	/* a child of this process, but one that is already a worker is
	 * not a new one: the template lied */
	for (j = 0; pid > 0 && j < st->jobs; j++) {
		if (st->w[j].pid == pid) {
			st->fs.state = FS_BROKEN;
			fork_server_stop(&st->fs);
			pid = -1;
		}
	}
	return pid;
}

static void spawn(struct run_state *st, struct worker *w)
{
	int sv[2];

	memset(w, 0, sizeof(*w));
	start_template(st);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		perror("ringcheck: socketpair");
		exit(2);
	}
	w->since = procs_now_ms();
	w->cpu_mark = -1;
	w->pid = spawn_forked(st, sv[1]);
	if (w->pid > 0) {
		/* loaded in the template: no READY to wait for */
		w->ready = true;
		close(sv[1]);
		w->fd = sv[0];
		return;
	}
	w->pid = procs_fork();
	if (w->pid < 0) {
		perror("ringcheck: fork");
		exit(2);
	}
	if (w->pid == 0) {
		int fds[MAX_JOBS], j, k = worker_fds(st, fds);

		close(sv[0]);
		/* the other workers' sockets and the template's are not
		 * this one's business */
		for (j = 0; j < k; j++)
			close(fds[j]);
		if (st->fs.fd >= 0)
			close(st->fs.fd);
		worker_main(st->plugin, st->cases, st->n, st->o->bounds,
			    sv[1]);
	}
	close(sv[1]);
	w->fd = sv[0];
}

/* The next case to give out, or -1. */
static long take(struct run_state *st)
{
	while (st->nrequeue) {
		size_t i = st->requeue[--st->nrequeue];

		if (!st->closed[i])
			return (long)i;
	}
	while (st->next < st->n && st->closed[st->next])
		st->next++;
	return st->next < st->n ? (long)st->next++ : -1;
}

static void feed(struct run_state *st, struct worker *w)
{
	uint32_t batch[WORKER_DEPTH];
	size_t k = 0;
	long i;

	if (st->stop || !w->ready || w->nq > WORKER_DEPTH / 2)
		return;
	while (w->nq < WORKER_DEPTH && (i = take(st)) >= 0) {
		if (!w->nq) {
			w->since = procs_now_ms();
			w->cpu_mark = -1;
		}
		w->q[w->nq++] = (size_t)i;
		batch[k++] = (uint32_t)i;
	}
	/* a dead worker's socket fails: its death is seen by wait */
	if (k)
		send(w->fd, batch, k * sizeof(batch[0]), MSG_NOSIGNAL);
}

/* Kills whatever the reader left behind: every child but the workers
 * and the fork server's template. */
static void sweep(struct run_state *st)
{
	pid_t keep[MAX_JOBS + 1];
	int j, k = 0;

	for (j = 0; j < st->jobs; j++)
		if (st->w[j].pid > 0)
			keep[k++] = st->w[j].pid;
	if (st->fs.pid > 0)
		keep[k++] = st->fs.pid;
	procs_sweep(keep, k);
}

/*
 * The worker is gone (status) or must go (kind given): the case it ran
 * fails with why, the queued ones go back, and a fresh worker replaces it
 * unless the run stops.
 */
static void retire(struct run_state *st, struct worker *w,
		   enum fail_kind kind, const char *why)
{
	int k;

	close(w->fd);
	if (!w->ready) {
		if (!st->stop) {
			st->stop = STOP_LOAD;
			snprintf(st->stop_why, sizeof(st->stop_why),
				 "the plugin could not be loaded in a worker: "
				 "%s", why);
		}
	} else if (w->nq) {
		st->deaths++;
		close_case(st, w->q[0], CASE_FAILED, kind, why);
		for (k = 1; k < w->nq; k++)
			st->requeue[st->nrequeue++] = w->q[k];
	}
	w->pid = 0;
	w->nq = 0;
	sweep(st);
}

/* Kills w (it stalled or grew too big) and fails its case with why. */
static void kill_worker(struct run_state *st, struct worker *w,
			enum fail_kind kind, const char *why)
{
	procs_kill(w->pid, NULL);
	retire(st, w, kind, why);
}

static void worker_died(struct run_state *st, struct worker *w, int status)
{
	char how[96], why[CASE_MSG_LEN];
	/* killed by the parent for running on without its socket (reap) */
	bool cut = w->cut && WIFSIGNALED(status) &&
		   WTERMSIG(status) == SIGKILL;

	procs_kill(w->pid, NULL);	/* the rest of its group */
	procs_describe(status, how, sizeof(how));
	if (!w->ready)
		snprintf(why, sizeof(why), "the worker %s while loading "
			 "the plugin (%s)", WIFSIGNALED(status) ? "crashed"
			 : "exited", how);
	else if (cut)
		snprintf(why, sizeof(why), "the reader closed the worker's "
			 "socket during the case and ran on: nothing it did "
			 "after could be reported (the worker was killed)");
	else if (WIFSIGNALED(status) && w->place[0])
		snprintf(why, sizeof(why), "%s", w->place);
	else
		snprintf(why, sizeof(why), "the reader %s during the case "
			 "(%s)", WIFSIGNALED(status) ? "crashed" : "exited",
			 how);
	w->place[0] = '\0';
	retire(st, w, WIFSIGNALED(status) && !cut ? FAIL_CRASH : FAIL_EXIT,
	       why);
}

/* One message of w; false if w was killed for it. */
static bool handle(struct run_state *st, struct worker *w, struct wire *m,
		   size_t len)
{
	if (len != sizeof(*m)) {
		kill_worker(st, w, FAIL_STRAY, "the worker sent a malformed "
			    "result: its memory was overwritten");
		return false;
	}
	m->res.msg[sizeof(m->res.msg) - 1] = '\0';
	m->res.check[sizeof(m->res.check) - 1] = '\0';
	if (m->tag == MSG_READY && !w->ready) {
		w->ready = true;
		return true;
	}
	if (m->tag == MSG_LOAD_FAILED && !w->ready) {
		char why[CASE_MSG_LEN];

		snprintf(why, sizeof(why), "%.200s", m->res.msg);
		kill_worker(st, w, FAIL_LOAD, why);
		return false;
	}
	if (m->tag == MSG_CRASH_PLACE && w->nq && m->index == w->q[0]) {
		snprintf(w->place, sizeof(w->place), "%s", m->res.msg);
		return true;
	}
	if (m->tag != MSG_RESULT || !w->nq || m->index != w->q[0] ||
	    m->res.status > CASE_SKIPPED || m->res.status == CASE_NOT_RUN) {
		kill_worker(st, w, FAIL_STRAY, "the worker answered a case it "
			    "was not running: its memory was overwritten");
		return false;
	}
	/* closed already: the breaker ended its family while it ran */
	if (!st->closed[w->q[0]]) {
		close_case(st, w->q[0], m->res.status, m->res.kind,
			   m->res.msg);
		st->results[w->q[0]] = m->res;
	}
	memmove(w->q, w->q + 1, (size_t)(--w->nq) * sizeof(w->q[0]));
	w->answered = true;
	w->since = procs_now_ms();
	w->cpu_mark = -1;
	return true;
}

/* Takes the messages w has sent; false if there were none. */
static bool on_message(struct run_state *st, struct worker *w)
{
	static struct wire m[RECV_BATCH];
	struct mmsghdr h[RECV_BATCH];
	struct iovec v[RECV_BATCH];
	int got, k;

	if (!w->pid || w->eof)
		return false;
	memset(h, 0, sizeof(h));
	for (k = 0; k < RECV_BATCH; k++) {
		v[k] = (struct iovec){ &m[k], sizeof(m[k]) };
		h[k].msg_hdr.msg_iov = &v[k];
		h[k].msg_hdr.msg_iovlen = 1;
	}
	got = recvmmsg(w->fd, h, RECV_BATCH, MSG_DONTWAIT, NULL);
	if (got <= 0)
		return false;
	for (k = 0; k < got; k++) {
		if (!h[k].msg_len) {
			w->eof = true;	/* the worker ends: wait will tell */
			return k > 0;
		}
		if (!handle(st, w, &m[k], h[k].msg_len))
			return false;
	}
	return true;
}

/* The CPU time pid has used, in ms, from /proc/PID/stat; -1 if unknown.
 * Its state letter into *state ('T': stopped). */
static double cpu_ms(pid_t pid, char *state)
{
	unsigned long utime, stime;
	char path[48], buf[1024], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* fields 14 and 15, counted after the command name's ')' */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u "
			 "%*u %lu %lu", state, &utime, &stime) != 3)
		return -1;
	return (utime + stime) * 1e3 / (double)sysconf(_SC_CLK_TCK);
}

/*
 * A case past its time limit on the clock is hung once it has also used
 * the limit in CPU time since then, or has gone ten limits on the clock:
 * a loaded machine stretches the clock, not the CPU time a case needs,
 * and a reader that blocks uses none. A stopped worker (SIGSTOP) is hung
 * at once: nothing in the run would ever continue it.
 */
static bool hung(struct worker *w, const struct runner_opts *o, double now)
{
	char state = '?';
	double cpu = cpu_ms(w->pid, &state);

	if (now - w->since > 10.0 * o->timeout_ms || state == 'T' ||
	    state == 't')
		return true;
	if (cpu < 0)
		return false;
	if (w->cpu_mark < 0) {
		w->cpu_mark = cpu;
		return false;
	}
	return cpu - w->cpu_mark > o->timeout_ms;
}

/* Resident set of pid in MiB, from /proc/PID/statm; 0 if unknown. */
static unsigned long rss_mb(pid_t pid)
{
	char path[48];
	unsigned long size, res = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/statm", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%lu %lu", &size, &res) != 2)
		res = 0;
	fclose(f);
	return res * (unsigned long)sysconf(_SC_PAGESIZE) >> 20;
}

static void check_limits(struct run_state *st, struct worker *w, double now)
{
	const struct runner_opts *o = st->o;
	char why[CASE_MSG_LEN];
	unsigned long mb;

	if (w->nq && st->closed[w->q[0]]) {
		/* the breaker ended the case it runs: no verdict of its own */
		kill_worker(st, w, FAIL_NONE, "");
	} else if (!w->ready && now - w->since > o->load_timeout_ms) {
		snprintf(why, sizeof(why), "the plugin did not load within "
			 "%u ms", o->load_timeout_ms);
		kill_worker(st, w, FAIL_LOAD, why);
	} else if (w->nq && now - w->since > o->timeout_ms &&
		   hung(w, o, now)) {
		snprintf(why, sizeof(why), "the reader hung (no result within "
			 "%u ms, of CPU time or ten times that on the clock; "
			 "killed)", o->timeout_ms);
		kill_worker(st, w, FAIL_HANG, why);
	} else if (o->memory_mb && (mb = rss_mb(w->pid)) > o->memory_mb) {
		snprintf(why, sizeof(why), "the worker used %lu MiB, over the "
			 "--memory limit of %lu MiB (killed)", mb,
			 o->memory_mb);
		kill_worker(st, w, FAIL_MEMORY, why);
	}
}

static bool any_eof(const struct run_state *st)
{
	int j;

	for (j = 0; j < st->jobs; j++)
		if (st->w[j].pid > 0 && st->w[j].eof)
			return true;
	return false;
}

/* Every worker busy for a while yet: the parent can let results pile up.
 * Not a worker that has not answered a case yet: one that dies in its
 * first (a reader that crashes in every case) wants replacing now. */
static bool all_busy(const struct run_state *st)
{
	int j, live = 0;

	for (j = 0; j < st->jobs; j++) {
		const struct worker *w = &st->w[j];

		if (!w->pid)
			continue;
		if (!w->ready || w->eof || !w->answered ||
		    w->nq <= BUSY_QUEUE)
			return false;
		live++;
	}
	return live > 0;
}

static void progress(const struct run_state *st, const char *name, double t0)
{
	fprintf(stderr, "\r%s: %zu/%zu cases, %.0f cases/s   ", name,
		st->nclosed, st->n,
		st->nclosed / ((procs_now_ms() - t0) / 1e3 + 1e-9));
}

/* Reaps the workers that ended and closes what they leave open. */
static void reap(struct run_state *st)
{
	int j, status;

	for (j = 0; j < st->jobs; j++) {
		struct worker *w = &st->w[j];

		if (w->pid <= 0)
			continue;
		if (waitpid(w->pid, &status, WNOHANG) != w->pid) {
			/*
			 * Its socket closed and it has not ended: the reader
			 * closed the worker's descriptors and runs on. Nothing
			 * can come of it (its results have nowhere to go), and
			 * a reader that does it on every call would take the
			 * rest of its case: it goes now. A worker that is
			 * exiting keeps the status it set before its files
			 * closed; the signal does not change it.
			 */
			if (w->eof && !w->cut) {
				w->cut = true;
				kill(-w->pid, SIGKILL);
				kill(w->pid, SIGKILL);
			}
			continue;
		}
		/* results it sent before it ended still count */
		w->eof = false;
		while (on_message(st, w))
			;
		if (!w->pid)
			continue;
		if (w->ready && !w->nq) {
			/* between cases: nothing lost */
			procs_kill(w->pid, NULL);
			close(w->fd);
			w->pid = 0;
			sweep(st);
			continue;
		}
		worker_died(st, w, status);
	}
}

static bool work_left(const struct run_state *st)
{
	size_t i;

	if (st->stop)
		return false;
	if (st->nrequeue)
		return true;
	for (i = st->next; i < st->n; i++)
		if (!st->closed[i])
			return true;
	return false;
}

static void stop_all(struct run_state *st)
{
	int j;

	for (j = 0; j < st->jobs; j++) {
		if (st->w[j].pid <= 0)
			continue;
		procs_kill(st->w[j].pid, NULL);
		close(st->w[j].fd);
		st->w[j].pid = 0;
	}
	fork_server_stop(&st->fs);
	sweep(st);
}

/* A worker with nothing more to do: its socket closed, it exits (and a
 * coverage build writes its counters), then its group goes. */
static void dismiss(struct run_state *st, struct worker *w)
{
	close(w->fd);
	procs_wait(w->pid, NULL, procs_now_ms() + 1000);
	procs_kill(w->pid, NULL);
	w->pid = 0;
	sweep(st);
}

int runner_run(const char *plugin, const char *name,
	       const struct case_ref *cases, size_t n,
	       const struct runner_opts *o, struct case_result *results)
{
	struct run_state *st = calloc(1, sizeof(*st));
	double t0 = procs_now_ms(), last_tick = t0, last_progress = t0;
	struct pollfd pfd[MAX_JOBS];
	struct worker *who[MAX_JOBS];
	int j, alive, npfd, ret;
	size_t i;

	st->plugin = plugin;
	st->cases = cases;
	st->n = n;
	st->o = o;
	st->results = results;
	st->closed = calloc(n ? n : 1, sizeof(*st->closed));
	st->requeue = calloc(MAX_JOBS * WORKER_DEPTH, sizeof(*st->requeue));
	st->streak = calloc((size_t)nfamilies, sizeof(*st->streak));
	st->fs.fd = -1;
	st->jobs = o->jobs < 1 ? 1 : o->jobs > MAX_JOBS ? MAX_JOBS : o->jobs;
	if ((size_t)st->jobs > n)
		st->jobs = n ? (int)n : 1;
	memset(results, 0, n * sizeof(*results));

	while (n) {
		double now = procs_now_ms();

		if (o->deadline_ms && now - t0 > o->deadline_ms && !st->stop) {
			st->stop = STOP_USER;
			snprintf(st->stop_why, sizeof(st->stop_why),
				 "not run: the --deadline of %lu ms was "
				 "reached", o->deadline_ms);
		}
		if (st->stop == STOP_USER)
			break;
		npfd = 0;
		for (j = 0; j < st->jobs; j++) {
			struct worker *w = &st->w[j];

			if (!w->pid && work_left(st))
				spawn(st, w);
			if (!w->pid)
				continue;
			feed(st, w);
			if (w->ready && !w->nq && !work_left(st)) {
				dismiss(st, w);
				continue;
			}
			if (w->eof)
				continue;	/* its end is for reap() */
			pfd[npfd].fd = w->fd;
			pfd[npfd].events = POLLIN;
			who[npfd++] = w;
		}
		for (j = alive = 0; j < st->jobs; j++)
			alive += st->w[j].pid > 0;
		if (!alive)
			break;
		if (all_busy(st))
			nanosleep(&(struct timespec){ 0, BATCH_SLEEP_NS },
				  NULL);
		if (poll(pfd, (nfds_t)npfd, any_eof(st) ? 1 : TICK_MS) > 0) {
			for (j = 0; j < npfd; j++) {
				if (!pfd[j].revents)
					continue;
				while (on_message(st, who[j]))
					feed(st, who[j]);
			}
		}
		/* a worker that closed its socket is ending: its replacement
		 * starts now, not at the next tick */
		if (any_eof(st))
			reap(st);
		now = procs_now_ms();
		if (now - last_tick >= TICK_MS) {
			reap(st);
			for (j = 0; j < st->jobs; j++)
				if (st->w[j].pid)
					check_limits(st, &st->w[j], now);
			last_tick = now;
		}
		if (o->progress && now - last_progress > 500) {
			progress(st, name, t0);
			last_progress = now;
		}
	}
	stop_all(st);
	if (o->progress)
		fprintf(stderr, "\r%*s\r", 60, "");

	for (i = 0; i < n; i++) {
		if (st->closed[i])
			continue;
		if (!st->stop)
			break;
		if (st->stop == STOP_USER)
			close_case(st, i, CASE_NOT_RUN, FAIL_NONE,
				   st->stop_why);
		else
			close_case(st, i, CASE_FAILED, FAIL_LOAD,
				   st->stop_why);
	}
	ret = st->nclosed == n ? 0 : -1;
	free(st->closed);
	free(st->requeue);
	free(st->streak);
	free(st);
	return ret;
}

void runner_summarise(const struct case_ref *cases, size_t n,
		      const struct case_result *results,
		      struct family_stats *stats)
{
	size_t i;
	int f;

	memset(stats, 0, (size_t)nfamilies * sizeof(*stats));
	for (f = 0; f < nfamilies; f++)
		stats[f].first = SIZE_MAX;
	for (i = 0; i < n; i++) {
		struct family_stats *fs = &stats[cases[i].family];

		fs->cases++;
		switch (results[i].status) {
		case CASE_PASSED:
			fs->passed++;
			break;
		case CASE_SKIPPED:
			fs->skipped++;
			break;
		case CASE_FAILED:
			fs->failed++;
			if (fs->first == SIZE_MAX)
				fs->first = i;
			break;
		default:
			fs->not_run++;
		}
	}
}
