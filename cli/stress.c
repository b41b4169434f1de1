// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringcheck stress: a reader concurrently with the simulated writer
 * (engine/stress.c), in a child process, with its throughput.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plugin.h"
#include "ringcheck.h"
#include "stress.h"

static const char stress_usage[] =
"usage: ringcheck stress [--reader FILE.so] [--records N] [--seed N]\n"
"                        [--stall MS]\n"
"  A writer thread and the reader in another thread on one ring: record\n"
"  sizes 8..65528 with wraps, both forward consume patterns with and\n"
"  without loss, backward overwrite rounds. Every record is checked once,\n"
"  in order, byte for byte, and every drop against the LOST counts.\n"
"  --records N  write requests in all (default 100000000)\n"
"  --stall MS   no progress for MS ms is a hang (default 10000)\n"
"  Exit 0: clean; 1: the reader failed; 2: usage error or the test could\n"
"  not run.\n";

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "ringcheck stress: %s %s\n%s", msg, arg, stress_usage);
	return 2;
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!s[0] || s[0] == '-')
		return -1;
	*v = strtoull(s, &end, 0);
	return *end ? -1 : 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int cmd_stress(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "reader", required_argument, NULL, 'r' },
		{ "records", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "stall", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct stress_opts opts = { .records = 100000000ull, .seed = 1 };
	const char *reader = NULL;
	struct stress_result res;
	uint64_t stall = 10000;
	double t0, secs;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			reader = optarg;
			break;
		case 'n':
			if (parse_u64(optarg, &opts.records) || !opts.records)
				return usage_error("--records wants a count "
						   "above 0, not", optarg);
			break;
		case 's':
			if (parse_u64(optarg, &opts.seed))
				return usage_error("--seed wants a number, "
						   "not", optarg);
			break;
		case 't':
			if (parse_u64(optarg, &stall) || !stall ||
			    stall > 3600000)
				return usage_error("--stall wants 1..3600000 "
						   "ms, not", optarg);
			break;
		case 'h':
			fputs(stress_usage, stdout);
			return 0;
		default:
			fputs(stress_usage, stderr);
			return 2;
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument", argv[optind]);
	if (!reader)
		reader = plugin_reference_path();

	t0 = now();
	rc = stress_run_isolated(reader, &opts, stall, &res);
	secs = now() - t0;
	if (rc < 0) {
		fprintf(stderr, "ringcheck stress: %s: %s\n", reader, res.msg);
		return 2;
	}
	printf("stress %s: %llu records (%llu delivered, %llu LOST-reported, "
	       "%llu overwritten), rounds %llu/%llu/%llu "
	       "(consume-each/consume-cycle/overwrite)\n", reader,
	       (unsigned long long)res.records,
	       (unsigned long long)res.delivered,
	       (unsigned long long)res.lost,
	       (unsigned long long)(res.records - res.delivered - res.lost),
	       (unsigned long long)res.rounds[0],
	       (unsigned long long)res.rounds[1],
	       (unsigned long long)res.rounds[2]);
	printf("  %.1f s, %.2f M records/s, %.0f MB/s delivered\n", secs,
	       res.records / secs / 1e6, res.bytes / secs / 1e6);
	if (rc)
		printf("  FAIL: %s\n", res.msg);
	else
		printf("  clean: every record once, in order, byte for byte; "
		       "every drop reported\n");
	printf("# ringcheck-totals stress passed=%d failed=%d skipped=0\n",
	       !rc, !!rc);
	return rc ? 1 : 0;
}
