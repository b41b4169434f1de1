// SPDX-License-Identifier: GPL-2.0-only
/*
 * The oracle's checks, by name, with their contract clause and bug class;
 * counters and bytes as failure messages print them.
 */
#include <inttypes.h>
#include <string.h>

#include "diagnose.h"

/* Clause numbers as in docs/contract.md (section 2 of the contract). */
static const char *const clause_names[] = {
	[1] = "forward: nothing lost",
	[2] = "overwrite: newest intact",
	[3] = "push",
	[4] = "large records",
	[5] = "counters",
	[6] = "hostile rings",
	[7] = "lifetime",
	[8] = "the control page",
	[9] = "capabilities",
	[10] = "the reader's own mapping",
	[11] = "callback readers",
	[12] = "merged: nothing lost or duplicated",
	[13] = "merged: every record on its ring",
	[14] = "merged: per event, the ring's order",
	[15] = "merged: time order within a round's guarantee",
	[16] = "merged: progress",
	[17] = "merged: each round releases what it read",
};

static const struct judge_check checks[] = {
	{ "record-lifetime",	7, "released-pointer (5)" },
	{ "control-page-write",	6, "overwrite-mapped-writable (2)" },
	{ "record-size",	6, "zero-size (8)" },
	{ "stale-range",	6, NULL },
	{ "record-past-head",	6, "size-past-head (25)" },
	{ "cycle-overrun",	1, "unbounded-drain (12)" },
	{ "cycle-past-snapshot", 1, "unbounded-drain (12)" },
	{ "window-overrun",	6, "record-past-window (4)" },
	{ "record-invented",	1, NULL },
	{ "record-wrong",	1, NULL },
	{ "tail-ahead",		1, NULL },
	{ "tail-behind",	1, NULL },
	{ "overwrite-earlier-cycle", 2, "backward-discards-prev (1)" },
	{ "overwrite-cut",	2, "record-past-window (4)" },
	{ "overwrite-wrong",	2, NULL },
	{ "overwrite-short",	2, "stops-at-non-sample (17)" },
	{ "init-error",		1, NULL },
	{ "init-missed",	1, NULL },
	{ "event-outside-cycle", 1, NULL },
	{ "never-delivered",	1, "read-done-skips (7)" },
	{ "stalled",		1, NULL },
	{ "stalled-page-size",	1, "data-at-4096 (20)" },
	{ "push-sink-error",	3, NULL },
	{ "push-tail-moved",	3, NULL },
	{ "push-missed",	3, NULL },
	{ "push-error",		3, NULL },
	{ "push-chunks",	3, NULL },
	{ "push-wrong",		3, NULL },
	{ "push-hostile-bytes",	6, "zero-size (8)" },
	{ "push-hostile-silent", 6, "zero-size (8)" },
	{ "open-refused",	0, NULL },
	{ "crash",		0, NULL },
	{ "scenario-error",	0, NULL },
	{ "record-scribbled",	6, NULL },
	{ "evlist-bad-ring",	13, NULL },
	{ "evlist-duplicate",	12, NULL },
	{ "evlist-wrong-ring",	13, "lost-on-wrong-cpu (23)" },
	{ "evlist-invented",	12, NULL },
	{ "evlist-event-order",	14, NULL },
	{ "evlist-ring-order",	14, NULL },
	{ "evlist-walk-held-back", 16, NULL },
	{ "evlist-time-order",	15, "flush-without-rounds (21)" },
	{ "evlist-release",	17, "ring-skipped-while-busy (24)" },
	{ "evlist-held-back",	16, "merge-ignores-quiet-ring (22)" },
	{ "evlist-round-error",	12, NULL },
	{ "evlist-never-delivered", 12, NULL },
	{ "evlist-open-refused", 0, NULL },
	{ "evlist-flush-error",	12, NULL },
	{ "backward-writable",	10, "overwrite-mapped-writable (2)" },
	{ "open-fd-unmapped",	10, NULL },
	{ "drain-after-stop",	11, NULL },
	{ "drain-null",		11, NULL },
	{ "drain-error",	11, NULL },
	{ "drain-missed",	11, NULL },
	{ "lost-count-invented", 11, "lost-count-from-id (11)" },
	{ "lost-count-wrong",	11, "lost-count-from-id (11)" },
};

const struct judge_check *judge_check_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		if (!strcmp(checks[i].name, name))
			return &checks[i];
	return NULL;
}

const char *contract_clause_name(int clause)
{
	if (clause <= 0 ||
	    clause >= (int)(sizeof(clause_names) / sizeof(clause_names[0])))
		return "";
	return clause_names[clause];
}

const char *diag_counter(char *buf, size_t len, uint64_t v)
{
	if (v < (1ull << 32))
		snprintf(buf, len, "%" PRIu64, v);
	else if (v >= (1ull << 63))
		snprintf(buf, len, "2^64-%" PRIu64 " (0x%" PRIx64 ")", -v, v);
	else
		snprintf(buf, len, "%" PRIu64 " (0x%" PRIx64 ")", v, v);
	return buf;
}

long diag_first_difference(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return (long)i;
	return -1;
}

const char *diag_hex_window(char *buf, size_t len, const uint8_t *p,
			    size_t n, size_t at, size_t width)
{
	size_t from = at > width / 2 ? at - width / 2 : 0, i, o = 0;

	if (!len)
		return buf;
	buf[0] = '\0';
	if (from)
		o += (size_t)snprintf(buf + o, len - o, "..");
	for (i = from; i < n && i < from + width && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%02x",
				      i == from ? "" : " ", p[i]);
	if (i < n && o < len)
		snprintf(buf + o, len - o, "..");
	return buf;
}

static void hex_line(FILE *out, const char *what, const uint8_t *p,
		     const uint8_t *other, size_t from, size_t n)
{
	size_t i;

	fprintf(out, "    %-9s %6zu:", what, from);
	for (i = from; i < from + 16 && i < n; i++)
		fprintf(out, " %02x", p[i]);
	fputs("   ", out);
	for (i = from; i < from + 16 && i < n; i++)
		fputc(p[i] == other[i] ? ' ' : '^', out);
	fputc('\n', out);
}

void diag_hexdump_pair(FILE *out, const uint8_t *want, const uint8_t *got,
		       size_t n, size_t at)
{
	size_t line = at & ~(size_t)15, from = line >= 16 ? line - 16 : 0;
	size_t l;

	fprintf(out, "  bytes of the record around offset %zu (^: differs):\n",
		at);
	for (l = from; l < n && l <= line + 16; l += 16) {
		hex_line(out, "expected", want, got, l, n);
		hex_line(out, "delivered", got, want, l, n);
	}
}
