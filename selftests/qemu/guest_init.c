// SPDX-License-Identifier: GPL-2.0-only
/*
 * /init of the qemu guest (selftests/qemu/run.sh): mounts what the tests
 * need, prints what differs between kernels (kernel_facts), runs the
 * kernel selftests, the differential test (as many sequences as
 * ringcheck.diff=N on the kernel command line says, or the one of
 * ringcheck.diff_seed=S step by step) and `ringcheck
 * capture all`, prints the ring images between markers on the console for
 * the host to keep, and powers the guest off. Static, no shell.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void run(char *const argv[])
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	printf("=== ringcheck-guest: %s exit %d\n", argv[0],
	       WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	fflush(stdout);
}

static void print_images(const char *top)
{
	char path[512], line[4096];
	struct dirent *kv, *e;
	DIR *d = opendir(top), *sub;

	while (d && (kv = readdir(d))) {
		if (kv->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", top, kv->d_name);
		sub = opendir(path);
		while (sub && (e = readdir(sub))) {
			FILE *f;

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s/%s", top, kv->d_name,
				 e->d_name);
			f = fopen(path, "r");
			printf("=== ringcheck-image %s/%s\n", kv->d_name,
			       e->d_name);
			while (f && fgets(line, sizeof(line), f))
				fputs(line, stdout);
			printf("=== ringcheck-image-end\n");
			fflush(stdout);
			if (f)
				fclose(f);
		}
		if (sub)
			closedir(sub);
	}
	if (d)
		closedir(d);
}

/* The digits after key= in /proc/cmdline into buf, or def. */
static void cmdline_number(const char *key, const char *def, char *buf,
			   size_t len)
{
	char line[4096] = "", *p;
	FILE *f = fopen("/proc/cmdline", "r");

	snprintf(buf, len, "%s", def);
	if (f && fgets(line, sizeof(line), f) && (p = strstr(line, key)))
		snprintf(buf, len, "%.*s",
			 (int)strspn(p + strlen(key), "0123456789"),
			 p + strlen(key));
	if (f)
		fclose(f);
}

/* A test the host linked statically, when it did (the libraries' loops:
 * run.sh counts the ones it could not link as skipped). */
static void run_if_there(char **argv)
{
	if (access(argv[0], X_OK) == 0)
		run(argv);
}

int main(void)
{
	char count[16], seed[24];
	char *diff[] = { "/differential", "-n", count, NULL };
	char *one[] = { "/differential", "--seed", seed, NULL };
	char *comm[] = { "/comm_test", NULL };
	char *samples[] = { "/samples_test", NULL };
	char *percpu[] = { "/percpu_test", NULL };
	char *wakeups[] = { "/wakeups_test", NULL };
	char *hangup[] = { "/hangup_test", NULL };
	char *libbpf[] = { "/libbpf_test", NULL };
	char *libbpf_poll[] = { "/libbpf_poll_test", NULL };
	char *bcc_poll[] = { "/bcc_poll_test", NULL };
	char *facts[] = { "/kernel_facts", NULL };
	char *capture[] = { "/ringcheck", "capture", "all", "/tmp/fx", NULL };

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL);
	mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("=== ringcheck-guest: start\n");
	run(facts);
	run(comm);
	run(samples);
	run(percpu);	/* the guest has 2 CPUs */
	run(wakeups);
	run(hangup);
	run_if_there(libbpf);
	run_if_there(libbpf_poll);
	run_if_there(bcc_poll);
	/* ringcheck.diff=N sequences; ringcheck.diff_seed=S replays one */
	cmdline_number("ringcheck.diff=", "300", count, sizeof(count));
	cmdline_number("ringcheck.diff_seed=", "", seed, sizeof(seed));
	run(seed[0] ? one : diff);
	run(capture);
	print_images("/tmp/fx");
	printf("=== ringcheck-guest: done\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
