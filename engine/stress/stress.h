/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The concurrent stress test: fake_ring's writer in one thread, a reader
 * plugin in another, on one mapping, so that the reader's barriers are
 * judged (bug zoo 19) and not only its answers to one call at a time.
 */
#ifndef RINGCHECK_STRESS_H
#define RINGCHECK_STRESS_H

#include <stdint.h>
#include <ringcheck/reader.h>

#define STRESS_MSG_LEN	240

struct stress_opts {
	uint64_t	records;	/* records the writer asks to write */
	uint64_t	seed;		/* record sizes and round shapes */
};

/* Counters the reader thread advances as it checks (atomically: a parent
 * process watches them for progress). */
struct stress_result {
	uint64_t	records;	/* write requests accounted for */
	uint64_t	delivered;	/* records checked byte for byte */
	uint64_t	lost;		/* drops reported by LOST records */
	uint64_t	bytes;		/* bytes of the records delivered */
	uint64_t	rounds[4];	/* enum stress_pattern */
	int		failed;
	int		finished;	/* isolated: the test returned */
	char		msg[STRESS_MSG_LEN];
};

enum stress_pattern {
	STRESS_CONSUME_EACH,	/* forward: consume after every record */
	STRESS_CONSUME_CYCLE,	/* forward: consume once a cycle */
	STRESS_OVERWRITE,	/* backward overwrite rounds, read paused */
	STRESS_DRAIN,		/* forward, a callback reader's drain */
	STRESS_PATTERNS
};

extern const char *const stress_pattern_names[STRESS_PATTERNS];

/*
 * Runs in this process (two threads). Returns 0 when every record was
 * accounted for and checked, 1 on a failure of the reader (res->msg),
 * 2 when the reader declares none of the test's patterns (res->msg),
 * -1 when the test itself could not run (res->msg).
 */
int stress_run(const struct ringcheck_reader_ops *ops,
	       const struct stress_opts *opts, struct stress_result *res);

/* stress_run(), or another test of a reader with its conventions and 2
 * for a test that could not run here (res->msg: why). */
typedef int (*stress_fn)(const struct ringcheck_reader_ops *ops,
			 const struct stress_opts *opts,
			 struct stress_result *res);

/*
 * run in a child process with the plugin loaded there: a reader that
 * crashes, exits or stops making progress for stall_ms is a failure named
 * in res->msg, never a crash of the caller. Returns as run(); -1 also
 * when the plugin cannot be loaded.
 */
int stress_run_isolated(const char *plugin, stress_fn run,
			const struct stress_opts *opts, unsigned int stall_ms,
			struct stress_result *res);

#endif /* RINGCHECK_STRESS_H */
