// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
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

/* The header fields, each at most once; page_size and data_size (and
 * every data line) are required, the others default to 0 and fwd-rw. */
enum field { F_KERNEL, F_SCENARIO, F_MODE, F_PAGE_SIZE, F_DATA_SIZE,
	     F_EVENT_ID, F_LOST_TRAILER, F_DATA_HEAD, F_DATA_TAIL, NFIELDS };

static const char *const field_names[NFIELDS] = {
	"kernel", "scenario", "mode", "page_size", "data_size", "event_id",
	"lost_trailer", "data_head", "data_tail",
};

struct parse {
	struct ring_image	*img;
	size_t			line;
	char			*err;
	size_t			errlen;
	bool			seen[NFIELDS];
	uint8_t			*data_seen;	/* per 64-byte line */
};

static int __attribute__((format(printf, 2, 3)))
bad(struct parse *p, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(p->err, p->errlen, "line %zu: ", p->line);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < p->errlen)
		vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Decimal digits only (no sign, no space), the whole string, no wrap. */
static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || *end ? -1 : 0;
}

static int parse_step(struct parse *p, const char *rest)
{
	struct ring_image *img = p->img;
	char op = rest[0];
	uint64_t v;

	if (op && rest[1] && rest[1] != ' ')
		return bad(p, "step '%.20s': not w, d, t, p or r", rest);
	if (op == 'w') {
		size_t len = strlen(rest + 2) / 2;
		uint8_t *b;
		uint16_t hdr_size;

		if (len < 8 || len > 65528 || len % 8)
			return bad(p, "step w: a record of %zu bytes (8 to "
				   "65528, a multiple of 8)", len);
		b = malloc(len);
		if (!b)
			return bad(p, "out of memory");
		if (get_hex(rest + 2, b, len)) {
			free(b);
			return bad(p, "step w: not %zu bytes of hex", len);
		}
		memcpy(&hdr_size, b + 6, 2);
		if (hdr_size != len) {
			free(b);
			return bad(p, "step w: the header says %u bytes, the "
				   "line has %zu", hdr_size, len);
		}
		ring_image_add_step(img, 'w', (uint32_t)len, 0, b);
		free(b);
	} else if (op == 'd') {
		if (parse_u64(rest + 2, &v) || v < 8 || v > 65528 || v % 8)
			return bad(p, "step d '%.24s': a size from 8 to 65528, "
				   "a multiple of 8", rest + 1);
		ring_image_add_step(img, 'd', (uint32_t)v, 0, NULL);
	} else if (op == 't') {
		if (parse_u64(rest + 2, &v) || v % 8)
			return bad(p, "step t '%.24s': a data_tail counter, a "
				   "multiple of 8", rest + 1);
		ring_image_add_step(img, 't', 0, v, NULL);
	} else if ((op == 'p' || op == 'r') && !rest[1]) {
		ring_image_add_step(img, op, 0, 0, NULL);
	} else {
		return bad(p, "step '%.20s': not w, d, t, p or r", rest);
	}
	return 0;
}

static int parse_data(struct parse *p, const char *rest)
{
	struct ring_image *img = p->img;
	char num[24];
	uint64_t off;
	size_t len = strcspn(rest, " ");

	if (!img->data)
		return bad(p, "data before data_size");
	snprintf(num, sizeof(num), "%.*s", (int)(len < 23 ? len : 23), rest);
	if (len > 20 || parse_u64(num, &off) || off % 64 ||
	    off >= img->cfg.data_size)
		return bad(p, "data offset '%s': a multiple of 64 below "
			   "data_size %lu", num, img->cfg.data_size);
	if (!rest[len] || get_hex(rest + len + 1, img->data + off, 64))
		return bad(p, "data %s: not 64 bytes of hex", num);
	if (p->data_seen[off / 64]++)
		return bad(p, "data %s: given twice", num);
	return 0;
}

static int parse_field(struct parse *p, enum field f, const char *rest)
{
	struct ring_image *img = p->img;
	char mode[8];
	uint64_t v = 0;

	if (p->seen[f])
		return bad(p, "%s given twice", field_names[f]);
	p->seen[f] = true;
	switch (f) {
	case F_KERNEL:
	case F_SCENARIO:
		if (strlen(rest) >= (f == F_KERNEL ? sizeof(img->kernel)
						   : sizeof(img->scenario)))
			return bad(p, "%s: too long", field_names[f]);
		strcpy(f == F_KERNEL ? img->kernel : img->scenario, rest);
		return 0;
	case F_MODE:
		if (strlen(rest) >= sizeof(mode) ||
		    fake_ring_parse_mode(strcpy(mode, rest), &img->cfg))
			return bad(p, "mode '%.16s': not fwd-rw, fwd-ro, "
				   "bwd-rw or bwd-ro", rest);
		return 0;
	default:
		break;
	}
	if (parse_u64(rest, &v))
		return bad(p, "%s '%.24s': not a decimal number",
			   field_names[f], rest);
	switch (f) {
	case F_PAGE_SIZE:
		if (v != 4096 && v != 16384 && v != 65536)
			return bad(p, "page_size %" PRIu64 ": not 4096, 16384 "
				   "or 65536", v);
		img->cfg.page_size = v;
		break;
	case F_DATA_SIZE:
		if (v < 64 || v > (1u << 24) || (v & (v - 1)))
			return bad(p, "data_size %" PRIu64 ": not a power of "
				   "two from 64 to 16 MiB", v);
		img->cfg.data_size = v;
		img->data = calloc(1, v);
		p->data_seen = calloc(1, v / 64);
		if (!img->data || !p->data_seen)
			return bad(p, "out of memory");
		break;
	case F_EVENT_ID:
		img->cfg.event_id = v;
		break;
	case F_LOST_TRAILER:
		if (v % 8 || v > 64)
			return bad(p, "lost_trailer %" PRIu64 ": not a "
				   "multiple of 8 up to 64", v);
		img->cfg.lost_trailer = (unsigned int)v;
		break;
	case F_DATA_HEAD:
		img->data_head = v;
		break;
	default:
		img->data_tail = v;
		break;
	}
	return 0;
}

static int parse_line(struct parse *p, char *line, size_t n)
{
	size_t klen = strcspn(line, " ");
	const char *rest = line + klen + (line[klen] == ' ');
	int f;

	if (strlen(line) != n)
		return bad(p, "a NUL byte: not a text file");
	if (p->line == 1)
		return strcmp(line, IMAGE_MAGIC) ?
			bad(p, "not a ring image (the first line is not "
			    "'%s')", IMAGE_MAGIC) : 0;
	if (!*line)
		return 0;
	if (klen == 4 && !strncmp(line, "step", 4))
		return parse_step(p, rest);
	if (klen == 4 && !strncmp(line, "data", 4))
		return parse_data(p, rest);
	for (f = 0; f < NFIELDS; f++)
		if (strlen(field_names[f]) == klen &&
		    !strncmp(line, field_names[f], klen))
			return parse_field(p, (enum field)f, rest);
	return bad(p, "unknown key '%.*s'", (int)(klen < 32 ? klen : 32),
		   line);
}

int ring_image_read(FILE *in, struct ring_image *img, char *err,
		    size_t errlen)
{
	struct parse p = { .img = img, .err = err, .errlen = errlen };
	char *line = NULL;
	size_t cap = 0, i, missing = 0;
	ssize_t n;
	int ret = 0;

	memset(img, 0, sizeof(*img));
	while (!ret && (n = getline(&line, &cap, in)) > 0) {
		p.line++;
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		ret = parse_line(&p, line, (size_t)n);
	}
	free(line);
	if (!ret && !p.line) {
		snprintf(err, errlen, "empty file");
		ret = -1;
	}
	for (i = F_PAGE_SIZE; !ret && i <= F_DATA_SIZE; i++) {
		if (p.seen[i])
			continue;
		snprintf(err, errlen, "incomplete: no %s line",
			 field_names[i]);
		ret = -1;
	}
	for (i = 0; !ret && i < img->cfg.data_size / 64; i++)
		missing += !p.data_seen[i];
	if (!ret && missing) {
		snprintf(err, errlen, "incomplete: %zu of %lu data lines "
			 "missing", missing, img->cfg.data_size / 64);
		ret = -1;
	}
	free(p.data_seen);
	if (ret)
		ring_image_free(img);
	return ret;
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
			if (st->size > 65536) {	/* rec holds 64 KiB */
				snprintf(err, errlen, "step %zu: a record "
					 "of %u bytes", i, st->size);
				fake_ring_free(f);
				f = NULL;
				continue;
			}
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
