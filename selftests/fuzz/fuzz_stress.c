// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the reader concurrently with the writer, under
 * ThreadSanitizer (make fuzz READER=...). What fuzz_scenario cannot show,
 * because it plays one call at a time in one thread: a head load or a tail
 * store without its barrier, which TSan reports as a data race on the
 * ring's bytes (bug zoo 19). The input picks a run of engine/stress/ (how
 * many records, the seed of their sizes and of the rounds' shapes); the
 * reader is whichever plugin source is linked in (ringcheck_reader()).
 * A wrong delivery aborts with the stress test's message; a race is
 * TSan's report (halt_on_error=1), and libFuzzer saves the input either
 * way. A reader that declares none of the rounds is exit 75 with the
 * reason, for fuzz_reader.sh to report as a SKIP (77 is libFuzzer's
 * exit on a finding).
 *
 * Input: bytes 0-1 (little-endian), records 1000 + n % 15001; bytes 2-9
 * (little-endian), the seed; bytes missing read as 0.
 * A finding replays with this binary and the file (the race), and its
 * delivery with `ringcheck stress --sim-only --records N --seed S`; with
 * RINGCHECK_FUZZ_DESCRIBE set in the environment, this binary only prints
 * those two options for each input it is given (fuzz_reader.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stress/stress.h"

#define RECORDS_MIN	1000u
#define RECORDS_SPAN	15001u

const struct ringcheck_reader_ops *ringcheck_reader(void);

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	uint8_t b[10] = { 0 };
	struct stress_opts opts;
	struct stress_result res;
	uint64_t seed = 0;
	int i, rc;

	memcpy(b, in, len < sizeof(b) ? len : sizeof(b));
	for (i = 9; i >= 2; i--)
		seed = seed << 8 | b[i];
	opts.records = RECORDS_MIN + (b[0] | b[1] << 8) % RECORDS_SPAN;
	opts.seed = seed;
	if (getenv("RINGCHECK_FUZZ_DESCRIBE")) {
		printf("--records %llu --seed %llu\n",
		       (unsigned long long)opts.records,
		       (unsigned long long)opts.seed);
		return 0;
	}
	memset(&res, 0, sizeof(res));
	rc = stress_run(ringcheck_reader(), &opts, &res);
	if (!rc)
		return 0;
	fprintf(stderr, "ringcheck: stress with --records %llu --seed %llu: "
		"%s: %s\n", (unsigned long long)opts.records,
		(unsigned long long)opts.seed,
		rc == 1 ? "the reader failed" : rc == 2 ? "SKIP" : "ERROR",
		res.msg);
	if (rc == 2)
		_exit(75);
	if (rc < 0)
		_exit(2);
	abort();
}
