// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pictures of a fake_ring for people: the text drawing used by
 * `ringcheck sim` and by every failure report, and the JSON form.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_ring.h"

#define MAP_MAX_CELLS	512	/* draw the 8-byte map up to 4 KiB rings */
#define LIST_EDGE	24	/* rows shown at each end of a long list */
/* "  %6zu |": the map's cells start in this column, and so do the markers */
#define MAP_INDENT	10

const char *fake_ring_mode_name(const struct fake_ring_config *cfg)
{
	if (!cfg->backward)
		return cfg->overwrite ? "fwd-ro" : "fwd-rw";
	return cfg->overwrite ? "bwd-ro" : "bwd-rw";
}

int fake_ring_parse_mode(const char *name, struct fake_ring_config *cfg)
{
	if (strlen(name) != 6 || name[3] != '-')
		return -1;
	if (strncmp(name, "fwd", 3) && strncmp(name, "bwd", 3))
		return -1;
	if (strcmp(name + 4, "rw") && strcmp(name + 4, "ro"))
		return -1;
	cfg->backward = name[0] == 'b';
	cfg->overwrite = name[5] == 'o';
	return 0;
}

static const char *type_name(uint32_t type)
{
	static const char *const names[] = {
		[1] = "MMAP",	[2] = "LOST",	[3] = "COMM",
		[4] = "EXIT",	[5] = "THROTTLE", [6] = "UNTHROTTLE",
		[7] = "FORK",	[8] = "READ",	[9] = "SAMPLE",
		[10] = "MMAP2",	[11] = "AUX",	[12] = "ITRACE_START",
		[13] = "LOST_SAMPLES", [14] = "SWITCH", [15] = "SWITCH_CPU_WIDE",
	};

	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	return "?";
}

static uint64_t lost_count(const struct fake_ring *ring,
			   const struct fake_ring_entry *e)
{
	uint64_t lost;

	memcpy(&lost, fake_ring_entry_bytes(ring, e) + 16, 8);
	return lost;
}

static int by_row(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static void draw_map(const struct fake_ring *ring, FILE *out)
{
	const struct fake_ring_config *cfg = fake_ring_config(ring);
	uint64_t mask = cfg->data_size - 1;
	size_t cells = cfg->data_size / 8, i, n;
	size_t whole[MAP_MAX_CELLS];	/* whole records are 8 bytes or more */
	char map[MAP_MAX_CELLS + 1];
	int letter = 0;

	if (!cells || cells > MAP_MAX_CELLS)
		return;
	memset(map, '.', cells);
	map[cells] = '\0';
	n = fake_ring_whole_entries(ring, whole, MAP_MAX_CELLS);
	if (n > MAP_MAX_CELLS)
		n = MAP_MAX_CELLS;
	/* letters in the order rows were made, as before */
	qsort(whole, n, sizeof(*whole), by_row);
	for (i = 0; i < n; i++) {
		const struct fake_ring_entry *e =
			fake_ring_ledger_entry(ring, whole[i]);
		uint64_t c;
		char ch;

		ch = e->is_lost ? '!' : (char)('a' + letter++ % 26);
		for (c = 0; c < e->size; c += 8)
			map[((e->start + c) & mask) / 8] = ch;
		/* the first cell of a record in capitals */
		if (!e->is_lost)
			map[(e->start & mask) / 8] = (char)(ch - 'a' + 'A');
	}
	fprintf(out, "  map, one cell per 8 bytes (capital: record start, "
		     "'!': LOST, '.': no whole record):\n");
	for (i = 0; i < cells; i += 64) {
		size_t j, w = cells - i < 64 ? cells - i : 64;
		uint64_t h = fake_ring_data_head(ring) & mask;
		uint64_t t = fake_ring_data_tail(ring) & mask;

		fprintf(out, "  %6zu |%.*s|\n%*s", i * 8, (int)w, map + i,
			MAP_INDENT, "");
		for (j = 0; j < w; j++) {
			uint64_t off = (i + j) * 8;

			fputc(off == h && off == t ? 'X' :
			      off == h	       ? 'H' :
			      off == t	       ? 'T' : ' ', out);
		}
		fputc('\n', out);
	}
	fprintf(out, "%*s(H data_head, T data_tail, X both)\n", MAP_INDENT, "");
}

/* The whole records' row numbers in counter order (sized by a first count:
 * the ledger may have far more rows than the ring holds). */
static size_t *whole_rows(const struct fake_ring *ring, size_t *n)
{
	size_t *idx;

	*n = fake_ring_whole_entries(ring, NULL, 0);
	idx = malloc((*n ? *n : 1) * sizeof(*idx));
	if (!idx) {
		*n = 0;
		return NULL;
	}
	fake_ring_whole_entries(ring, idx, *n);
	return idx;
}

/* What decides the next wakeup, and how many there were (the column
 * "woke" marks the records whose commit woke the reader). */
static void draw_wakeups(const struct fake_ring *ring, FILE *out)
{
	struct fake_ring_wakeups w;

	fake_ring_wakeup_state(ring, &w);
	fprintf(out, "  wakeups %" PRIu64 ", POLLIN %s; watermark %" PRIu64
		     " bytes, counted to %" PRIu64,
		w.fired, w.poll ? "due" : "not due", w.watermark, w.wakeup);
	if (w.wakeup_events)
		fprintf(out, "; wakeup_events %u, %u samples since",
			w.wakeup_events, w.events);
	fputc('\n', out);
}

void fake_ring_draw(const struct fake_ring *ring, FILE *out)
{
	const struct fake_ring_config *cfg = fake_ring_config(ring);
	uint64_t mask = cfg->data_size ? cfg->data_size - 1 : 0;
	uint64_t head = fake_ring_data_head(ring);
	uint64_t tail = fake_ring_data_tail(ring);
	size_t i, whole, shown = 0;
	size_t *idx = whole_rows(ring, &whole);

	fprintf(out, "ring %s: data_size %lu, page_size %lu, start %" PRIu64
		     ", LOST trailer %u\n",
		fake_ring_mode_name(cfg), cfg->data_size, cfg->page_size, cfg->start,
		cfg->lost_trailer);
	fprintf(out, "  data_head %" PRIu64 " (offset %" PRIu64
		     "), data_tail %" PRIu64 " (offset %" PRIu64 ")\n",
		head, head & mask, tail, tail & mask);
	fprintf(out, "  written %" PRIu64 ", dropped %" PRIu64
		     ", lost pending %" PRIu64 ", nesting %u%s\n",
		fake_ring_count(ring, FAKE_RING_WRITTEN),
		fake_ring_count(ring, FAKE_RING_DROPPED),
		fake_ring_lost_pending(ring), fake_ring_nesting(ring),
		fake_ring_paused(ring) ? ", paused" : "");
	draw_wakeups(ring, out);
	fprintf(out, "  %zu whole records, in counter order:\n", whole);
	fprintf(out, "    %-6s %-20s %-7s %-6s %-4s %s\n", "row", "start",
		"offset", "size", "woke", "type");
	for (i = 0; i < whole; i++) {
		size_t k = idx[i];
		const struct fake_ring_entry *e = fake_ring_ledger_entry(ring, k);

		shown++;
		if (shown > LIST_EDGE && shown <= whole - LIST_EDGE) {
			if (shown == LIST_EDGE + 1)
				fprintf(out, "    ... %zu more ...\n",
					whole - 2 * LIST_EDGE);
			continue;
		}
		fprintf(out, "    #%-5zu %-20" PRIu64 " %-7" PRIu64 " %-6u %-4s %s",
			k, e->start, e->start & mask, e->size,
			e->woke ? "yes" : "", type_name(e->type));
		if (e->is_lost)
			fprintf(out, " lost %" PRIu64, lost_count(ring, e));
		if ((e->start & mask) + e->size > cfg->data_size)
			fprintf(out, " (wraps)");
		fputc('\n', out);
	}
	draw_map(ring, out);
	free(idx);
}

void fake_ring_print_json(const struct fake_ring *ring, FILE *out)
{
	const struct fake_ring_config *cfg = fake_ring_config(ring);
	size_t i, whole;
	size_t *idx = whole_rows(ring, &whole);
	const char *sep = "";

	struct fake_ring_wakeups w;

	fake_ring_wakeup_state(ring, &w);
	fprintf(out, "{\"mode\": \"%s\", \"data_size\": %lu, \"data_head\": %"
		     PRIu64 ", \"data_tail\": %" PRIu64 ", \"written\": %" PRIu64
		     ", \"dropped\": %" PRIu64 ", \"lost_pending\": %" PRIu64,
		fake_ring_mode_name(cfg), cfg->data_size, fake_ring_data_head(ring),
		fake_ring_data_tail(ring),
		fake_ring_count(ring, FAKE_RING_WRITTEN),
		fake_ring_count(ring, FAKE_RING_DROPPED),
		fake_ring_lost_pending(ring));
	fprintf(out, ", \"wakeups\": {\"fired\": %" PRIu64 ", \"pollin\": %s, "
		     "\"watermark\": %" PRIu64 ", \"counted\": %" PRIu64
		     ", \"wakeup_events\": %u, \"events\": %u}, \"records\": [",
		w.fired, w.poll ? "true" : "false", w.watermark, w.wakeup,
		w.wakeup_events, w.events);
	for (i = 0; i < whole; i++) {
		const struct fake_ring_entry *e = fake_ring_ledger_entry(ring, idx[i]);

		fprintf(out, "%s{\"start\": %" PRIu64 ", \"size\": %u, "
			     "\"type\": %u",
			sep, e->start, e->size, e->type);
		if (e->is_lost)
			fprintf(out, ", \"lost\": %" PRIu64, lost_count(ring, e));
		fprintf(out, ", \"woke\": %s}", e->woke ? "true" : "false");
		sep = ", ";
	}
	fprintf(out, "]}\n");
	free(idx);
}
