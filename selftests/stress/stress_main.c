// SPDX-License-Identifier: GPL-2.0-only
/*
 * make stress: the stress test of engine/stress/ in one process with a
 * reader compiled in from source (it provides ringcheck_reader()), or a
 * plugin built from source with -fsanitize=thread and named on the command
 * line, all under ThreadSanitizer: a head load or a tail store without its
 * barrier is a data race on the ring's bytes, which TSan reports and
 * stops on (halt_on_error=1).
 *
 *	stress_main [RECORDS [PLUGIN.so]]
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "stress/stress.h"

#define RECORDS		120000ull
#define STALL_S		20	/* no record checked for this long: a hang */

/* compiled in, unless the reader is a plugin */
const struct ringcheck_reader_ops *ringcheck_reader(void)
	__attribute__((weak));

static const struct ringcheck_reader_ops *reader(int argc, char **argv)
{
	const struct ringcheck_reader_ops *(*entry)(void) = ringcheck_reader;
	void *h;

	if (argc > 2) {
		h = dlopen(argv[2], RTLD_NOW | RTLD_LOCAL);
		if (!h) {
			fprintf(stderr, "stress: %s\n", dlerror());
			return NULL;
		}
		entry = (const struct ringcheck_reader_ops *(*)(void))
			dlsym(h, "ringcheck_reader");
	}
	return entry ? entry() : NULL;
}

/*
 * A reader that stops delivering (or a writer it never makes room for)
 * would leave the test waiting for ever: a failure, named, as ringcheck
 * stress names it (engine/stress/stress_isolated.c; here without a child process,
 * which would hide the reader from the sanitizer's report).
 */
static void *watchdog(void *arg)
{
	const struct stress_result *res = arg;
	uint64_t last = ~0ull, now;
	unsigned int still = 0;

	for (;;) {
		sleep(1);
		now = __atomic_load_n(&res->records, __ATOMIC_RELAXED) +
		      __atomic_load_n(&res->delivered, __ATOMIC_RELAXED);
		still = now == last ? still + 1 : 0;
		last = now;
		if (still == STALL_S) {
			printf("FAIL: no record checked for %d s after %llu "
			       "(a hang)\n# ringcheck-totals stress passed=0 "
			       "failed=1 skipped=0\n", STALL_S,
			       (unsigned long long)now);
			fflush(stdout);
			_exit(1);
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct stress_opts opts = { .records = RECORDS, .seed = 1 };
	const struct ringcheck_reader_ops *ops = reader(argc, argv);
	struct stress_result res = { 0 };
	pthread_t dog;
	int rc;

	if (argc > 1)
		opts.records = strtoull(argv[1], NULL, 0);
	if (!ops || !opts.records) {
		fprintf(stderr, "stress: no reader, or no records\n");
		return 2;
	}
	pthread_create(&dog, NULL, watchdog, &res);
	rc = stress_run(ops, &opts, &res);
	printf("stress %s under TSan: %llu records, %llu delivered, %llu "
	       "LOST-reported, rounds %llu/%llu/%llu/%llu"
	       " (consume-each/consume-cycle/overwrite/drain)\n",
	       ops->name ? ops->name : "?", (unsigned long long)res.records,
	       (unsigned long long)res.delivered,
	       (unsigned long long)res.lost,
	       (unsigned long long)res.rounds[0],
	       (unsigned long long)res.rounds[1],
	       (unsigned long long)res.rounds[2],
	       (unsigned long long)res.rounds[3]);
	if (rc)
		printf("%s: %s\n", rc < 0 ? "ERROR" : rc == 2 ? "SKIP" : "FAIL",
		       res.msg);
	printf("# ringcheck-totals stress passed=%d failed=%d skipped=%d\n",
	       rc == 0, rc == 1 || rc < 0, rc == 2);
	return rc < 0 ? 2 : rc == 2 ? 0 : rc;
}
