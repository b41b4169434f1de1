// SPDX-License-Identifier: GPL-2.0-only
/* The suite's version: --version prints it, reports carry it, and
 * `ringcheck merge` refuses shards of another version. */
#include "report.h"

const char ringcheck_version[] = "0.12.0";
