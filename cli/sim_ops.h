/* SPDX-License-Identifier: GPL-2.0-only */
/* The op language of `ringcheck sim`. */
#ifndef RINGCHECK_SIM_OPS_H
#define RINGCHECK_SIM_OPS_H

#include <stddef.h>
#include <stdint.h>

enum sim_op_kind {
	SIM_OP_WRITE,	/* wSIZE[xN][:TYPE] */
	SIM_OP_CONSUME,	/* c: data_tail = data_head */
	SIM_OP_PAUSE,	/* p */
	SIM_OP_RESUME,	/* r */
};

#define SIM_OP_MAX_COUNT	100000000ul

struct sim_op {
	enum sim_op_kind	kind;
	unsigned int		size;
	unsigned long		count;
	uint32_t		type;
};

/* 0, or -1 with a message naming what is wrong with text. */
int sim_op_parse(const char *text, struct sim_op *op, char *err,
		 size_t errlen);
/*
 * Strict unsigned parse of a whole string: decimal (a leading 0 is still
 * decimal), or hex after 0x. No sign, no spaces, no overflow.
 */
int sim_parse_u64(const char *text, uint64_t *out);

#endif /* RINGCHECK_SIM_OPS_H */
