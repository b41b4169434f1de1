// SPDX-License-Identifier: GPL-2.0-only
/* ringcheck capture SCENARIO DIR */
#include <stdio.h>
#include <string.h>

#include "capture.h"
#include "ringcheck.h"

int cmd_capture(int argc, char **argv)
{
	char msg[512];
	int i, ret;

	if (argc != 3 || !strcmp(argv[1], "--help")) {
		fprintf(argc == 2 ? stdout : stderr,
			"usage: ringcheck capture SCENARIO DIR\n"
			"  runs SCENARIO on this kernel and writes "
			"DIR/<release>/SCENARIO.ring\n  scenarios: all");
		for (i = 0; ring_capture_scenarios[i]; i++)
			fprintf(argc == 2 ? stdout : stderr, " %s",
				ring_capture_scenarios[i]);
		fputc('\n', argc == 2 ? stdout : stderr);
		return argc == 2 && !strcmp(argv[1], "--help") ? 0 : 2;
	}
	for (i = 0; ring_capture_scenarios[i]; i++) {
		const char *sc = ring_capture_scenarios[i];

		if (strcmp(argv[1], "all") && strcmp(argv[1], sc))
			continue;
		ret = ring_capture(sc, argv[2], msg, sizeof(msg));
		if (ret == 4) {
			printf("%s: SKIP: %s\n", sc, msg);
			return 4;
		}
		if (ret) {
			fprintf(stderr, "ringcheck capture %s: %s\n", sc, msg);
			return 1;
		}
		printf("%s: %s\n", sc, msg);
		if (strcmp(argv[1], "all"))
			return 0;
	}
	if (strcmp(argv[1], "all")) {
		fprintf(stderr, "ringcheck capture: no scenario '%s'\n", argv[1]);
		return 2;
	}
	return 0;
}
