// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringcheck: conformance suite for readers of the perf_event ring buffer.
 */
#include <stdio.h>
#include <string.h>
#include <ringcheck/reader.h>

#include "report.h"
#include "ringcheck.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *what;
} commands[] = {
	{ "run", cmd_run, "run the conformance suite against readers" },
	{ "capture", cmd_capture, "save ring images of this kernel (fixtures)" },
	{ "sim", cmd_sim, "drive the simulated kernel writer, show the ring" },
	{ "merge", cmd_merge, "add up the --json reports of --shard runs" },
	{ "diff", cmd_diff, "new failures and fixes between two --json reports" },
	{ "stress", cmd_stress, "a reader concurrently with the writer (barriers)" },
};

static int usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: ringcheck COMMAND [ARGS]\n"
		     "       ringcheck --version\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].what);
	fprintf(out, "'ringcheck COMMAND --help' describes one.\n");
	return out == stdout ? 0 : 2;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help"))
		return usage(stdout);
	if (!strcmp(argv[1], "--version")) {
		printf("ringcheck %s (reader ABI %d)\n", ringcheck_version,
		       RINGCHECK_READER_ABI_LATEST);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "ringcheck: unknown command '%s'\n", argv[1]);
	return usage(stderr);
}
