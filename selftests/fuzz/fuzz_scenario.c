// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: scenarios. The input becomes a fake_ring configuration
 * and a sequence of writer steps and reader calls
 * (engine/scenario/fuzz_input.h); the oracle judges the reader against the
 * ledger, and a contract violation aborts, its report printed first: the
 * fuzzer searches for violations, not only for crashes. The reader is
 * whichever plugin source is linked in (ringcheck_reader()): the
 * reference reader, or a user's (make fuzz READER=...). A finding
 * replays with `ringcheck run --scenario FILE --reader READER.so`.
 */
#include <stdio.h>
#include <stdlib.h>

#include "player/player.h"
#include "scenario/fuzz_input.h"

const struct ringcheck_reader_ops *ringcheck_reader(void);

/* Inputs judged and inputs outside what the reader declares: a run that
 * judged none tested nothing (fuzz_reader.sh reports it as a SKIP). */
static unsigned long judged, skipped;
static char skip_reason[240];

__attribute__((destructor)) static void count_inputs(void)
{
	fprintf(stderr, "ringcheck: %lu inputs judged, %lu outside the "
		"reader's capabilities%s%s\n", judged, skipped,
		skipped ? ", as " : "", skip_reason);
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	static struct scenario s;
	struct judge_result res, again;

	if (scenario_from_fuzz_input(&s, in, len, "fuzz"))
		return 0;
	play_scenario(&s, ringcheck_reader(), &res, NULL);
	if (res.verdict == VERDICT_SKIP) {
		skipped++;
		snprintf(skip_reason, sizeof(skip_reason), "%s", res.msg);
		return 0;
	}
	judged++;
	if (res.verdict != VERDICT_FAIL)
		return 0;
	/* once more for the report: the steps, the ring, the ledger */
	play_scenario(&s, ringcheck_reader(), &again, stderr);
	fprintf(stderr, "ringcheck: contract violation (%s): %s\n",
		res.check, res.msg);
	if (again.verdict != VERDICT_FAIL)
		fprintf(stderr, "ringcheck: the reader passed the same "
			"scenario played again: it keeps state across rings\n");
	abort();
}
