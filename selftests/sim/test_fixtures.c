// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel ABI check without a kernel: every ring image under
 * fixtures/kernel/ (captured with `ringcheck capture`) is replayed into
 * fake_ring, which must give the kernel's data_head, data_tail and data
 * area byte for byte; then the reference reader reads the result and must
 * deliver what the ledger says.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/perf_event.h>
#include <CUnit/CUnit.h>

#include <ringcheck/reader.h>

#include "ring_image.h"
#include "suites.h"

const struct ringcheck_reader_ops *ringcheck_reader(void);

static void check_readers(const struct ring_image *img)
{
	const struct ringcheck_reader_ops *ops = ringcheck_reader();
	struct fake_ring *f = fake_ring_new(&img->cfg, (char[128]){ 0 }, 128);
	const struct perf_event_header *h;
	struct ringcheck_ring d = { fake_ring_base(f), img->cfg.page_size,
				    img->cfg.data_size, img->cfg.overwrite };
	size_t idx[4096], n, i = 0;
	void *rd = NULL;
	uint8_t *rec = malloc(65536);

	/* an overwrite reader starts before the writes, a forward one
	 * where the kernel's reader left data_tail */
	if (img->cfg.overwrite)
		rd = ops->open(&d);
	for (size_t s = 0; s < img->nsteps; s++) {
		const struct ring_image_step *st = &img->steps[s];

		if (st->op == 'w')
			fake_ring_write(f, st->bytes, st->size, NULL);
		else if (st->op == 'd') {
			fake_ring_make_record(rec, 9, st->size, s);
			fake_ring_write(f, rec, st->size, NULL);
		} else if (st->op == 't')
			fake_ring_set_tail(f, st->tail);
		else
			fake_ring_pause(f, st->op == 'p');
	}
	if (!rd)
		rd = ops->open(&d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(rd);
	n = fake_ring_whole_entries(f, idx, 4096);
	/* forward: the whole records from data_tail on */
	while (!img->cfg.overwrite && i < n &&
	       fake_ring_ledger_entry(f, idx[i])->start -
		       fake_ring_data_tail(f) > img->cfg.data_size)
		i++;
	if (ops->read_init(rd) == 0) {
		while ((h = ops->read_event(rd))) {
			const struct fake_ring_entry *e;

			CU_ASSERT_FATAL(i < n);
			e = fake_ring_ledger_entry(f, idx[i++]);
			CU_ASSERT_EQUAL(h->size, e->size);
			CU_ASSERT_EQUAL(memcmp(h, fake_ring_entry_bytes(f, e),
					       e->size), 0);
		}
		ops->read_done(rd);
	}
	CU_ASSERT_EQUAL(i, n);
	ops->close(rd);
	fake_ring_free(f);
	free(rec);
}

static int check_image(const char *path)
{
	struct ring_image img;
	struct fake_ring *f;
	char err[256];
	FILE *in = fopen(path, "r");
	size_t i, nknown = 0;
	uint8_t *known;

	CU_ASSERT_PTR_NOT_NULL_FATAL(in);
	CU_ASSERT_EQUAL_FATAL(ring_image_read(in, &img, err, sizeof(err)), 0);
	fclose(in);
	known = malloc(img.cfg.data_size);
	f = ring_image_replay(&img, known, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(fake_ring_data_head(f), img.data_head);
	CU_ASSERT_EQUAL(fake_ring_data_tail(f), img.data_tail);
	for (i = 0; i < img.cfg.data_size; i++) {
		nknown += known[i];
		/* bytes of records the capture never saw are unknown */
		if (known[i] && fake_ring_data(f)[i] != img.data[i]) {
			fprintf(stderr, "%s: byte %zu: kernel %02x, fake_ring "
				"%02x\n", path, i, img.data[i],
				fake_ring_data(f)[i]);
			fake_ring_draw(f, stderr);
			CU_FAIL("fake_ring differs from the kernel's image");
			break;
		}
	}
	/* forward images are known whole: nothing is overwritten unseen */
	if (!img.cfg.overwrite)
		CU_ASSERT_EQUAL(nknown, img.cfg.data_size);
	CU_ASSERT(nknown > img.cfg.data_size / 2);
	free(known);
	fake_ring_free(f);
	check_readers(&img);
	ring_image_free(&img);
	return 1;
}

static void test_kernel_images(void)
{
	char path[4096];
	DIR *top = opendir(RINGCHECK_FIXTURES), *d;
	struct dirent *kv, *e;
	int n = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(top);
	while ((kv = readdir(top))) {
		if (kv->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", RINGCHECK_FIXTURES,
			 kv->d_name);
		d = opendir(path);
		while (d && (e = readdir(d))) {
			size_t len = strlen(e->d_name);

			if (len < 6 || strcmp(e->d_name + len - 5, ".ring"))
				continue;
			snprintf(path, sizeof(path), "%s/%s/%s",
				 RINGCHECK_FIXTURES, kv->d_name, e->d_name);
			n += check_image(path);
		}
		if (d)
			closedir(d);
	}
	closedir(top);
	CU_ASSERT(n >= 6);	/* the committed set */
}

static void test_image_round_trip_and_errors(void)
{
	struct ring_image img = { 0 }, back;
	char err[128], *buf = NULL;
	size_t len = 0;
	FILE *mem;
	uint8_t rec[40] = { 3, 0, 0, 0, 0, 0, 40, 0 };

	fake_ring_parse_mode("bwd-ro", &img.cfg);
	img.cfg.page_size = 4096;
	img.cfg.data_size = 64;
	img.data = calloc(1, 64);
	img.data[5] = 0xab;
	ring_image_add_step(&img, 'w', 40, 0, rec);
	ring_image_add_step(&img, 'd', 48, 0, NULL);
	ring_image_add_step(&img, 'p', 0, 0, NULL);
	mem = open_memstream(&buf, &len);
	ring_image_write(mem, &img);
	fclose(mem);
	mem = fmemopen(buf, len, "r");
	CU_ASSERT_EQUAL_FATAL(ring_image_read(mem, &back, err, sizeof(err)), 0);
	fclose(mem);
	CU_ASSERT_EQUAL(back.nsteps, 3);
	CU_ASSERT_EQUAL(back.steps[1].size, 48);
	CU_ASSERT_EQUAL(memcmp(back.steps[0].bytes, rec, 40), 0);
	CU_ASSERT_EQUAL(back.data[5], 0xab);
	CU_ASSERT_TRUE(back.cfg.backward && back.cfg.overwrite);
	ring_image_free(&back);
	/* broken images: an error naming the line, never a crash */
	buf[len / 2] = '\0';
	mem = fmemopen(buf, strlen(buf), "r");
	CU_ASSERT_NOT_EQUAL(ring_image_read(mem, &back, err, sizeof(err)), 0);
	fclose(mem);
	mem = fmemopen("ringcheck-ring-image 1\nstep w 0102\n", 33, "r");
	CU_ASSERT_NOT_EQUAL(ring_image_read(mem, &back, err, sizeof(err)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "line 2"));
	fclose(mem);
	free(buf);
	ring_image_free(&img);
}

void register_fixture_tests(void)
{
	CU_pSuite s = ADD_SUITE("kernel_images");

	ADD_TEST(s, test_kernel_images);
	ADD_TEST(s, test_image_round_trip_and_errors);
}
