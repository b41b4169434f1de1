// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the ring image parser (fake_ring/ring_image.c), which
 * reads files a user may hand to ringcheck (fixtures/kernel/, captures).
 * The input is the file. It must be refused with a message, or read; an
 * image that is read must write back to text that reads to the same
 * image, and must replay into a fake ring or be refused. Any access
 * outside an allocation is a sanitizer report, a differing round trip an
 * abort.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_ring.h"
#include "ring_image.h"

static int same_steps(const struct ring_image *a, const struct ring_image *b)
{
	size_t i;

	if (a->nsteps != b->nsteps)
		return 0;
	for (i = 0; i < a->nsteps; i++) {
		const struct ring_image_step *x = &a->steps[i], *y = &b->steps[i];

		if (x->op != y->op || x->size != y->size || x->tail != y->tail ||
		    !x->bytes != !y->bytes ||
		    (x->bytes && memcmp(x->bytes, y->bytes, x->size)))
			return 0;
	}
	return 1;
}

static int same_image(const struct ring_image *a, const struct ring_image *b)
{
	return !strcmp(a->kernel, b->kernel) &&
	       !strcmp(a->scenario, b->scenario) &&
	       a->cfg.page_size == b->cfg.page_size &&
	       a->cfg.data_size == b->cfg.data_size &&
	       a->cfg.event_id == b->cfg.event_id &&
	       a->cfg.lost_trailer == b->cfg.lost_trailer &&
	       a->cfg.backward == b->cfg.backward &&
	       a->cfg.overwrite == b->cfg.overwrite &&
	       a->data_head == b->data_head && a->data_tail == b->data_tail &&
	       same_steps(a, b) &&
	       !memcmp(a->data, b->data, a->cfg.data_size);
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	struct ring_image img, back;
	struct fake_ring *f;
	char err[256], *text = NULL;
	size_t tlen = 0;
	uint8_t *known;
	FILE *fp;

	if (!len)
		return 0;
	fp = fmemopen((void *)in, len, "r");
	if (!fp)
		return 0;
	if (ring_image_read(fp, &img, err, sizeof(err))) {
		fclose(fp);
		if (!err[0])
			abort();	/* a refusal says why */
		return 0;
	}
	fclose(fp);
	fp = open_memstream(&text, &tlen);
	ring_image_write(fp, &img);
	fclose(fp);
	fp = fmemopen(text, tlen, "r");
	if (ring_image_read(fp, &back, err, sizeof(err))) {
		fprintf(stderr, "an image read does not read back: %s\n", err);
		abort();
	}
	fclose(fp);
	if (!same_image(&img, &back))
		abort();
	ring_image_free(&back);
	free(text);
	known = malloc(img.cfg.data_size);
	f = ring_image_replay(&img, known, err, sizeof(err));
	if (f)
		fake_ring_free(f);
	free(known);
	ring_image_free(&img);
	return 0;
}
