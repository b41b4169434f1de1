// SPDX-License-Identifier: GPL-2.0-only
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "paths.h"
#include "plugin.h"

const struct ringcheck_reader_ops *plugin_load(const char *path, char *err,
					       size_t errlen)
{
	const struct ringcheck_reader_ops *(*entry)(void);
	const struct ringcheck_reader_ops *ops;
	void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);

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
	if (ops->abi_version != RINGCHECK_READER_ABI_VERSION) {
		snprintf(err, errlen, "ABI version %u, ringcheck speaks %u",
			 ops->abi_version, RINGCHECK_READER_ABI_VERSION);
		return NULL;
	}
	if (!ops->open || !ops->close || !ops->read_init ||
	    !ops->read_event || !ops->consume || !ops->read_done) {
		snprintf(err, errlen, "a required operation is NULL (only "
			 "push is optional)");
		return NULL;
	}
	return ops;
}

int plugin_probe(const char *path, char *name, size_t namelen, char *err,
		 size_t errlen)
{
	char buf[512] = "";
	int fd[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe(fd))
		return -1;
	pid = fork();
	if (pid == 0) {
		const struct ringcheck_reader_ops *ops;

		close(fd[0]);
		alarm(10);
		ops = plugin_load(path, buf + 1, sizeof(buf) - 1);
		buf[0] = ops ? '+' : '-';
		if (ops)
			snprintf(buf + 1, sizeof(buf) - 1, "%s",
				 ops->name ? ops->name : "unnamed");
		if (write(fd[1], buf, strlen(buf)) < 0)
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	n = read(fd[0], buf, sizeof(buf) - 1);
	close(fd[0]);
	waitpid(pid, &status, 0);
	buf[n > 0 ? n : 0] = '\0';
	if (buf[0] == '+') {
		snprintf(name, namelen, "%s", buf + 1);
		return 0;
	}
	if (buf[0] == '-')
		snprintf(err, errlen, "%s: %s", path, buf + 1);
	else if (WIFSIGNALED(status))
		snprintf(err, errlen, "%s: crashed while loading (signal %d)",
			 path, WTERMSIG(status));
	else
		snprintf(err, errlen, "%s: could not be probed", path);
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
