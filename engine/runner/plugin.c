// SPDX-License-Identifier: GPL-2.0-only
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scenario/capabilities.h"
#include "scenario/paths.h"
#include "plugin.h"
#include "procs.h"

/*
 * dlopen() searches the library path for a name without '/': "my.so"
 * given on the command line means the file in the current directory.
 */
static const char *as_file(const char *path, char *buf, size_t len)
{
	if (strchr(path, '/'))
		return path;
	snprintf(buf, len, "./%s", path);
	return buf;
}

const struct ringcheck_reader_ops *plugin_load(const char *path, char *err,
					       size_t errlen)
{
	const struct ringcheck_reader_ops *(*entry)(void);
	const struct ringcheck_reader_ops *ops;
	char buf[PATH_MAX];
	void *dl = dlopen(as_file(path, buf, sizeof(buf)),
			  RTLD_NOW | RTLD_LOCAL);

	if (!dl) {
		snprintf(err, errlen, "cannot load: %s", dlerror());
		return NULL;
	}
	*(void **)&entry = dlsym(dl, "ringcheck_reader");
	if (!entry) {
		snprintf(err, errlen, "%s exports no ringcheck_reader()", path);
		return NULL;
	}
	ops = entry();
	if (!ops) {
		snprintf(err, errlen, "ringcheck_reader() returned NULL");
		return NULL;
	}
	/* a version-1 ops ends at push: capabilities.c reads no further */
	if (ops->abi_version < 1 ||
	    ops->abi_version > RINGCHECK_READER_ABI_LATEST) {
		snprintf(err, errlen, "ABI version %u, ringcheck speaks 1 to %u",
			 ops->abi_version, RINGCHECK_READER_ABI_LATEST);
		return NULL;
	}
	if (plugin_caps_refused(ops)) {
		snprintf(err, errlen, "%s", plugin_caps_refused(ops));
		return NULL;
	}
	if (reader_ops_incomplete(ops)) {
		snprintf(err, errlen, "a required operation is NULL: %s",
			 reader_ops_incomplete(ops));
		return NULL;
	}
	return ops;
}

int plugin_probe(const char *path, char *name, size_t namelen, char *caps,
		 size_t capslen, char *err, size_t errlen)
{
	char buf[1024] = "", *tab;
	double until = procs_now_ms() + PLUGIN_LOAD_TIMEOUT_MS;
	struct pollfd p;
	int fd[2], status = 0;
	ssize_t n = 0;
	pid_t pid;

	if (pipe(fd)) {
		snprintf(err, errlen, "%s: pipe: %m", path);
		return -1;
	}
	pid = procs_fork();
	if (pid == 0) {
		const struct ringcheck_reader_ops *ops;

		close(fd[0]);
		ops = plugin_load(path, buf + 1, sizeof(buf) - 1);
		buf[0] = ops ? '+' : '-';
		if (ops) {
			snprintf(buf + 1, sizeof(buf) - 1, "%s\t",
				 ops->name ? ops->name : "unnamed");
			reader_caps_describe(ops, buf + strlen(buf),
					     sizeof(buf) - strlen(buf));
		}
		if (write(fd[1], buf, strlen(buf)) < 0)
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	p.fd = fd[0];
	p.events = POLLIN;
	/* the time limit is this process's: the plugin's constructor may
	 * block or ignore any signal but SIGKILL */
	while (pid > 0 && procs_now_ms() < until) {
		if (poll(&p, 1, (int)(until - procs_now_ms()) + 1) > 0) {
			n = read(fd[0], buf, sizeof(buf) - 1);
			break;
		}
	}
	close(fd[0]);
	if (pid > 0) {
		if (n <= 0)
			procs_wait(pid, &status, procs_now_ms() + 100);
		procs_kill(pid, &status);
		procs_sweep(NULL, 0);
	}
	buf[n > 0 ? n : 0] = '\0';
	if (buf[0] == '+') {
		tab = strchr(buf, '\t');
		if (tab)
			*tab++ = '\0';
		snprintf(name, namelen, "%s", buf + 1);
		if (caps)
			snprintf(caps, capslen, "%s", tab ? tab : "");
		return 0;
	}
	if (buf[0] == '-')
		snprintf(err, errlen, "%s: %s", path, buf + 1);
	else if (pid > 0 && procs_now_ms() >= until)
		snprintf(err, errlen, "%s: did not load within %d ms (killed)",
			 path, PLUGIN_LOAD_TIMEOUT_MS);
	else if (WIFSIGNALED(status))
		snprintf(err, errlen, "%s: crashed while loading (signal %d)",
			 path, WTERMSIG(status));
	else
		snprintf(err, errlen, "%s: exited while loading (status %d)",
			 path, WEXITSTATUS(status));
	return -1;
}

const char *plugin_reference_path(void)
{
	static char path[PATH_MAX];
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return "build/plugins/reference.so";
	exe[n] = '\0';
	snprintf(path, sizeof(path), "%s", paths_reference_plugin());
	return path;
}
