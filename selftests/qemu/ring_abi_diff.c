// SPDX-License-Identifier: GPL-2.0-only
/*
 * ring_abi_diff: compares a ring image a kernel under test wrote (captured
 * by `ringcheck capture` in the qemu guest) with the committed fixture of
 * the same scenario from another kernel, on what the ring buffer ABI fixes
 * and nothing else: the mapping, the order, type, misc and size of every
 * record, which records were dropped, the consume points, the final head
 * and tail, and the records left readable in the data area (where the
 * kernel's own LOST records are: the steps hold only what the test wrote),
 * each by type, misc, size and, for LOST, the count it reports. Payloads that legitimately
 * differ between two runs or two kernels (pids, times, event ids, stack
 * bytes) are not compared.
 *
 * usage: ring_abi_diff FIXTURE.ring CAPTURED.ring
 * Exit 0: the same ABI; 1: differences, each named on stdout; 2: an image
 * that cannot be read.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "fake_ring.h"
#include "ring_image.h"

#define PERF_RECORD_LOST_TYPE	2
#define MAX_REPORTED		5
#define MAX_WALKED		4096

struct record_header {
	uint32_t type;
	uint16_t misc;
	uint16_t size;
};

static int load(const char *path, struct ring_image *img)
{
	char err[256];
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "ring_abi_diff: %s: cannot open\n", path);
		return -1;
	}
	if (ring_image_read(f, img, err, sizeof(err))) {
		fprintf(stderr, "ring_abi_diff: %s: %s\n", path, err);
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

/* A step as the ABI sees it, in words, into buf. */
static void describe(const struct ring_image_step *s, char *buf, size_t len)
{
	struct record_header h = { 0 };
	uint64_t lost = 0;

	switch (s->op) {
	case 'w':
		if (s->size >= sizeof(h))
			memcpy(&h, s->bytes, sizeof(h));
		if (h.type == PERF_RECORD_LOST_TYPE && s->size >= 24)
			memcpy(&lost, s->bytes + 16, sizeof(lost));
		if (h.type == PERF_RECORD_LOST_TYPE)
			snprintf(buf, len, "LOST of %" PRIu64 " (misc %u, %u bytes)",
				 lost, h.misc, h.size);
		else
			snprintf(buf, len, "record type %u (misc %u, %u bytes)",
				 h.type, h.misc, h.size);
		break;
	case 'd':
		snprintf(buf, len, "dropped record of %u bytes", s->size);
		break;
	case 't':
		snprintf(buf, len, "data_tail stored at %" PRIu64, s->tail);
		break;
	case 'p':
		snprintf(buf, len, "pause");
		break;
	case 'r':
		snprintf(buf, len, "resume");
		break;
	default:
		snprintf(buf, len, "step '%c'", s->op);
	}
}

/* The bytes at ring counter pos of the data area, wrapping at its end. */
static void data_at(const struct ring_image *img, uint64_t pos, void *dst,
		    size_t len)
{
	uint64_t mask = img->cfg.data_size - 1;
	size_t i;

	for (i = 0; i < len; i++)
		((uint8_t *)dst)[i] = img->data[(pos + i) & mask];
}

/*
 * The records a reader finds in the data area, described into out: forward
 * from data_tail to data_head with a tail the reader writes; from data_head
 * on for a backward ring, as long as whole records fit in the data area. A
 * forward overwrite ring has no start a reader can find: nothing is walked.
 */
static size_t walk(const struct ring_image *img, char (*out)[96], size_t max)
{
	uint64_t pos, end;
	struct record_header h;
	struct ring_image_step s = { .op = 'w' };
	uint8_t rec[24];
	size_t n = 0;

	if (!img->cfg.data_size || (!img->cfg.backward && img->cfg.overwrite))
		return 0;
	pos = img->cfg.backward ? img->data_head : img->data_tail;
	end = img->cfg.backward ? img->data_head + img->cfg.data_size :
				  img->data_head;
	while (n < max && end - pos >= sizeof(h)) {
		data_at(img, pos, &h, sizeof(h));
		if (h.size < sizeof(h) || h.size > end - pos)
			break;
		memset(rec, 0, sizeof(rec));
		data_at(img, pos, rec, h.size < sizeof(rec) ? h.size : sizeof(rec));
		s.size = h.size;
		s.bytes = rec;
		describe(&s, out[n++], sizeof(out[0]));
		pos += h.size;
	}
	return n;
}

/* One difference, named; only the first few are printed. */
static void report(int *n, const char *where, const char *a, const char *b)
{
	if (++*n <= MAX_REPORTED)
		printf("  %s: fixture %s, captured %s\n", where, a, b);
}

int main(int argc, char **argv)
{
	static char walked_fx[MAX_WALKED][96], walked_cap[MAX_WALKED][96];
	struct ring_image fx, cap;
	char a[96], b[96], what[48];
	size_t i, common, nfx, ncap;
	int n = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: ring_abi_diff FIXTURE.ring CAPTURED.ring\n");
		return 2;
	}
	if (load(argv[1], &fx) || load(argv[2], &cap))
		return 2;

	snprintf(a, sizeof(a), "%s page %lu data %lu trailer %u",
		 fake_ring_mode_name(&fx.cfg), fx.cfg.page_size,
		 fx.cfg.data_size, fx.cfg.lost_trailer);
	snprintf(b, sizeof(b), "%s page %lu data %lu trailer %u",
		 fake_ring_mode_name(&cap.cfg), cap.cfg.page_size,
		 cap.cfg.data_size, cap.cfg.lost_trailer);
	if (strcmp(a, b))
		report(&n, "mapping", a, b);

	common = fx.nsteps < cap.nsteps ? fx.nsteps : cap.nsteps;
	for (i = 0; i < common; i++) {
		describe(&fx.steps[i], a, sizeof(a));
		describe(&cap.steps[i], b, sizeof(b));
		if (!strcmp(a, b))
			continue;
		snprintf(what, sizeof(what), "step %zu", i + 1);
		report(&n, what, a, b);
	}
	if (fx.nsteps != cap.nsteps) {
		snprintf(a, sizeof(a), "%zu", fx.nsteps);
		snprintf(b, sizeof(b), "%zu", cap.nsteps);
		report(&n, "steps", a, b);
	}
	nfx = walk(&fx, walked_fx, MAX_WALKED);
	ncap = walk(&cap, walked_cap, MAX_WALKED);
	for (i = 0; i < nfx && i < ncap; i++) {
		if (!strcmp(walked_fx[i], walked_cap[i]))
			continue;
		snprintf(what, sizeof(what), "data area record %zu", i + 1);
		report(&n, what, walked_fx[i], walked_cap[i]);
	}
	if (nfx != ncap) {
		snprintf(a, sizeof(a), "%zu", nfx);
		snprintf(b, sizeof(b), "%zu", ncap);
		report(&n, "records in the data area", a, b);
	}
	snprintf(a, sizeof(a), "head %" PRIu64 " tail %" PRIu64, fx.data_head,
		 fx.data_tail);
	snprintf(b, sizeof(b), "head %" PRIu64 " tail %" PRIu64, cap.data_head,
		 cap.data_tail);
	if (strcmp(a, b))
		report(&n, "end", a, b);
	if (n > MAX_REPORTED)
		printf("  ... %d differences in all\n", n);

	ring_image_free(&fx);
	ring_image_free(&cap);
	return n ? 1 : 0;
}
