// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringcheck stress: a reader concurrently with the simulated writer
 * (engine/stress/stress.c), then with the kernel (engine/stress/kernel_stress.c), each
 * in a child process, with the throughput.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stress/kernel_stress.h"
#include "runner/plugin.h"
#include "ringcheck.h"
#include "stress/stress.h"

static const char stress_usage[] =
"usage: ringcheck stress [--reader FILE.so] [--records N] [--seed N]\n"
"                        [--kernel-faults N] [--sim-only] [--stall MS]\n"
"  A writer thread and the reader in another thread on one ring: record\n"
"  sizes 8..65528 with wraps, both forward consume patterns with and\n"
"  without loss, backward overwrite rounds. Every record is checked once,\n"
"  in order, byte for byte, and every drop against the LOST counts.\n"
"  Then the kernel: another thread's page faults sampled with period 1,\n"
"  read concurrently; samples + LOST must equal the event's count.\n"
"  The rounds follow the reader's declared capabilities; a callback\n"
"  reader (drain) is drained; a reader with only the fd entry maps the\n"
"  ring itself (the writer then writes through its mapping) and gets no\n"
"  overwrite rounds. A reader declaring none of them is a SKIP.\n"
"  --records N        simulated write requests (default 100000000)\n"
"  --kernel-faults N  faults of the kernel part (default 100000)\n"
"  --stall MS         no progress for MS ms is a hang (default 10000)\n"
"  Exit 0: clean; 1: the reader failed; 2: usage error or a test that\n"
"  could not run (a kernel part that cannot run here is a SKIP).\n";

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

struct totals {
	int	passed, failed, skipped, broken;
};

static void report(struct totals *t, int rc, const struct stress_result *r)
{
	if (rc == 0) {
		t->passed++;
		printf("  clean\n");
	} else if (rc == 1) {
		t->failed++;
		printf("  FAIL: %s\n", r->msg);
	} else if (rc == 2) {
		t->skipped++;
		printf("  SKIP: %s\n", r->msg);
	} else {
		t->broken++;
		printf("  ERROR: %s\n", r->msg);
	}
}

static void sim_part(const char *reader, const struct stress_opts *opts,
		     unsigned int stall, struct totals *t)
{
	struct stress_result res;
	double t0 = now(), secs;
	int rc = stress_run_isolated(reader, stress_run, opts, stall, &res);

	secs = now() - t0;
	printf("stress %s: %llu records (%llu delivered, %llu LOST-reported, "
	       "%llu overwritten), rounds %llu/%llu/%llu/%llu"
	       " (consume-each/consume-cycle/overwrite/drain)\n", reader,
	       (unsigned long long)res.records,
	       (unsigned long long)res.delivered,
	       (unsigned long long)res.lost,
	       (unsigned long long)(res.records - res.delivered - res.lost),
	       (unsigned long long)res.rounds[0],
	       (unsigned long long)res.rounds[1],
	       (unsigned long long)res.rounds[2],
	       (unsigned long long)res.rounds[3]);
	printf("  %.1f s, %.2f M records/s, %.0f MB/s delivered\n", secs,
	       res.records / secs / 1e6, res.bytes / secs / 1e6);
	report(t, rc, &res);
}

static void kernel_part(const char *reader, uint64_t faults,
			unsigned int stall, struct totals *t)
{
	struct stress_opts opts = { .records = faults };
	struct stress_result res;
	double t0 = now(), secs;
	int rc;

	/* kernel_ring/ reads through the plugin RINGCHECK_READER names */
	setenv("RINGCHECK_READER", reader, 1);
	rc = stress_run_isolated(reader, kstress_run, &opts, stall, &res);
	secs = now() - t0;
	printf("kernel: page faults of another thread, period 1: counted "
	       "%llu, %llu samples delivered, %llu reported lost, %.1f s\n",
	       (unsigned long long)res.records,
	       (unsigned long long)res.delivered,
	       (unsigned long long)res.lost, secs);
	report(t, rc, &res);
}

int cmd_stress(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "reader", required_argument, NULL, 'r' },
		{ "records", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "kernel-faults", required_argument, NULL, 'k' },
		{ "sim-only", no_argument, NULL, 'o' },
		{ "stall", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct stress_opts opts = { .records = 100000000ull, .seed = 1 };
	uint64_t stall = 10000, faults = 100000;
	const char *reader = NULL;
	struct totals t = { 0 };
	bool sim_only = false;
	int c;

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
		case 'k':
			if (parse_u64(optarg, &faults) || !faults ||
			    faults > 100000000)
				return usage_error("--kernel-faults wants "
						   "1..100000000, not", optarg);
			break;
		case 'o':
			sim_only = true;
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

	sim_part(reader, &opts, stall, &t);
	if (!t.broken && !sim_only)
		kernel_part(reader, faults, stall, &t);
	if (t.broken) {
		fprintf(stderr, "ringcheck stress: %s: could not run\n",
			reader);
		return 2;
	}
	printf("# ringcheck-totals stress passed=%d failed=%d skipped=%d\n",
	       t.passed, t.failed, t.skipped);
	return t.failed ? 1 : 0;
}
