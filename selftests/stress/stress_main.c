// SPDX-License-Identifier: GPL-2.0-only
/*
 * make stress: the stress test of engine/stress.c in one process with a
 * reader compiled in from source (it provides ringcheck_reader()), all
 * built with ThreadSanitizer: a head load or a tail store without its
 * barrier is a data race on the ring's bytes, which TSan reports and
 * stops on (halt_on_error=1).
 *
 *	stress_main [RECORDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "stress.h"

#define RECORDS		120000ull
#define TIME_LIMIT_S	300	/* against a reader that hangs */

int main(int argc, char **argv)
{
	struct stress_opts opts = { .records = RECORDS, .seed = 1 };
	const struct ringcheck_reader_ops *ops = ringcheck_reader();
	struct stress_result res = { 0 };
	int rc;

	if (argc > 1)
		opts.records = strtoull(argv[1], NULL, 0);
	if (!ops || !opts.records) {
		fprintf(stderr, "stress: no reader, or no records\n");
		return 2;
	}
	alarm(TIME_LIMIT_S);
	rc = stress_run(ops, &opts, &res);
	printf("stress %s under TSan: %llu records, %llu delivered, %llu "
	       "LOST-reported, rounds %llu/%llu/%llu\n",
	       ops->name ? ops->name : "?", (unsigned long long)res.records,
	       (unsigned long long)res.delivered,
	       (unsigned long long)res.lost,
	       (unsigned long long)res.rounds[0],
	       (unsigned long long)res.rounds[1],
	       (unsigned long long)res.rounds[2]);
	if (rc)
		printf("%s: %s\n", rc < 0 ? "ERROR" : "FAIL", res.msg);
	printf("# ringcheck-totals stress passed=%d failed=%d skipped=0\n",
	       rc == 0, rc != 0);
	return rc < 0 ? 2 : rc;
}
