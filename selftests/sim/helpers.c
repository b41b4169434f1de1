// SPDX-License-Identifier: GPL-2.0-only
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <CUnit/CUnit.h>

#include "helpers.h"
#include "suites.h"

struct fake_ring *test_ring(const char *mode, unsigned long data_size,
			    uint64_t start, unsigned int lost_trailer)
{
	struct fake_ring_config cfg = {
		.page_size = 4096,
		.data_size = data_size,
		.start = start,
		.lost_trailer = lost_trailer,
		.event_id = 0x1d,
	};
	struct fake_ring *ring;
	char err[256];

	if (fake_ring_parse_mode(mode, &cfg)) {
		fprintf(stderr, "test_ring: bad mode %s\n", mode);
		abort();
	}
	ring = fake_ring_new(&cfg, err, sizeof(err));
	if (!ring) {
		fprintf(stderr, "test_ring: %s\n", err);
		abort();
	}
	return ring;
}

unsigned long test_write(struct fake_ring *ring, unsigned int size,
			 uint32_t type, unsigned long n)
{
	static unsigned char rec[65536];
	unsigned long i, written = 0;

	for (i = 0; i < n; i++) {
		fake_ring_make_record(rec, type, size,
				      fake_ring_ledger_count(ring));
		written += fake_ring_write(ring, rec, size, NULL) == 0;
	}
	return written;
}

size_t test_lost_rows(const struct fake_ring *ring, size_t *idx, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < fake_ring_ledger_count(ring); i++)
		if (fake_ring_ledger_entry(ring, i)->is_lost && n < max)
			idx[n++] = i;
	return n;
}

uint64_t test_lost_value(const struct fake_ring *ring, size_t row)
{
	const struct fake_ring_entry *e = fake_ring_ledger_entry(ring, row);
	uint64_t v;

	memcpy(&v, fake_ring_entry_bytes(ring, e) + 16, 8);
	return v;
}

void test_ring_bytes(const struct fake_ring *ring, uint64_t pos, void *out,
		     size_t len)
{
	const struct fake_ring_config *cfg = fake_ring_config(ring);
	const uint8_t *data = fake_ring_data(ring);
	uint8_t *o = out;
	size_t i;

	for (i = 0; i < len; i++)
		o[i] = data[(pos + i) & (cfg->data_size - 1)];
}

int mprotect_probe_writable(void *addr)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		volatile uint8_t *p = addr;

		*p = *p;
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int run_command(const char *cmd, char *out, size_t outlen)
{
	char *full;
	size_t n = 0;
	FILE *p;
	int status;

	if (asprintf(&full, "%s 2>&1", cmd) < 0)
		return -1;
	p = popen(full, "r");
	free(full);
	if (!p)
		return -1;
	while (n + 1 < outlen && fgets(out + n, (int)(outlen - n), p))
		n += strlen(out + n);
	out[n] = '\0';
	status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

const char *plugin_path(const char *name)
{
	static char path[2 * PATH_MAX];
	char bin[PATH_MAX];

	snprintf(bin, sizeof(bin), "%s", ringcheck_binary());
	snprintf(path, sizeof(path), "%s/plugins/%s", dirname(bin), name);
	return path;
}
