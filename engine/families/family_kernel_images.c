// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel-images: the record streams of real kernels (fixtures/kernel/
 * <release>/NAME.ring, captured by ringcheck capture), replayed into the
 * simulated ring and read in a usage pattern where the capture's reader
 * consumed.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "families.h"
#include "scenario/paths.h"
#include "ring_image.h"

enum { IMAGE, PATTERN, NPARAMS };

const char *const kernel_images_params[] = {
	[IMAGE] = "image",	/* index in name order */
	[PATTERN] = "pattern",	/* 0 consume each, 1 consume once */
	NULL
};

const char kernel_images_scaled[] = "nothing: the fixtures are what the "
	"kernels wrote";

static struct ring_image *images;
static size_t nimages;

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* fixtures/kernel/<release>/NAME.ring, in name order: case ids stay put
 * while the set of images does */
static void load_images(void)
{
	const char *top = paths_fixtures();
	char path[4096], **names = NULL;
	size_t n = 0, i;
	struct dirent *kv, *e;
	DIR *d, *sub;
	static int loaded;
	int broken = 0;

	if (loaded++)
		return;
	d = opendir(top);
	if (!d)
		fprintf(stderr, "ringcheck: fixtures directory %s: %m\n", top);
	while (d && (kv = readdir(d))) {
		if (kv->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", top, kv->d_name);
		sub = opendir(path);
		while (sub && (e = readdir(sub))) {
			size_t len = strlen(e->d_name);

			if (len < 6 || strcmp(e->d_name + len - 5, ".ring"))
				continue;
			names = realloc(names, (n + 1) * sizeof(*names));
			if (asprintf(&names[n], "%s/%s", path, e->d_name) > 0)
				n++;
		}
		if (sub)
			closedir(sub);
	}
	if (d)
		closedir(d);
	if (n)	/* qsort(NULL, 0) is undefined */
		qsort(names, n, sizeof(*names), by_name);
	images = calloc(n ? n : 1, sizeof(*images));
	for (i = 0; i < n; i++) {
		FILE *in = fopen(names[i], "r");
		char err[128];

		if (in && !ring_image_read(in, &images[nimages], err,
					   sizeof(err))) {
			nimages++;
		} else {
			fprintf(stderr, "ringcheck: %s: %s\n", names[i],
				in ? err : "cannot open");
			broken++;
		}
		if (in)
			fclose(in);
		free(names[i]);
	}
	free(names);
	/* a family that silently lost an image would pass short */
	if (broken)
		nimages = 0;
}

int kernel_images_lists(enum scenario_bounds b, size_t *len)
{
	load_images();
	len[IMAGE] = nimages;
	len[PATTERN] = 2;
	return NPARAMS;
}

int64_t kernel_images_value(enum scenario_bounds b, int k, size_t x,
			    const int64_t *p)
{
	return (int64_t)x;
}

int kernel_images_build(const int64_t *p, int np, struct scenario *s)
{
	const struct ring_image *img;
	size_t i;

	load_images();
	if (np != NPARAMS || p[IMAGE] < 0 || (size_t)p[IMAGE] >= nimages ||
	    p[PATTERN] < 0 || p[PATTERN] > 1)
		return -1;
	img = &images[p[IMAGE]];
	if (img->cfg.overwrite && p[PATTERN])
		return -1;
	scenario_init(s, fake_ring_mode_name(&img->cfg), img->cfg.data_size,
		      0);
	s->cfg.page_size = img->cfg.page_size;
	s->cfg.event_id = img->cfg.event_id;
	s->cfg.lost_trailer = img->cfg.lost_trailer;
	/* the kernel's records; the reader under test consumes where the
	 * capture's reader did, in a usage pattern */
	for (i = 0; i < img->nsteps; i++) {
		const struct ring_image_step *st = &img->steps[i];

		switch (st->op) {
		case 'w':
		case 'd':
			scenario_write(s, st->size, 1);
			s->steps[s->nsteps - 1].bytes = st->bytes;
			break;
		case 't':
			scenario_cycle(s, (enum cycle_pattern)p[PATTERN]);
			break;
		case 'p':
			scenario_add(s, ST_PAUSE, 0, 0);
			break;
		case 'r':
			scenario_add(s, ST_RESUME, 0, 0);
			break;
		}
	}
	return 0;
}
