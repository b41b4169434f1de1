/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fork server: a template process that has loaded and probed the
 * plugin once and never runs a case; a worker that died is replaced by a
 * fork of it rather than by a fresh process that loads the plugin again.
 * The template is the reader's code, so nothing it says is taken on trust:
 * a template that fails, dies, hangs or answers out of turn is stopped and
 * the caller starts its workers cold, as without a fork server.
 */
#ifndef RINGCHECK_FORK_SERVER_H
#define RINGCHECK_FORK_SERVER_H

#include <stdbool.h>
#include <sys/types.h>

#include "runner.h"

struct fork_server {
	enum {
		FS_OFF,		/* not started yet */
		FS_LOADING,	/* started, not ready yet */
		FS_READY,
		FS_BROKEN,	/* stopped for good: cold starts */
	}		state;
	pid_t		pid;	/* the template; 0: none */
	int		fd;	/* its control socket */
	double		since;	/* it was started */
	unsigned int	load_timeout_ms;
};

/* The parent's state that the template leaves behind. */
struct fork_server_drop {
	const int	*fds;	/* the workers' sockets: closed */
	int		nfds;
	void		*mem;	/* the results: released (the pages not
				 * copied into every fork) */
	size_t		len;
};

/* Starts the template in a child of its own process group. */
void fork_server_start(struct fork_server *fs, const char *plugin,
		       const struct case_ref *cases, size_t n,
		       enum scenario_bounds bounds,
		       const struct fork_server_drop *drop,
		       unsigned int load_timeout_ms);
/*
 * A worker forked from the template with sock (its end of a fresh
 * socketpair; the caller closes it) as its connection: this process's
 * child, in a process group of its own, its plugin loaded. -1 when the
 * template is not ready yet or is broken (then stopped): start one cold.
 */
pid_t fork_server_fork(struct fork_server *fs, int sock);
/* Kills and reaps the template; it is not started again. */
void fork_server_stop(struct fork_server *fs);

#endif
