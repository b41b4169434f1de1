// SPDX-License-Identifier: GPL-2.0-only
/*
 * Failures of the system, injected: this binary is linked with
 * -Wl,--wrap for malloc, calloc, realloc, mmap, memfd_create and fopen, so
 * that the calls made by ringcheck's own objects can be made to fail on
 * their Nth use (CUnit's calls, inside its shared library, are not
 * wrapped). Each test says which failure it expects and what must follow:
 * a clear error, never a crash, and for the ledger an abort (it is the
 * oracle: no partial truth).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/perf_event.h>
#include <CUnit/Basic.h>

#include "evlist_reader.h"
#include "fake_cpus.h"
#include "fake_ring.h"
#include "ring_image.h"
#include "ring_reader.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__real_mmap(void *a, size_t l, int p, int f, int fd, off_t o);
int __real_memfd_create(const char *name, unsigned int flags);
FILE *__real_fopen(const char *path, const char *mode);

/* 0: no failure; N: the Nth call from now fails */
static int fail_malloc, fail_calloc, fail_realloc, fail_mmap, fail_memfd;
static const char *fake_maps;	/* fopen gives this text instead */

static int now(int *countdown)
{
	return *countdown && --*countdown == 0;
}

void *__wrap_malloc(size_t n)
{
	return now(&fail_malloc) ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
	return now(&fail_calloc) ? NULL : __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n)
{
	return now(&fail_realloc) ? NULL : __real_realloc(p, n);
}

void *__wrap_mmap(void *a, size_t l, int p, int f, int fd, off_t o)
{
	if (now(&fail_mmap)) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	return __real_mmap(a, l, p, f, fd, o);
}

int __wrap_memfd_create(const char *name, unsigned int flags)
{
	if (now(&fail_memfd)) {
		errno = EMFILE;
		return -1;
	}
	return __real_memfd_create(name, flags);
}

FILE *__wrap_fopen(const char *path, const char *mode)
{
	if (fake_maps && !strcmp(path, "/proc/self/maps"))
		return *fake_maps ? fmemopen((void *)fake_maps,
					     strlen(fake_maps), "r") : NULL;
	return __real_fopen(path, mode);
}

static const struct fake_ring_config cfg = { .page_size = 4096,
					     .data_size = 4096 };

static void test_fake_ring_cannot_map(void)
{
	char err[128];
	int n;

	fail_memfd = 1;
	CU_ASSERT_PTR_NULL(fake_ring_new(&cfg, err, sizeof(err)));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "memfd"));
	/* the region, the control page, the data area, the writer's view */
	for (n = 1; n <= 4; n++) {
		fail_mmap = n;
		CU_ASSERT_PTR_NULL(fake_ring_new(&cfg, err, sizeof(err)));
		CU_ASSERT_PTR_NOT_NULL(strstr(err, "mmap"));
	}
	fail_mmap = 0;
	fail_calloc = 1;
	CU_ASSERT_PTR_NULL(fake_ring_new(&cfg, err, sizeof(err)));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "out of memory"));
}

static void test_reader_out_of_memory(void)
{
	struct fake_ring *ring = fake_ring_new(&cfg, (char[64]){ 0 }, 64);
	struct ringcheck_ring d = { fake_ring_base(ring), 4096, 4096, 0 };
	char msg[160];
	int err;

	fail_calloc = 1;
	CU_ASSERT_PTR_NULL(ring_reader_open(&d, &err, msg, sizeof(msg)));
	CU_ASSERT_EQUAL(err, -ENOMEM);
	fail_malloc = 1;	/* the bounce buffer */
	CU_ASSERT_PTR_NULL(ring_reader_open(&d, &err, msg, sizeof(msg)));
	CU_ASSERT_EQUAL(err, -ENOMEM);
	fail_malloc = 0;
	fake_ring_free(ring);
}

static int keep(void *ctx, unsigned int ring,
		const struct perf_event_header *h)
{
	return 0;
}

/* fake_cpus and the merged reader out of memory: NULL or -ENOMEM. */
static void test_evlist_out_of_memory(void)
{
	struct fake_cpus_config fcfg = {
		.ncpus = 1, .nevents = 1, .data_size = 4096,
		.sample_type = PERF_SAMPLE_TIME,
	};
	struct ringcheck_evlist_ring ring;
	struct ringcheck_evlist ev = { 1, &ring, PERF_SAMPLE_TIME };
	struct evlist_reader *r;
	struct fake_cpus *fc;
	char err[160];
	int k;

	fail_calloc = 1;
	CU_ASSERT_PTR_NULL(fake_cpus_new(&fcfg, err, sizeof(err)));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "out of memory"));
	fc = fake_cpus_new(&fcfg, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(fc);
	fail_malloc = 1;	/* the rows beside the ledger */
	CU_ASSERT_EQUAL(fake_cpus_write(fc, 0, 0, FAKE_CPUS_SAMPLE, 16, 0),
			-ENOMEM);
	fail_malloc = 0;
	ring = (struct ringcheck_evlist_ring){
		{ fake_ring_base(fake_cpus_ring(fc, 0)), 4096, 4096, 0 }, 0 };
	for (k = 1; k <= 2; k++) {	/* the reader, its rings */
		fail_calloc = k;
		CU_ASSERT_PTR_NULL(evlist_reader_open(&ev, err, sizeof(err)));
		CU_ASSERT_PTR_NOT_NULL(strstr(err, "out of memory"));
	}
	fail_calloc = 0;
	for (k = 0; k < 2; k++) {	/* the queue, a record's copy */
		r = evlist_reader_open(&ev, err, sizeof(err));
		CU_ASSERT_PTR_NOT_NULL_FATAL(r);
		fake_cpus_write(fc, 0, 0, FAKE_CPUS_SAMPLE, 16, 0);
		if (k)
			fail_malloc = 1;
		else
			fail_realloc = 1;
		CU_ASSERT_EQUAL(evlist_reader_round(r, NULL, keep), -ENOMEM);
		CU_ASSERT_PTR_NOT_NULL(strstr(evlist_reader_error(r),
					      "out of memory"));
		fail_malloc = fail_realloc = 0;
		evlist_reader_close(r);
	}
	fake_cpus_free(fc);
}

static void test_reader_without_proc_maps(void)
{
	struct fake_ring *ring = fake_ring_new(&cfg, (char[64]){ 0 }, 64);
	struct ringcheck_ring d = { fake_ring_base(ring), 4096, 4096, 0 };
	struct ring_reader *r;
	int err;

	/* no /proc: the protection is unknown, the description decides */
	fake_maps = "";
	r = ring_reader_open(&d, &err, NULL, 0);
	CU_ASSERT_PTR_NOT_NULL(r);
	ring_reader_close(r);
	/* lines that do not parse, and none for the ring */
	fake_maps = "garbage\n10-20 r--p 0 0:0 0 [x]\n";
	r = ring_reader_open(&d, &err, NULL, 0);
	CU_ASSERT_PTR_NOT_NULL(r);
	ring_reader_close(r);
	fake_maps = NULL;
	fake_ring_free(ring);
}

/* In coverage builds (ci/coverage.sh): the counters of a child that dies
 * of SIGABRT, which exit handlers would never write. */
#ifdef RINGCHECK_COVERAGE
void __gcov_dump(void);
#endif

static void dump_then_die(int sig)
{
#ifdef RINGCHECK_COVERAGE
	__gcov_dump();
#endif
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Dies of SIGABRT in a child: 1, or 0 if it survived. */
static int aborts(void (*fn)(void))
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGABRT, dump_then_die);
		fn();
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT;
}

/* The ledger's arenas: no memfd, or no address space for its views. */
static void ledger_cannot_grow(int *countdown)
{
	struct fake_ring *ring = fake_ring_new(&cfg, (char[64]){ 0 }, 64);
	uint8_t rec[8] = { 9, 0, 0, 0, 0, 0, 8, 0 };

	*countdown = 1;
	fake_ring_write(ring, rec, 8, NULL);
}

static void ledger_cannot_create(void)
{
	ledger_cannot_grow(&fail_memfd);
}

static void ledger_cannot_map(void)
{
	ledger_cannot_grow(&fail_mmap);
}

static void image_cannot_grow(void)
{
	struct ring_image img = { 0 };

	fail_realloc = 1;
	ring_image_add_step(&img, 'p', 0, 0, NULL);
}

static void image_step_cannot_copy(void)
{
	struct ring_image img = { 0 };
	uint8_t rec[8] = { 0 };

	fail_malloc = 1;
	ring_image_add_step(&img, 'w', 8, 0, rec);
}

static void test_ledger_aborts(void)
{
	CU_ASSERT_TRUE(aborts(ledger_cannot_create));
	CU_ASSERT_TRUE(aborts(ledger_cannot_map));
	CU_ASSERT_TRUE(aborts(image_cannot_grow));
	CU_ASSERT_TRUE(aborts(image_step_cannot_copy));
}

int main(void)
{
	CU_pSuite s;
	unsigned int run, failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	s = CU_add_suite("injected_failures", NULL, NULL);
	CU_add_test(s, "test_fake_ring_cannot_map", test_fake_ring_cannot_map);
	CU_add_test(s, "test_reader_out_of_memory", test_reader_out_of_memory);
	CU_add_test(s, "test_reader_without_proc_maps",
		    test_reader_without_proc_maps);
	CU_add_test(s, "test_ledger_aborts", test_ledger_aborts);
	CU_add_test(s, "test_evlist_out_of_memory",
		    test_evlist_out_of_memory);
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	run = CU_get_number_of_tests_run();
	failed = CU_get_number_of_tests_failed();
	printf("# ringcheck-totals faults passed=%u failed=%u skipped=0\n",
	       run - failed, failed);
	CU_cleanup_registry();
	return failed ? 1 : 0;
}
