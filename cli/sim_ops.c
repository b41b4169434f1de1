// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_ops.h"

int sim_parse_u64(const char *text, uint64_t *out)
{
	unsigned long long v;
	char *end;

	int base = 10;

	if (!text)
		return -1;
	/* decimal, hex only with 0x: a leading 0 is not octal */
	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		text += 2;
		base = 16;
		/* strtoull would take a second 0x */
		if (!isxdigit((unsigned char)text[0]) || strpbrk(text, "xX"))
			return -1;
	} else if (!isdigit((unsigned char)text[0])) {
		return -1;
	}
	errno = 0;
	v = strtoull(text, &end, base);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

/* Digits at *p into *out, at most max; advances *p. */
static int take_number(const char **p, unsigned long long max,
		       unsigned long long *out)
{
	unsigned long long v = 0;
	const char *s = *p;

	if (!isdigit((unsigned char)*s))
		return -1;
	while (isdigit((unsigned char)*s)) {
		v = v * 10 + (unsigned long long)(*s - '0');
		if (v > max)
			return -1;
		s++;
	}
	*p = s;
	*out = v;
	return 0;
}

int sim_op_parse(const char *text, struct sim_op *op, char *err,
		 size_t errlen)
{
	unsigned long long v;
	const char *p = text;

	memset(op, 0, sizeof(*op));
	if (!strcmp(text, "c") || !strcmp(text, "p") || !strcmp(text, "r")) {
		op->kind = text[0] == 'c' ? SIM_OP_CONSUME :
			   text[0] == 'p' ? SIM_OP_PAUSE : SIM_OP_RESUME;
		return 0;
	}
	if (*p++ != 'w')
		goto bad;
	op->kind = SIM_OP_WRITE;
	op->count = 1;
	op->type = 9;
	if (take_number(&p, 65535, &v))
		goto bad;
	op->size = (unsigned int)v;
	if (*p == 'x') {
		p++;
		if (take_number(&p, SIM_OP_MAX_COUNT, &v) || !v)
			goto bad;
		op->count = (unsigned long)v;
	}
	if (*p == ':') {
		p++;
		if (take_number(&p, 0xffffffffull, &v))
			goto bad;
		op->type = (uint32_t)v;
	}
	if (*p)
		goto bad;
	return 0;
bad:
	snprintf(err, errlen,
		 "bad op '%s': expected wSIZE[xN][:TYPE] (SIZE <= 65535, "
		 "1 <= N <= %lu), c, p or r",
		 text, SIM_OP_MAX_COUNT);
	return -1;
}
