// SPDX-License-Identifier: GPL-2.0-only
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ring_image.h"

#define IMAGE_MAGIC	"ringcheck-ring-image 1"

static void put_hex(FILE *out, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(out, "%02x", p[i]);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly 2n hex digits, then the end of the string. */
static int get_hex(const char *s, uint8_t *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int hi = hex_digit(s[2 * i]), lo = hi < 0 ? -1
							  : hex_digit(s[2 * i + 1]);

		if (lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return s[2 * n] == '\0' ? 0 : -1;
}

void ring_image_add_step(struct ring_image *img, char op, uint32_t size,
			 uint64_t tail, const void *bytes)
{
	struct ring_image_step *st;

	img->steps = realloc(img->steps, (img->nsteps + 1) * sizeof(*st));
	if (!img->steps)
		abort();
	st = &img->steps[img->nsteps++];
	*st = (struct ring_image_step){ .op = op, .size = size, .tail = tail };
	if (bytes) {
		st->bytes = malloc(size);
		if (!st->bytes)
			abort();
		memcpy(st->bytes, bytes, size);
	}
}

void ring_image_free(struct ring_image *img)
{
	size_t i;

	for (i = 0; i < img->nsteps; i++)
		free(img->steps[i].bytes);
	free(img->steps);
	free(img->data);
	memset(img, 0, sizeof(*img));
}

void ring_image_write(FILE *out, const struct ring_image *img)
{
	size_t i;

	fprintf(out, "%s\nkernel %s\nscenario %s\nmode %s\n", IMAGE_MAGIC,
		img->kernel, img->scenario, fake_ring_mode_name(&img->cfg));
	fprintf(out, "page_size %lu\ndata_size %lu\nevent_id %" PRIu64
		     "\nlost_trailer %u\ndata_head %" PRIu64 "\ndata_tail %"
		     PRIu64 "\n",
		img->cfg.page_size, img->cfg.data_size, img->cfg.event_id,
		img->cfg.lost_trailer, img->data_head, img->data_tail);
	for (i = 0; i < img->nsteps; i++) {
		const struct ring_image_step *st = &img->steps[i];

		fprintf(out, "step %c", st->op);
		if (st->op == 'w') {
			fputc(' ', out);
			put_hex(out, st->bytes, st->size);
		} else if (st->op == 'd') {
			fprintf(out, " %u", st->size);
		} else if (st->op == 't') {
			fprintf(out, " %" PRIu64, st->tail);
		}
		fputc('\n', out);
	}
	for (i = 0; i < img->cfg.data_size; i += 64) {
		fprintf(out, "data %zu ", i);
		put_hex(out, img->data + i, 64);
		fputc('\n', out);
	}
}

int ring_image_read(FILE *in, struct ring_image *img, char *err,
		    size_t errlen)
{
	char *line = NULL, key[32], mode[16];
	size_t cap = 0, lineno = 0, data_lines = 0;
	unsigned long long v;
	ssize_t n;

	memset(img, 0, sizeof(*img));
	while ((n = getline(&line, &cap, in)) > 0) {
		char *rest;

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (lineno == 1) {
			if (strcmp(line, IMAGE_MAGIC))
				goto bad;
			continue;
		}
		if (sscanf(line, "%31s", key) != 1)
			continue;
		rest = line + strlen(key) + (line[strlen(key)] == ' ');
		if (!strcmp(key, "kernel")) {
			snprintf(img->kernel, sizeof(img->kernel), "%s", rest);
		} else if (!strcmp(key, "scenario")) {
			snprintf(img->scenario, sizeof(img->scenario), "%s", rest);
		} else if (!strcmp(key, "mode")) {
			if (sscanf(rest, "%15s", mode) != 1 ||
			    fake_ring_parse_mode(mode, &img->cfg))
				goto bad;
		} else if (!strcmp(key, "step")) {
			char op = rest[0];

			if (op == 'w') {
				size_t len = strlen(rest + 2) / 2;
				uint8_t *b = malloc(len ? len : 1);

				if (len < 8 || len > 65535 ||
				    get_hex(rest + 2, b, len)) {
					free(b);
					goto bad;
				}
				ring_image_add_step(img, 'w', (uint32_t)len, 0, b);
				free(b);
			} else if (op == 'd' || op == 't') {
				if (sscanf(rest + 1, "%llu", &v) != 1)
					goto bad;
				ring_image_add_step(img, op, (uint32_t)v, v, NULL);
			} else if (op == 'p' || op == 'r') {
				ring_image_add_step(img, op, 0, 0, NULL);
			} else {
				goto bad;
			}
		} else if (!strcmp(key, "data")) {
			unsigned long off;
			char hex[160];

			if (!img->data || sscanf(rest, "%lu %159s", &off, hex) != 2 ||
			    off + 64 > img->cfg.data_size || off % 64 ||
			    get_hex(hex, img->data + off, 64))
				goto bad;
			data_lines++;
		} else if (sscanf(rest, "%llu", &v) == 1) {
			if (!strcmp(key, "page_size"))
				img->cfg.page_size = v;
			else if (!strcmp(key, "data_size"))
				img->cfg.data_size = v;
			else if (!strcmp(key, "event_id"))
				img->cfg.event_id = v;
			else if (!strcmp(key, "lost_trailer"))
				img->cfg.lost_trailer = (unsigned int)v;
			else if (!strcmp(key, "data_head"))
				img->data_head = v;
			else if (!strcmp(key, "data_tail"))
				img->data_tail = v;
			else
				goto bad;
			if (!strcmp(key, "data_size")) {
				if (v < 64 || v > (1ull << 24) || (v & (v - 1)))
					goto bad;
				img->data = calloc(1, v);
			}
		} else {
			goto bad;
		}
	}
	free(line);
	if (lineno == 0 || !img->data || !img->cfg.page_size ||
	    data_lines != img->cfg.data_size / 64) {
		snprintf(err, errlen, "incomplete ring image");
		ring_image_free(img);
		return -1;
	}
	return 0;
bad:
	snprintf(err, errlen, "ring image line %zu: cannot read it", lineno);
	free(line);
	ring_image_free(img);
	return -1;
}

/* Paints the rows written since row from: known or not, last one wins. */
static void paint(const struct fake_ring *f, size_t from, bool synthetic,
		  uint8_t *known)
{
	uint64_t mask = fake_ring_config(f)->data_size - 1;
	size_t r, b;

	for (r = from; known && r < fake_ring_ledger_count(f); r++) {
		const struct fake_ring_entry *e = fake_ring_ledger_entry(f, r);

		if (e->outcome != FAKE_RING_WRITTEN)
			continue;
		for (b = 0; b < e->size; b++)
			known[(e->start + b) & mask] = !synthetic || e->is_lost;
	}
}

struct fake_ring *ring_image_replay(const struct ring_image *img,
				    uint8_t *known, char *err, size_t errlen)
{
	struct fake_ring *f = fake_ring_new(&img->cfg, err, errlen);
	uint8_t *rec = malloc(65536);
	size_t i;

	/* never written: zero in both */
	if (known)
		memset(known, 1, img->cfg.data_size);
	for (i = 0; f && i < img->nsteps; i++) {
		const struct ring_image_step *st = &img->steps[i];
		size_t rows = fake_ring_ledger_count(f);
		int ret = 0;

		switch (st->op) {
		case 'w':
			ret = fake_ring_write(f, st->bytes, st->size, NULL);
			break;
		case 'd':
			fake_ring_make_record(rec, 9, st->size, i);
			ret = fake_ring_write(f, rec, st->size, NULL);
			break;
		case 't':
			fake_ring_set_tail(f, st->tail);
			break;
		case 'p':
		case 'r':
			fake_ring_pause(f, st->op == 'p');
			break;
		}
		paint(f, rows, st->op == 'd', known);
		if (ret < 0) {
			snprintf(err, errlen, "step %zu: %s", i,
				 fake_ring_error(f));
			fake_ring_free(f);
			f = NULL;
		}
	}
	free(rec);
	return f;
}
