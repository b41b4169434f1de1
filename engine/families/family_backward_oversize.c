// SPDX-License-Identifier: GPL-2.0-only
/*
 * backward-oversize: a record larger than a backward ring, then small
 * records below it. The kernel writes such a record (a STACK_USER sample
 * of 8 KiB in a one-page overwrite ring): its bytes wrap over themselves,
 * and what the window holds under the small records is the middle of its
 * payload, where no record starts. A reader that walks the window by each
 * size it finds returns payload words as records (libperf's
 * overwrite_rb_find_range(), findings/04); a correct one returns the
 * small records and stops. The walk lands at an offset into the payload
 * set by the sizes: every size class of the record against a ring, small
 * records of five sizes, none to four of them, from three heads.
 *
 * The large record is a raw sample as a BPF program writes it with
 * bpf_perf_event_output() from a buffer of its own: the header, the raw
 * size, the program's bytes. Those bytes are the program's: here every
 * word of them reads as a sample header of 9 bytes, a size at least a
 * header's and below anything left of the window, so a reader that
 * trusts sizes takes the first word it lands on as a record. A correct
 * reader sees a size off 8 and ends the cycle there: a word of 64, say,
 * would tile the window and look whole to any reader, so it is not a
 * case. Or the bytes are zeros, a buffer the program cleared: a size of
 * 0, which ends a walk (a reader that takes it as a record spins, or
 * returns it). (The writer's own payload reads as odd sizes mostly too
 * large to take: only random showed the class before.)
 */
#include <string.h>
#include <linux/perf_event.h>

#include "families.h"

enum { DATA_SIZE, RECORD_SIZE, PAYLOAD, SMALL_SIZE, COUNT, START, NPARAMS };

/* what the program's bytes read as, where a walk lands in them */
enum { PAYLOAD_SIZE_9, PAYLOAD_ZERO, NPAYLOADS };

const char *const backward_oversize_params[] = {
	[DATA_SIZE] = "data_size", [RECORD_SIZE] = "record_size",
	/* 0: every word a header of size 9; 1: zeros (a zeroed buffer) */
	[PAYLOAD] = "payload",
	[SMALL_SIZE] = "small_size",
	/* small records written below the large one */
	[COUNT] = "count",
	/* the head's offset below 0 before the large record */
	[START] = "start",
	NULL
};

const char backward_oversize_scaled[] = "nothing: every size class of the "
	"record against both rings already; --quick takes the head at 0";

static const int64_t data_sizes[] = { 1024, PAGE_DS };
static const int64_t small_sizes[] = { 8, 16, 24, 48, 64 };

int backward_oversize_lists(enum scenario_bounds b, size_t *len)
{
	len[DATA_SIZE] = N(data_sizes);
	len[RECORD_SIZE] = 5;
	len[PAYLOAD] = NPAYLOADS;
	len[SMALL_SIZE] = N(small_sizes);
	len[COUNT] = 5;
	len[START] = 3;
	return NPARAMS;
}

int64_t backward_oversize_value(enum scenario_bounds b, int k, size_t x,
				const int64_t *p)
{
	int64_t ds = p[DATA_SIZE];

	switch (k) {
	case DATA_SIZE:
		return data_sizes[x];
	case RECORD_SIZE: {
		/* a word past the ring, half a ring past, a word short of
		 * two rings, two rings, two and a half */
		const int64_t rs[] = { ds + 8, ds + ds / 2, 2 * ds - 8,
				       2 * ds, 2 * ds + ds / 2 + 8 };

		return rs[x];
	}
	case PAYLOAD:
		return (int64_t)x;
	case SMALL_SIZE:
		return small_sizes[x];
	case COUNT:
		return (int64_t)x;
	default: {	/* START */
		const int64_t start[] = { 0, 24, ds / 2 + 8 };

		if (b == BOUNDS_QUICK && x)
			return -1;
		return start[x];
	}
	}
}

/* the largest record here: two and a half 4 KiB rings and a word */
#define MAX_RECORD	(2 * PAGE_DS + PAGE_DS / 2 + 8)

/* The sample of rs bytes: built once a size, kept for the steps that
 * point at it (a scenario holds the bytes of a kernel's record by
 * address). */
static const uint8_t *raw_sample(int64_t rs, int64_t payload)
{
	static struct {
		int64_t	size, payload;
		uint8_t	bytes[MAX_RECORD];
	} made[2 * 5 * NPAYLOADS];
	struct perf_event_header hdr = { PERF_RECORD_SAMPLE, 0, 0 };
	uint32_t raw = (uint32_t)rs - 12;	/* padding included, as the
						 * kernel counts it */
	size_t i, k;

	for (i = 0; i < N(made) && made[i].size &&
	     (made[i].size != rs || made[i].payload != payload); i++)
		;
	if (i == N(made) || rs > MAX_RECORD)
		return NULL;
	if (made[i].size)
		return made[i].bytes;
	hdr.size = (uint16_t)rs;
	memcpy(made[i].bytes, &hdr, sizeof(hdr));
	memcpy(made[i].bytes + 8, &raw, sizeof(raw));
	memset(made[i].bytes + 12, 0, (size_t)rs - 12);
	hdr.size = 9;	/* what every word of the program's bytes reads as */
	for (k = 16; payload == PAYLOAD_SIZE_9 && k < (size_t)rs; k += 8)
		memcpy(made[i].bytes + k, &hdr, sizeof(hdr));
	made[i].size = rs;
	made[i].payload = payload;
	return made[i].bytes;
}

int backward_oversize_build(const int64_t *p, int np, struct scenario *s)
{
	int64_t ds = p[DATA_SIZE], rs = p[RECORD_SIZE], small = p[SMALL_SIZE];
	int64_t start = p[START];
	const uint8_t *bytes;

	if (np != NPARAMS || ds < 64 || ds > 65536 || (ds & (ds - 1)) ||
	    rs <= ds || rs % 8 || rs > 65528 || small < 8 || small % 8 ||
	    small * p[COUNT] >= ds || p[COUNT] < 0 || p[COUNT] > 4 ||
	    start < 0 || start % 8 || start > ds || p[PAYLOAD] < 0 ||
	    p[PAYLOAD] >= NPAYLOADS)
		return -1;
	scenario_init(s, "bwd-ro", ds, 0);
	scenario_backward_head(s, (uint64_t)-start);
	bytes = raw_sample(rs, p[PAYLOAD]);
	if (!bytes)
		return -1;
	scenario_write(s, (unsigned int)rs, 1);
	s->steps[s->nsteps - 1].bytes = bytes;
	scenario_write(s, (unsigned int)small, (unsigned long)p[COUNT]);
	family_cycles(s, CYCLE_EACH);
	return 0;
}
