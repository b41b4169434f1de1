// SPDX-License-Identifier: GPL-2.0-only
/*
 * The generator: a seed gives the ring and the operations. Record counts
 * scale with the ring so that every sequence wraps it a few times, and
 * half the sequences begin with a burst and a full consume, so that the
 * ring under test starts after earlier traffic.
 */
#include "seq.h"

/* splitmix64: small, and the same sequence on every host. */
static uint64_t next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned int below(uint64_t *state, unsigned int n)
{
	return (unsigned int)(next(state) % n);
}

static const unsigned int stack_sizes[] = { 8, 64, 256, 1024, 2048, 4096 };

/*
 * The wakeup settings, from a stream of their own so that the rings and
 * operations of every seed stay what they were before wakeups were
 * compared. Watermarks around the record sizes (1, 8, 24, 40), around
 * the data area (half of it less 8, all of it, twice it: capped), and 0
 * (the default, half the data area); wakeup_events 0 (no sample wakes)
 * to 7.
 */
static void wakeup_generate(struct seq *s, unsigned long data_size)
{
	uint64_t st = s->seed ^ 0x77616b6575707321ull;	/* "wakeups!" */
	const uint32_t marks[] = { 0, 1, 8, 24, 40, 100,
				   (uint32_t)data_size / 4,
				   (uint32_t)data_size / 2 - 8,
				   (uint32_t)data_size,
				   (uint32_t)data_size * 2 };
	unsigned int i;

	s->watermark = below(&st, 2);
	s->wakeup = s->watermark ? marks[below(&st, 10)] : below(&st, 8);
	s->disabled_comms = below(&st, 4) ? 0 : 1 + below(&st, 3);
	for (i = 0; i < SEQ_MAX_OPS; i++)
		s->probe_epoll[i] = (uint8_t)below(&st, 2);
}

void seq_generate(struct seq *s, uint64_t seed, unsigned long page_size)
{
	uint64_t st = seed;
	unsigned long data_size;
	unsigned int i, max_rep, sample_size;
	bool paused = false;

	s->seed = seed;
	s->mode = (enum seq_mode)below(&st, 4);
	s->pages = 1u << below(&st, 4);
	data_size = s->pages * page_size;
	s->stack = below(&st, 3) ? 0 : stack_sizes[below(&st, 6)];
	sample_size = s->stack ? 48 + s->stack : 32;
	/* Overwrite rings never drop: a sample larger than the ring would
	 * wrap onto itself, beyond what the ABI describes. */
	if (seq_overwrite(s) && sample_size > data_size)
		s->stack = 0;
	wakeup_generate(s, data_size);
	max_rep = (unsigned int)(data_size / 40 / 4) + 1;
	s->nops = 16 + below(&st, SEQ_MAX_OPS - 16);
	i = 0;
	if (below(&st, 2)) {
		/* 0.25 to 3 rings of names, then (read-write) all consumed */
		s->ops[i++] = (struct seq_op){ OP_COMM, 15,
			(unsigned int)(data_size / 48 * (1 + below(&st, 12)) / 4) };
		if (!seq_overwrite(s))
			s->ops[i++] = (struct seq_op){ OP_CONSUME, ~0u, 1 };
	}
	for (; i < s->nops; i++) {
		struct seq_op *op = &s->ops[i];
		unsigned int r = below(&st, 100);

		op->repeat = 1 + below(&st, max_rep);
		if (r < 30) {
			op->kind = OP_COMM;
			op->arg = below(&st, 16);
		} else if (r < 45) {
			op->kind = OP_MMAP;
			op->arg = 1 + below(&st, 200);
			op->repeat = 1 + op->repeat / 4;
		} else if (r < 70) {
			op->kind = OP_SAMPLE;
			op->repeat = 1 + (unsigned int)((op->repeat - 1) * 40 /
							sample_size);
		} else if (r < 90 && !seq_overwrite(s)) {
			op->kind = OP_CONSUME;
			op->arg = (unsigned int)next(&st);
			op->repeat = 1;
		} else {
			op->kind = paused ? OP_RESUME : OP_PAUSE;
			paused = !paused;
			op->repeat = 1;
		}
	}
}

const char *seq_mode_name(enum seq_mode mode)
{
	static const char *const names[] = { "fwd-rw", "fwd-ro", "bwd-ro",
					     "bwd-rw" };

	return names[mode];
}

void seq_print_wakeup(FILE *out, const struct seq *s)
{
	if (s->watermark)
		fprintf(out, "wakeup_watermark %u", s->wakeup);
	else
		fprintf(out, "wakeup_events %u", s->wakeup);
	if (s->disabled_comms)
		fprintf(out, ", %u disabled COMMs a COMM step",
			s->disabled_comms);
}

void seq_print_op(FILE *out, const struct seq_op *op)
{
	switch (op->kind) {
	case OP_COMM:
		fprintf(out, "comm, name of %u chars, x%u", op->arg,
			op->repeat);
		break;
	case OP_MMAP:
		fprintf(out, "mmap, file name of %u chars, x%u", op->arg,
			op->repeat);
		break;
	case OP_SAMPLE:
		fprintf(out, "breakpoint sample x%u", op->repeat);
		break;
	case OP_CONSUME:
		fprintf(out, "consume to boundary #%u", op->arg);
		break;
	case OP_PAUSE:
		fprintf(out, "pause");
		break;
	case OP_RESUME:
		fprintf(out, "resume");
		break;
	}
}

void seq_name(char *buf, unsigned int len, unsigned int step,
	      unsigned int rep)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		buf[i] = (char)('a' + (step * 7 + rep * 3 + i) % 26);
	buf[len] = '\0';
}
