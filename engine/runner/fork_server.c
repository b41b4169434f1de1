// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fork server. A worker that dies is replaced by a fork of a template
 * that loaded the plugin once, not by a process that starts over (fork of
 * ringcheck, dlopen, the reader's constructors, the checks of the load):
 * a reader that crashes or exits in every case is judged at the cost of a
 * fork a case.
 *
 * What a worker is protected by stays as it was: each worker is a fresh
 * process (a fork of the template, which never runs a case, so no case's
 * state reaches the next), with the fault handlers armed at load and
 * checked after every case, and its rings, their guard pages, sealed views
 * and the ledger made in the worker itself. They are not made in the
 * template: they are shared mappings of a memfd, and every fork would
 * share the same pages with its siblings.
 *
 * The template forks with clone(CLONE_PARENT): the worker is ringcheck's
 * child, as a cold one is, so its death and how it died come from the
 * kernel (waitpid), never from the template. The raw system call skips
 * glibc's fork() bookkeeping, which a process with one thread does not
 * need (the thread id glibc keeps stays the template's; raise() and
 * fork() in the worker ask the kernel). A template with other threads
 * after load (a language runtime's) is not used: its forks would lack them.
 *
 * The template is the reader's code: whatever it says is checked (the pid
 * it names must be this process's child), and any failure, silence or odd
 * answer stops it for the rest of the run: the workers start cold again.
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fork_server.h"
#include "procs.h"
#include "worker.h"

/* A fork takes the idle template well under a millisecond. */
#define FORK_TIMEOUT_MS	1000
/* How long a template asked to leave may take to exit (a coverage build
 * writes its counters then). */
#define LEAVE_MS	1000

/* Threads of this process. */
static int threads(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

/* A descriptor sent with SCM_RIGHTS on ctl; -1 when ctl closed. */
static int take_fd(int ctl)
{
	char c, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec v = { &c, 1 };
	struct msghdr h = {
		.msg_iov = &v, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	int fd;

	if (recvmsg(ctl, &h, 0) <= 0)
		return -1;
	cm = CMSG_FIRSTHDR(&h);
	if (!cm || cm->cmsg_level != SOL_SOCKET ||
	    cm->cmsg_type != SCM_RIGHTS || cm->cmsg_len != CMSG_LEN(sizeof(int)))
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
	return fd;
}

/* The template: loads the plugin, says READY, then forks a worker for
 * every socket it is sent and answers with its pid (0: the fork failed). */
static void __attribute__((noreturn))
template_main(const char *plugin, const struct case_ref *cases, size_t n,
	      enum scenario_bounds bounds, int ctl)
{
	const struct ringcheck_reader_ops *ops;
	struct case_result r = { 0 };
	long pid;
	int sock;

	worker_prepare();
	ops = worker_open(plugin, r.msg, sizeof(r.msg));
	if (ops && threads() != 1) {
		snprintf(r.msg, sizeof(r.msg), "threads at load");
		ops = NULL;
	}
	worker_send(ctl, ops ? MSG_READY : MSG_LOAD_FAILED, 0, &r);
	if (!ops)
		_exit(0);
	while ((sock = take_fd(ctl)) >= 0) {
		pid = syscall(SYS_clone, CLONE_PARENT | SIGCHLD, NULL, NULL,
			      NULL, NULL);
		if (pid == 0) {
			close(ctl);
			setpgid(0, 0);
			worker_serve(ops, cases, n, bounds, sock);
		}
		close(sock);
		worker_send(ctl, MSG_FORKED, pid > 0 ? (uint32_t)pid : 0, NULL);
	}
	/* exit, not _exit: coverage builds write their counters at exit */
	exit(0);
}

/*
 * The template's pages of what it never reads: a fork copies the page
 * table of every page its parent has, and the results (hundreds of bytes
 * a case) would be most of them.
 */
static void release(void *mem, size_t len)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = ((uintptr_t)mem + page - 1) & ~(page - 1);
	uintptr_t to = ((uintptr_t)mem + len) & ~(page - 1);

	if (mem && to > from)
		madvise((void *)from, to - from, MADV_DONTNEED);
}

void fork_server_start(struct fork_server *fs, const char *plugin,
		       const struct case_ref *cases, size_t n,
		       enum scenario_bounds bounds,
		       const struct fork_server_drop *drop,
		       unsigned int load_timeout_ms)
{
	int sv[2], j;

	memset(fs, 0, sizeof(*fs));
	fs->fd = -1;
	fs->state = FS_BROKEN;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return;
	fs->pid = procs_fork();
	if (fs->pid == 0) {
		close(sv[0]);
		/* the workers' sockets are not the template's business */
		for (j = 0; j < drop->nfds; j++)
			close(drop->fds[j]);
		release(drop->mem, drop->len);
		template_main(plugin, cases, n, bounds, sv[1]);
	}
	close(sv[1]);
	if (fs->pid < 0) {
		close(sv[0]);
		fs->pid = 0;
		return;
	}
	fs->fd = sv[0];
	fs->state = FS_LOADING;
	fs->since = procs_now_ms();
	fs->load_timeout_ms = load_timeout_ms;
}

/* True once the template has loaded; never waits for it (the caller
 * starts a worker cold meanwhile). */
static bool loaded(struct fork_server *fs)
{
	struct wire m;
	ssize_t got;

	if (fs->state != FS_LOADING)
		return fs->state == FS_READY;
	got = recv(fs->fd, &m, sizeof(m), MSG_DONTWAIT);
	if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) &&
	    procs_now_ms() - fs->since <= fs->load_timeout_ms)
		return false;
	if (got == sizeof(m) && m.tag == MSG_READY) {
		fs->state = FS_READY;
		return true;
	}
	fs->state = FS_BROKEN;
	fork_server_stop(fs);
	return false;
}

pid_t fork_server_fork(struct fork_server *fs, int sock)
{
	char c = 'F', cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec v = { &c, 1 };
	struct msghdr h = {
		.msg_iov = &v, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct pollfd p = { .events = POLLIN };
	struct cmsghdr *cm;
	struct wire m;
	siginfo_t si;
	pid_t pid;

	if (!loaded(fs))
		return -1;
	memset(cbuf, 0, sizeof(cbuf));
	cm = CMSG_FIRSTHDR(&h);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &sock, sizeof(sock));
	p.fd = fs->fd;
	if (sendmsg(fs->fd, &h, MSG_NOSIGNAL) != 1 ||
	    poll(&p, 1, FORK_TIMEOUT_MS) != 1 ||
	    recv(fs->fd, &m, sizeof(m), MSG_DONTWAIT) != sizeof(m) ||
	    m.tag != MSG_FORKED)
		goto broken;
	/* the kernel, not the template, says whose child it is */
	pid = (pid_t)m.index;
	memset(&si, 0, sizeof(si));
	if (pid <= 0 || pid == fs->pid ||
	    waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT))
		goto broken;
	/* both sides, as procs_fork(): the group exists before it goes on */
	setpgid(pid, pid);
	return pid;
broken:
	fs->state = FS_BROKEN;	/* killed at once: it is not leaving */
	fork_server_stop(fs);
	return -1;
}

void fork_server_stop(struct fork_server *fs)
{
	if (fs->fd >= 0)
		close(fs->fd);
	if (fs->pid > 0) {
		/* a ready template leaves when its socket closes */
		if (fs->state == FS_READY)
			procs_wait(fs->pid, NULL, procs_now_ms() + LEAVE_MS);
		procs_kill(fs->pid, NULL);
	}
	fs->fd = -1;
	fs->pid = 0;
	fs->state = FS_BROKEN;
}
