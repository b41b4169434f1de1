// SPDX-License-Identifier: GPL-2.0-only
/*
 * The less travelled paths: descriptions and control pages of old kernels,
 * push failing half way, malformed ring images and arguments, drawings of
 * long and empty rings. Expectations are written by hand.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/perf_event.h>
#include <CUnit/CUnit.h>

#include "helpers.h"
#include "ring_image.h"
#include "ring_reader.h"
#include "suites.h"

static struct ring_reader *reader_for(struct fake_ring *ring)
{
	const struct fake_ring_config *cfg = fake_ring_config(ring);
	struct ringcheck_ring d = { fake_ring_base(ring), cfg->page_size,
				    cfg->data_size, cfg->overwrite };
	int err;

	return ring_reader_open(&d, &err, NULL, 0);
}

static void test_descriptions(void)
{
	struct fake_ring *ring = test_ring("fwd-rw", 4096, 0, 0);
	struct perf_event_mmap_page *pc = fake_ring_control_page(ring);
	struct ringcheck_ring d = { fake_ring_base(ring), 2048, 4096, 0 };
	struct ring_reader *r;
	char msg[160];
	int err;

	/* a page size the control page cannot fit in */
	CU_ASSERT_PTR_NULL(ring_reader_open(&d, &err, msg, sizeof(msg)));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "page size"));
	/* kernels before 4.1 leave data_offset and data_size 0: the
	 * description decides */
	pc->data_offset = 0;
	pc->data_size = 0;
	d.page_size = 4096;
	r = ring_reader_open(&d, &err, msg, sizeof(msg));
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	test_write(ring, 32, 9, 2);
	CU_ASSERT_EQUAL(ring_reader_read_init(r), 0);
	CU_ASSERT_PTR_NOT_NULL(ring_reader_read_event(r));
	ring_reader_close(r);
	ring_reader_close(NULL);
	fake_ring_free(ring);
}

static void test_ring_without_data_pages(void)
{
	struct fake_ring *ring = test_ring("fwd-rw", 0, 0, 0);
	struct ring_reader *r = reader_for(ring);

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	test_write(ring, 32, 9, 3);	/* all dropped, nothing counted */
	CU_ASSERT_EQUAL(ring_reader_read_init(r), -EAGAIN);
	/* a head that moved anyway is a fault, not a read */
	fake_ring_publish_raw_head(ring, 64);
	CU_ASSERT_EQUAL(ring_reader_read_init(r), -ERANGE);
	CU_ASSERT_PTR_NULL(ring_reader_read_event(r));
	ring_reader_close(r);
	fake_ring_free(ring);
}

struct nth_fails {
	int	calls, fail_at;
	size_t	len;
};

static int sink_nth(void *ctx, const void *buf, unsigned long len)
{
	struct nth_fails *s = ctx;

	if (++s->calls == s->fail_at)
		return -1;
	s->len += len;
	return 0;
}

static void test_push_failures(void)
{
	struct fake_ring *ring = test_ring("fwd-rw", 256, 200, 0);
	struct ring_reader *r = reader_for(ring);
	struct nth_fails s = { .fail_at = 2 };
	struct perf_event_header bad = { .type = 9, .size = 4 };

	/* wrapped: the second chunk fails, nothing is consumed */
	test_write(ring, 40, 9, 3);
	CU_ASSERT_EQUAL(ring_reader_push(r, &s, sink_nth), -1);
	CU_ASSERT_EQUAL(fake_ring_data_tail(ring), 200);
	s = (struct nth_fails){ 0 };
	CU_ASSERT_EQUAL(ring_reader_push(r, &s, sink_nth), 0);
	CU_ASSERT_EQUAL(s.len, 120);
	CU_ASSERT_EQUAL(s.calls, 2);
	/* a bad record after a good one: the good one pushed, then -1 */
	test_write(ring, 16, 9, 1);
	fake_ring_poke(ring, 336, &bad, sizeof(bad));
	fake_ring_publish_raw_head(ring, 344);
	s = (struct nth_fails){ 0 };
	CU_ASSERT_EQUAL(ring_reader_push(r, &s, sink_nth), -1);
	CU_ASSERT_EQUAL(s.len, 16);
	CU_ASSERT_EQUAL(fake_ring_data_tail(ring), 336);
	/* a bad head: read_init fails, push says -1 */
	fake_ring_publish_raw_head(ring, 100);
	CU_ASSERT_EQUAL(ring_reader_push(r, &s, sink_nth), -1);
	ring_reader_close(r);
	fake_ring_free(ring);
}

static void test_fake_ring_arguments(void)
{
	struct fake_ring_config cfg = { .page_size = 4096,
					.data_size = 1ul << 32 };
	struct fake_ring *ring;
	char err[128];
	uint8_t rec[64], trailer[16];
	long token;

	CU_ASSERT_PTR_NULL(fake_ring_new(&cfg, err, sizeof(err)));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "2 GiB"));
	ring = test_ring("fwd-rw", 64, 0, 16);
	/* reconfigure: another mapping, or a bad trailer */
	cfg = *fake_ring_config(ring);
	cfg.data_size = 128;
	CU_ASSERT_EQUAL(fake_ring_reconfigure(ring, &cfg), -EINVAL);
	cfg.data_size = 64;
	cfg.lost_trailer = 9;
	CU_ASSERT_EQUAL(fake_ring_reconfigure(ring, &cfg), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(fake_ring_error(ring), "trailer"));
	/* an explicit LOST trailer */
	memset(trailer, 0x77, sizeof(trailer));
	fake_ring_make_record(rec, 3, 40, 1);
	test_write(ring, 40, 3, 2);	/* the second is dropped */
	fake_ring_consume(ring);
	CU_ASSERT_EQUAL(fake_ring_write(ring, rec, 16, trailer), 0);
	CU_ASSERT_EQUAL(fake_ring_entry_bytes(ring,
			fake_ring_ledger_entry(ring, 2))[24], 0x77);
	/* a LOST row is not a reservation; nor is a row past the end */
	CU_ASSERT_EQUAL(fake_ring_commit(ring, 2), -EINVAL);
	CU_ASSERT_EQUAL(fake_ring_commit(ring, 99), -EINVAL);
	CU_ASSERT_PTR_NULL(fake_ring_ledger_entry(ring, 99));
	CU_ASSERT_EQUAL(fake_ring_commit(ring, -1), -EINVAL);
	cfg = *fake_ring_config(ring);
	cfg.lost_trailer = 72;
	CU_ASSERT_EQUAL(fake_ring_reconfigure(ring, &cfg), -EINVAL);
	CU_ASSERT_EQUAL(fake_ring_parse_mode("fwd_rw", &cfg), -1);
	CU_ASSERT_EQUAL(fake_ring_parse_mode("sid-rw", &cfg), -1);
	CU_ASSERT_EQUAL(fake_ring_parse_mode("fwd-wx", &cfg), -1);
	CU_ASSERT_EQUAL(fake_ring_parse_mode("forward", &cfg), -1);
	/* each mode's name parses back to it */
	for (int m = 0; m < 4; m++) {
		static const char *const names[] = { "fwd-rw", "fwd-ro",
						     "bwd-ro", "bwd-rw" };

		CU_ASSERT_EQUAL(fake_ring_parse_mode(names[m], &cfg), 0);
		CU_ASSERT_STRING_EQUAL(fake_ring_mode_name(&cfg), names[m]);
	}
	fake_ring_free(ring);
	/* the unaligned quirk still stops at the u16 size */
	cfg = (struct fake_ring_config){ .page_size = 4096, .data_size = 64,
					 .flags = FAKE_RING_QUIRK_UNALIGNED };
	ring = fake_ring_new(&cfg, err, sizeof(err));
	CU_ASSERT_EQUAL(fake_ring_reserve(ring, rec, 65536, NULL, &token),
			-EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(fake_ring_error(ring), "65535"));
	fake_ring_free(ring);
}

static size_t draw(struct fake_ring *ring, char *buf, size_t len)
{
	FILE *f = fmemopen(buf, len, "w");

	fake_ring_draw(ring, f);
	fclose(f);
	return strlen(buf);
}

static void test_drawings(void)
{
	static char buf[1 << 16];
	struct fake_ring *ring = test_ring("fwd-rw", 65536, 0, 16);

	/* long lists are cut in the middle; no map above 4 KiB */
	test_write(ring, 40, 77, 200);
	draw(ring, buf, sizeof(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "... 152 more ..."));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, " ?"));	/* type 77 */
	CU_ASSERT_PTR_NULL(strstr(buf, "map,"));
	fake_ring_free(ring);
	/* a record of a type without a name, an empty ring's JSON */
	ring = test_ring("fwd-rw", 64, 0, 0);
	test_write(ring, 8, 0, 1);
	draw(ring, buf, sizeof(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, " ?"));
	fake_ring_reset(ring);
	{
		FILE *f = fmemopen(buf, sizeof(buf), "w");

		fake_ring_print_json(ring, f);
		fclose(f);
		CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\"records\": []"));
	}
	fake_ring_free(ring);
	/* LOST rows say their count; a ring without pages draws too */
	ring = test_ring("fwd-rw", 64, 0, 0);
	test_write(ring, 32, 3, 3);
	fake_ring_consume(ring);
	test_write(ring, 8, 3, 1);
	draw(ring, buf, sizeof(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "LOST lost 2"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "COMM"));
	fake_ring_free(ring);
	ring = test_ring("bwd-ro", 0, 0, 0);
	draw(ring, buf, sizeof(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "data_size 0"));
	fake_ring_free(ring);
}

static void bad_image(const char *text, const char *word)
{
	struct ring_image img;
	char err[128] = "";
	FILE *f = fmemopen((void *)text, strlen(text), "r");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	if (!ring_image_read(f, &img, err, sizeof(err))) {
		fprintf(stderr, "accepted: %s\n", text);
		ring_image_free(&img);
		CU_FAIL("a malformed image was accepted");
	}
	if (!strstr(err, word))
		fprintf(stderr, "'%.60s...': '%s', not '%s'\n", text, err, word);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, word));
	fclose(f);
}

/* A reader's tail outside [released, head]: poison leaves the bytes. */
static void test_poison_ignores_a_wild_tail(void)
{
	struct fake_ring_config cfg = { .page_size = 4096, .data_size = 64,
					.flags = FAKE_RING_POISON_RELEASED };
	struct fake_ring *ring = fake_ring_new(&cfg, (char[64]){ 0 }, 64);
	struct fake_ring_hole holes[2] = { { 8, 40 }, { 30, 40 } };
	uint8_t rec[48];

	test_write(ring, 16, 9, 2);
	fake_ring_set_tail(ring, 1000);		/* past the head */
	test_write(ring, 8, 9, 1);
	CU_ASSERT_EQUAL(fake_ring_data(ring)[0], 9);	/* not poisoned */
	CU_ASSERT_TRUE(fake_ring_entry_whole(ring,
					     fake_ring_ledger_entry(ring, 0)));
	fake_ring_make_record(rec, 9, 48, 1);
	CU_ASSERT_EQUAL(fake_ring_write_holes(ring, rec, 32, holes, 1), -EINVAL);
	CU_ASSERT_EQUAL(fake_ring_write_holes(ring, rec, 32, holes + 1, 1),
			-EINVAL);
	holes[0] = (struct fake_ring_hole){ 40, 0 };
	CU_ASSERT_EQUAL(fake_ring_write_holes(ring, rec, 32, holes, 1), -EINVAL);
	fake_ring_free(ring);
}

static void test_malformed_images(void)
{
	static const char head[] = "ringcheck-ring-image 1\npage_size 4096\n";
	static char text[140100];

	bad_image("not an image\n", "line 1");
	bad_image("\n", "line 1");
	snprintf(text, sizeof(text), "%smode sideways\n", head);
	bad_image(text, "line 3");
	snprintf(text, sizeof(text), "%sstep q\n", head);
	bad_image(text, "line 3");
	snprintf(text, sizeof(text), "%sstep t x\n", head);
	bad_image(text, "line 3");
	snprintf(text, sizeof(text), "%sdata_size 100\n", head);
	bad_image(text, "line 3");
	snprintf(text, sizeof(text), "%sdata 0 00\n", head);
	bad_image(text, "line 3");
	snprintf(text, sizeof(text), "%swhat 1\n", head);
	bad_image(text, "line 3");
	snprintf(text, sizeof(text), "%sdata_head x\n", head);
	bad_image(text, "line 3");
	snprintf(text, sizeof(text), "%smode\n", head);
	bad_image(text, "line 3");
	snprintf(text, sizeof(text), "%sdata 0 %0128d\n", head, 0);
	bad_image(text, "line 3");	/* data before data_size */
	snprintf(text, sizeof(text), "%sdata_size 64\ndata 64 %0128d\n", head, 0);
	bad_image(text, "line 4");	/* past the area */
	snprintf(text, sizeof(text), "%sdata_size 64\ndata 0 %0130d\n", head, 0);
	bad_image(text, "line 4");	/* too many digits */
	snprintf(text, sizeof(text), "%sdata_size 33554432\n", head);
	bad_image(text, "line 3");	/* over 16 MiB */
	snprintf(text, sizeof(text), "%sstep w %0131080d\n", head, 0);
	bad_image(text, "line 3");	/* a record over 65535 bytes */
	snprintf(text, sizeof(text), "%sstep w 0g\n", head);
	bad_image(text, "line 3");
	snprintf(text, sizeof(text), "%sdata_size 64\ndata 8 %0128d\n", head, 0);
	bad_image(text, "line 4");
	snprintf(text, sizeof(text), "%sdata_size 64\ndata 0 %0127dz\n", head, 0);
	bad_image(text, "line 4");
	snprintf(text, sizeof(text), "%sdata_size 128\ndata 0 %0128d\n", head, 0);
	bad_image(text, "incomplete");	/* the second data line is missing */
	/* issue 10: each of these crashed or was blamed on the reader */
	snprintf(text, sizeof(text), "%sdata_size 64\ndata -64 %0128d\n",
		 head, 0);
	bad_image(text, "line 4: data offset '-64'");
	snprintf(text, sizeof(text), "%sdata_size 64\n"
		 "data 18446744073709551552 %0128d\n", head, 0);
	bad_image(text, "line 4: data offset");	/* off + 64 wraps */
	snprintf(text, sizeof(text), "%sstep d 1000000\n", head);
	bad_image(text, "line 3: step d");
	bad_image("ringcheck-ring-image 1\npage_size 12345\n",
		  "line 2: page_size 12345");
	bad_image("ringcheck-ring-image 1\nlost_trailer 7\n",
		  "line 2: lost_trailer 7");
	bad_image("ringcheck-ring-image 1\npage_size 4096\npage_size 4096\n",
		  "line 3: page_size given twice");
	bad_image("", "empty file");
	bad_image("ringcheck-ring-image 1\n", "incomplete");	/* truncated */
	bad_image("\x7f" "ELF\x02\x01\x01", "line 1");	/* binary */
	snprintf(text, sizeof(text), "%sstep w 0800000000001000\n", head);
	bad_image(text, "line 3: step w: the header says 16 bytes");
}

static void test_image_details(void)
{
	static const char good[] =
		"ringcheck-ring-image 1\n\npage_size 4096\ndata_size 64\n"
		"step t 4088\n"
		"data 0 ABCDEF0000000000000000000000000000000000000000000000"
		"000000000000000000000000000000000000000000000000000000000000"
		"0000000000000000\n";
	struct ring_image img;
	char err[128], *buf = NULL, text[256];
	size_t len = 0;
	FILE *f = fmemopen((void *)good, strlen(good), "r");

	/* a blank line, upper-case hex, a tail step: read and written back */
	CU_ASSERT_EQUAL_FATAL(ring_image_read(f, &img, err, sizeof(err)), 0);
	fclose(f);
	CU_ASSERT_EQUAL(img.data[0], 0xab);
	CU_ASSERT_EQUAL(img.steps[0].tail, 4088);
	f = open_memstream(&buf, &len);
	ring_image_write(f, &img);
	fclose(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "step t 4088\n"));
	free(buf);
	ring_image_free(&img);
	snprintf(text, sizeof(text), "ringcheck-ring-image 1\ndata_size 32\n");
	bad_image(text, "line 2");
}

static void test_image_replay_refusal(void)
{
	struct ring_image img = { 0 };
	struct fake_ring *f;
	char err[128];
	uint8_t rec[16] = { 9, 0, 0, 0, 0, 0, 12, 0 };

	fake_ring_parse_mode("fwd-rw", &img.cfg);
	img.cfg.page_size = 4096;
	img.cfg.data_size = 64;
	img.data = calloc(1, 64);
	ring_image_add_step(&img, 'w', 12, 0, rec);	/* not 8-aligned */
	f = ring_image_replay(&img, NULL, err, sizeof(err));
	CU_ASSERT_PTR_NULL(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "step 0"));
	img.cfg.page_size = 1000;
	CU_ASSERT_PTR_NULL(ring_image_replay(&img, NULL, err, sizeof(err)));
	ring_image_free(&img);
}

void register_edge_tests(void)
{
	CU_pSuite s = ADD_SUITE("edges");

	ADD_TEST(s, test_descriptions);
	ADD_TEST(s, test_ring_without_data_pages);
	ADD_TEST(s, test_push_failures);
	ADD_TEST(s, test_fake_ring_arguments);
	ADD_TEST(s, test_drawings);
	ADD_TEST(s, test_poison_ignores_a_wild_tail);
	ADD_TEST(s, test_malformed_images);
	ADD_TEST(s, test_image_details);
	ADD_TEST(s, test_image_replay_refusal);
}
