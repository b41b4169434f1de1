// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringcheck sim: drive fake_ring from the command line and show the ring.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_ring.h"
#include "ringcheck.h"
#include "sim_ops.h"

static const char sim_usage[] =
"usage: ringcheck sim --data-size BYTES --mode fwd-rw|fwd-ro|bwd-ro|bwd-rw\n"
"                     [--page-size BYTES] [--start COUNTER]\n"
"                     [--id-trailer BYTES] [--watermark BYTES]\n"
"                     [--wakeup-events N] [--json] OP...\n"
"  OP: wSIZE[xN][:TYPE]  write N records of SIZE bytes (type 9 unless given)\n"
"      c                 the reader consumes all that is published\n"
"      p, r              pause, resume output\n"
"  The kernel's wakeups are drawn: --watermark sets attr.watermark and\n"
"  attr.wakeup_watermark (default: half the data area), --wakeup-events\n"
"  attr.wakeup_events (samples, type 9; the two share a union).\n";

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "ringcheck sim: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", sim_usage);
	return 2;
}

/*
 * When to fold the ledger: a fold looks at every row kept, so it waits for
 * FOLD_ROWS new rows or FOLD_BYTES of their bytes, whichever comes first.
 * Memory then stays below what the ring holds plus about 100 MB.
 */
#define FOLD_ROWS	(1ul << 20)
#define FOLD_BYTES	(32ul << 20)

struct fold_clock {
	size_t		at_rows;	/* ledger rows at which to fold */
	uint64_t	bytes;		/* written since the last fold */
};

static int apply(struct fake_ring *ring, const struct sim_op *op,
		 uint64_t *seq, struct fold_clock *fc)
{
	static unsigned char rec[65536];
	unsigned long i;

	switch (op->kind) {
	case SIM_OP_CONSUME:
		fake_ring_consume(ring);
		return 0;
	case SIM_OP_PAUSE:
	case SIM_OP_RESUME:
		fake_ring_pause(ring, op->kind == SIM_OP_PAUSE);
		return 0;
	case SIM_OP_WRITE:
		for (i = 0; i < op->count; i++) {
			fake_ring_make_record(rec, op->type, op->size, (*seq)++);
			if (fake_ring_write(ring, rec, op->size, NULL) < 0)
				return -1;
			/* memory follows the ring, not the writes */
			fc->bytes += op->size;
			if (fake_ring_ledger_count(ring) >= fc->at_rows ||
			    fc->bytes >= FOLD_BYTES) {
				fake_ring_fold_ledger(ring);
				fc->at_rows = fake_ring_ledger_count(ring) +
					      FOLD_ROWS;
				fc->bytes = 0;
			}
		}
		return 0;
	}
	return -1;
}

int cmd_sim(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data-size", required_argument, NULL, 'd' },
		{ "mode", required_argument, NULL, 'm' },
		{ "page-size", required_argument, NULL, 'P' },
		{ "start", required_argument, NULL, 's' },
		{ "id-trailer", required_argument, NULL, 't' },
		{ "watermark", required_argument, NULL, 'W' },
		{ "wakeup-events", required_argument, NULL, 'E' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct fake_ring_config cfg = { .page_size = 4096, .event_id = 1 };
	bool have_size = false, have_mode = false, json = false;
	struct fake_ring *ring;
	char err[256];
	uint64_t v, seq = 0;
	struct fold_clock fc = { .at_rows = FOLD_ROWS };
	int c, i, ret = 0;

	optind = 1;
	opterr = 0;	/* our message names the option */
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (sim_parse_u64(optarg, &v))
				return usage_error("bad --data-size '%s'", optarg);
			cfg.data_size = v;
			have_size = true;
			break;
		case 'm':
			if (fake_ring_parse_mode(optarg, &cfg))
				return usage_error("bad --mode '%s'", optarg);
			have_mode = true;
			break;
		case 'P':
			if (sim_parse_u64(optarg, &v))
				return usage_error("bad --page-size '%s'", optarg);
			cfg.page_size = v;
			break;
		case 's':
			if (sim_parse_u64(optarg, &cfg.start))
				return usage_error("bad --start '%s'", optarg);
			break;
		case 't':
			if (sim_parse_u64(optarg, &v) || v > 64)
				return usage_error("bad --id-trailer '%s'",
						   optarg);
			cfg.lost_trailer = (unsigned int)v;
			break;
		case 'W':
		case 'E':
			if (sim_parse_u64(optarg, &v) || v > UINT32_MAX)
				return usage_error(c == 'W' ? "bad --watermark '%s'"
						   : "bad --wakeup-events '%s'",
						   optarg);
			if (cfg.wakeup && cfg.watermark != (c == 'W'))
				return usage_error("%s", "--watermark and "
						   "--wakeup-events share "
						   "attr's union: one of them");
			cfg.watermark = c == 'W';
			cfg.wakeup = (uint32_t)v;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			fputs(sim_usage, stdout);
			return 0;
		default:
			return usage_error(c == ':' ? "missing the value of %s"
						    : "unknown option %s",
					   argv[optind - 1]);
		}
	}
	if (!have_size || !have_mode)
		return usage_error("%s", "--data-size and --mode are required");

	/* Parse every op before running any: a typo exits 2 at once. */
	for (i = optind; i < argc; i++) {
		struct sim_op op;

		if (sim_op_parse(argv[i], &op, err, sizeof(err)))
			return usage_error("%s", err);
	}
	ring = fake_ring_new(&cfg, err, sizeof(err));
	if (!ring)
		return usage_error("%s", err);
	for (i = optind; i < argc && !ret; i++) {
		struct sim_op op;

		sim_op_parse(argv[i], &op, err, sizeof(err));
		if (apply(ring, &op, &seq, &fc)) {
			fprintf(stderr, "ringcheck sim: op '%s': %s\n", argv[i],
				fake_ring_error(ring));
			ret = 2;
		}
	}
	if (!ret) {
		if (json)
			fake_ring_print_json(ring, stdout);
		else
			fake_ring_draw(ring, stdout);
	}
	fake_ring_free(ring);
	return ret;
}
