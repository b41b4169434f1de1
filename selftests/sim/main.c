// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CUnit runner of the simulated suites.
 * usage: sim_tests [SUITE[/TEST]]...   (default: all)
 *        sim_tests --list                the suites, one a line
 *
 * CU_basic_run_tests() returns success even when assertions fail, so the
 * exit status comes from the failure counts.
 */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <CUnit/Basic.h>

#include "suites.h"

const char *ringcheck_binary(void)
{
	static char path[PATH_MAX];
	char exe[PATH_MAX];
	ssize_t n;

	if (path[0])
		return path;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return "build/ringcheck";
	exe[n] = '\0';
	snprintf(path, sizeof(path), "%s/../ringcheck", dirname(exe));
	return path;
}

static int run_selected(const char *sel)
{
	char suite_name[256];
	const char *slash = strchr(sel, '/');
	CU_pSuite suite;
	CU_pTest test;

	snprintf(suite_name, sizeof(suite_name), "%.*s",
		 slash ? (int)(slash - sel) : (int)strlen(sel), sel);
	suite = CU_get_suite(suite_name);
	if (!suite) {
		fprintf(stderr, "sim_tests: no suite '%s'\n", suite_name);
		return -1;
	}
	if (!slash)
		return CU_basic_run_suite(suite) == CUE_SUCCESS ? 0 : -1;
	test = CU_get_test(suite, slash + 1);
	if (!test) {
		fprintf(stderr, "sim_tests: no test '%s'\n", sel);
		return -1;
	}
	return CU_basic_run_test(suite, test) == CUE_SUCCESS ? 0 : -1;
}

int main(int argc, char **argv)
{
	unsigned int run = 0, failed = 0;
	int i, bad = 0;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	register_fake_ring_kernel_tests();
	register_fake_ring_property_tests();
	register_fake_ring_error_tests();
	register_sim_cli_tests();
	register_reader_tests();
	register_reader_hostile_tests();
	register_engine_tests();
	register_fixture_tests();
	register_edge_tests();
	register_diagnose_tests();
	register_capability_tests();
	register_stress_tests();
	register_fake_cpus_tests();
	register_stale_head_tests();
	register_make_record_tests();
	register_cap_combo_tests();
	register_wakeup_tests();
	register_fuzz_input_tests();

	if (argc == 2 && !strcmp(argv[1], "--list")) {
		CU_pSuite suite;

		for (suite = CU_get_registry()->pSuite; suite;
		     suite = suite->pNext)
			printf("%s\n", suite->pName);
		CU_cleanup_registry();
		return 0;
	}
	CU_basic_set_mode(CU_BRM_NORMAL);
	if (argc < 2) {
		CU_basic_run_tests();
		run = CU_get_number_of_tests_run();
		failed = CU_get_number_of_tests_failed();
	}
	/* each run resets CUnit's summary: add them up */
	for (i = 1; i < argc; i++) {
		bad |= run_selected(argv[i]);
		run += CU_get_number_of_tests_run();
		failed += CU_get_number_of_tests_failed();
	}
	printf("# ringcheck-totals sim passed=%u failed=%u skipped=0\n",
	       run - failed, failed);
	CU_cleanup_registry();
	return (failed || bad) ? 1 : 0;
}
