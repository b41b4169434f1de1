/* SPDX-License-Identifier: GPL-2.0-only */
/* The simulated suites; each test file registers its own. */
#ifndef RINGCHECK_SIM_SUITES_H
#define RINGCHECK_SIM_SUITES_H

#include <CUnit/CUnit.h>

void register_fake_ring_kernel_tests(void);
void register_fake_ring_property_tests(void);
void register_fake_ring_error_tests(void);
void register_sim_cli_tests(void);
void register_reader_tests(void);
void register_reader_hostile_tests(void);
void register_engine_tests(void);
void register_fixture_tests(void);
void register_edge_tests(void);
void register_diagnose_tests(void);
void register_capability_tests(void);
void register_stress_tests(void);
void register_fake_cpus_tests(void);
void register_stale_head_tests(void);
void register_make_record_tests(void);
void register_cap_combo_tests(void);
void register_wakeup_tests(void);
void register_fuzz_input_tests(void);

/* Path of build/ringcheck, next to the test binary's directory. */
const char *ringcheck_binary(void);

#define ADD_SUITE(name) CU_add_suite(name, NULL, NULL)
#define ADD_TEST(suite, fn) CU_add_test(suite, #fn, fn)

#endif
