/* SPDX-License-Identifier: GPL-2.0-only */
/* The subcommands of the ringcheck tool. */
#ifndef RINGCHECK_CLI_H
#define RINGCHECK_CLI_H

int cmd_sim(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_capture(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_stress(int argc, char **argv);
int cmd_diff(int argc, char **argv);

extern const char run_usage[];

#endif /* RINGCHECK_CLI_H */
