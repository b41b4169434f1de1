// SPDX-License-Identifier: GPL-2.0-only
/*
 * `ringcheck sim` end to end: the measured numbers through the command
 * line, and exit status 2 for malformed input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <CUnit/CUnit.h>

#include "helpers.h"
#include "suites.h"

/* Runs ringcheck sim ARGS; returns the exit status, output in out. */
static int run_sim(const char *args, char *out, size_t outlen)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "%s sim %s", ringcheck_binary(), args);
	return run_command(cmd, out, outlen);
}

static long long json_number(const char *json, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\": ", key);
	p = strstr(json, pat);
	return p ? strtoll(p + strlen(pat), NULL, 10) : -1;
}

static void test_forward_numbers(void)
{
	static char out[1 << 16];

	CU_ASSERT_EQUAL_FATAL(run_sim("--data-size 4096 --mode fwd-rw "
				      "--id-trailer 16 --json w40x300:3",
				      out, sizeof(out)), 0);
	CU_ASSERT_EQUAL(json_number(out, "data_head"), 4080);
	CU_ASSERT_EQUAL(json_number(out, "written"), 102);
	CU_ASSERT_EQUAL(json_number(out, "dropped"), 198);
	CU_ASSERT_EQUAL(json_number(out, "lost_pending"), 198);

	CU_ASSERT_EQUAL_FATAL(run_sim("--data-size 4096 --mode fwd-rw "
				      "--id-trailer 16 --json w40x300:3 c w40:3",
				      out, sizeof(out)), 0);
	CU_ASSERT_EQUAL(json_number(out, "data_head"), 4160);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "{\"start\": 4080, \"size\": 40, "
					   "\"type\": 2, \"lost\": 198, "
					   "\"woke\": false}"));
	/* the LOST and the record are one reservation: its commit wakes */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "{\"start\": 4120, \"size\": 40, "
					   "\"type\": 3, \"woke\": true}]"));
}

static void test_backward_numbers(void)
{
	static char out[1 << 16];

	CU_ASSERT_EQUAL_FATAL(run_sim("--data-size 4096 --mode bwd-ro --json "
				      "w40x1003:3", out, sizeof(out)), 0);
	CU_ASSERT_EQUAL(strtoull(strstr(out, "\"data_head\": ") + 13, NULL, 10),
			(unsigned long long)0 - 40120);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"records\": [{\"start\": "
					   "18446744073709511496, \"size\": 40"));
}

static void test_drawing(void)
{
	static char out[1 << 16];

	CU_ASSERT_EQUAL_FATAL(run_sim("--data-size 256 --mode fwd-rw w40x3 c "
				      "w64x4", out, sizeof(out)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "data_head 312 (offset 56)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "(wraps)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "map, one cell per 8 bytes"));
}

static void test_malformed_input_exits_2(void)
{
	static const char *const bad[] = {
		"--data-size 4096 --mode fwd-rw w",
		"--data-size 4096 --mode fwd-rw w40x",
		"--data-size 4096 --mode fwd-rw w40x0",
		"--data-size 4096 --mode fwd-rw w40:",
		"--data-size 4096 --mode fwd-rw w40q",
		"--data-size 4096 --mode fwd-rw w99999999",
		"--data-size 4096 --mode fwd-rw z",
		"--data-size 4096 --mode fwd-rw w44",
		"--data-size 4096 --mode fwd-rw w65536",
		"--data-size 4096 --mode sideways w40",
		"--data-size 4000 --mode fwd-rw w40",
		"--data-size 4096 --mode fwd-rw --page-size 8192 w40",
		"--data-size 4096 --mode fwd-rw --bogus w40",
		"--data-size 4096 w40",
		"--data-size -1 --mode fwd-rw",
	};
	static char out[4096];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = run_sim(bad[i], out, sizeof(out));

		if (rc != 2)
			fprintf(stderr, "'%s' exited %d\n", bad[i], rc);
		CU_ASSERT_EQUAL(rc, 2);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "ringcheck sim:"));
	}
}

void register_sim_cli_tests(void)
{
	CU_pSuite s = ADD_SUITE("sim_cli");

	ADD_TEST(s, test_forward_numbers);
	ADD_TEST(s, test_backward_numbers);
	ADD_TEST(s, test_drawing);
	ADD_TEST(s, test_malformed_input_exits_2);
}
