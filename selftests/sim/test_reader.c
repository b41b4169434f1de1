// SPDX-License-Identifier: GPL-2.0-only
#include "suites.h"
void register_reader_tests(void) {}
void register_reader_hostile_tests(void) {}
