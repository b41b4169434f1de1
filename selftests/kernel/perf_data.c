// SPDX-License-Identifier: GPL-2.0-only
/* A small perf.data reader for the perf tool tests (see perf_data.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "perf_data.h"

struct file_section {
	uint64_t offset, size;
};

/* perf_file_header of tools/perf/util/header.h, without the feature bits. */
struct file_header {
	char			magic[8];	/* "PERFILE2" */
	uint64_t		size;
	uint64_t		attr_size;
	struct file_section	attrs, data, event_types;
};

static int fail(struct perf_data *pd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(pd->why, sizeof(pd->why), fmt, ap);
	va_end(ap);
	return -1;
}

static bool in_file(const struct perf_data *pd, struct file_section s)
{
	return s.offset <= pd->len && s.size <= pd->len - s.offset;
}

static int parse_header(struct perf_data *pd)
{
	struct file_header fh;
	uint64_t i, n, attr_len;

	if (pd->len < sizeof(fh))
		return fail(pd, "file of %zu bytes: shorter than the header",
			    pd->len);
	memcpy(&fh, pd->buf, sizeof(fh));
	if (memcmp(fh.magic, "PERFILE2", 8))
		return fail(pd, "bad magic (not a little-endian PERFILE2 file)");
	if (!in_file(pd, fh.attrs) || !in_file(pd, fh.data))
		return fail(pd, "attrs or data section past the end of the file");
	/* perf_file_attr: the attr, then the section of its ids */
	if (fh.attr_size < PERF_ATTR_SIZE_VER0 + sizeof(struct file_section))
		return fail(pd, "attr_size %llu too small",
			    (unsigned long long)fh.attr_size);
	attr_len = fh.attr_size - sizeof(struct file_section);
	n = fh.attrs.size / fh.attr_size;
	if (n == 0 || n > PERF_DATA_MAX_ATTRS)
		return fail(pd, "%llu event attributes (1 to %d handled)",
			    (unsigned long long)n, PERF_DATA_MAX_ATTRS);
	for (i = 0; i < n; i++) {
		const uint8_t *a = pd->buf + fh.attrs.offset + i * fh.attr_size;
		size_t len = attr_len < sizeof(pd->attrs[0]) ?
			     attr_len : sizeof(pd->attrs[0]);

		memset(&pd->attrs[i], 0, sizeof(pd->attrs[i]));
		memcpy(&pd->attrs[i], a, len);
	}
	pd->nattrs = n;
	for (i = 1; i < n; i++)
		if (pd->attrs[i].sample_type != pd->attrs[0].sample_type ||
		    pd->attrs[i].sample_regs_user !=
		    pd->attrs[0].sample_regs_user)
			return fail(pd, "events with different sample layouts "
				    "(not decoded)");
	pd->data_off = fh.data.offset;
	pd->data_size = fh.data.size;
	return 0;
}

int perf_data_load(struct perf_data *pd, const char *path)
{
	const char *doctor = getenv("RINGCHECK_PERF_DOCTOR");
	struct stat st;
	FILE *f;

	memset(pd, 0, sizeof(*pd));
	f = fopen(path, "r");
	if (!f)
		return fail(pd, "%s: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) || !(pd->buf = malloc(st.st_size + 1))) {
		fclose(f);
		return fail(pd, "%s: cannot stat or allocate", path);
	}
	pd->len = fread(pd->buf, 1, st.st_size, f);
	fclose(f);
	if (pd->len != (size_t)st.st_size)
		return fail(pd, "%s: short read", path);
	if (parse_header(pd))
		return -1;
	if (doctor && (!strncmp(doctor, "drop:", 5) ||
		       !strncmp(doctor, "dup:", 4)) &&
	    !perf_data_doctor(pd, doctor))
		return fail(pd, "RINGCHECK_PERF_DOCTOR=%s changed nothing", doctor);
	return 0;
}

void perf_data_free(struct perf_data *pd)
{
	free(pd->buf);
	pd->buf = NULL;
}

/* Reads n u64 at *p within [*p, end); false past the end. */
static bool take(const uint8_t **p, const uint8_t *end, void *to, size_t n)
{
	if ((size_t)(end - *p) < n * 8)
		return false;
	if (to)
		memcpy(to, *p, n * 8);
	*p += n * 8;
	return true;
}

static int decode_sample(struct perf_data *pd, struct perf_rec *r,
			 const struct perf_event_attr *attr, uint64_t at)
{
	const uint8_t *p = (const uint8_t *)(r->hdr + 1);
	const uint8_t *end = (const uint8_t *)r->hdr + r->hdr->size;
	uint64_t st = attr->sample_type, v, pidtid;

	if (st & (PERF_SAMPLE_READ | PERF_SAMPLE_BRANCH_STACK))
		return fail(pd, "sample_type %#llx: READ or BRANCH_STACK "
			    "not decoded", (unsigned long long)st);
	if ((st & PERF_SAMPLE_IDENTIFIER) && !take(&p, end, NULL, 1))
		goto short_rec;
	if ((st & PERF_SAMPLE_IP) && !take(&p, end, NULL, 1))
		goto short_rec;
	if (st & PERF_SAMPLE_TID) {
		if (!take(&p, end, &pidtid, 1))
			goto short_rec;
		r->pid = (uint32_t)pidtid;
		r->tid = pidtid >> 32;
	}
	if ((st & PERF_SAMPLE_TIME) && !take(&p, end, &r->time, 1))
		goto short_rec;
	if ((st & PERF_SAMPLE_ADDR) && !take(&p, end, &r->addr, 1))
		goto short_rec;
	if ((st & PERF_SAMPLE_ID) && !take(&p, end, NULL, 1))
		goto short_rec;
	if ((st & PERF_SAMPLE_STREAM_ID) && !take(&p, end, NULL, 1))
		goto short_rec;
	if ((st & PERF_SAMPLE_CPU) && !take(&p, end, NULL, 1))
		goto short_rec;
	if ((st & PERF_SAMPLE_PERIOD) && !take(&p, end, NULL, 1))
		goto short_rec;
	if (st & PERF_SAMPLE_CALLCHAIN) {
		if (!take(&p, end, &v, 1) || !take(&p, end, NULL, v))
			goto short_rec;
	}
	if (st & PERF_SAMPLE_RAW) {
		uint32_t raw;

		if (end - p < 4)
			goto short_rec;
		memcpy(&raw, p, 4);
		if ((size_t)(end - p) < 4 + (size_t)raw)
			goto short_rec;
		p += 4 + raw;	/* the kernel pads size + data to 8 bytes */
	}
	if (st & PERF_SAMPLE_REGS_USER) {
		if (!take(&p, end, &r->regs_abi, 1))
			goto short_rec;
		if (r->regs_abi) {
			r->regs = (const uint64_t *)p;
			if (!take(&p, end, NULL, __builtin_popcountll(
					attr->sample_regs_user)))
				goto short_rec;
		}
	}
	if (st & PERF_SAMPLE_STACK_USER) {
		if (!take(&p, end, &r->stack_size, 1))
			goto short_rec;
		if (r->stack_size) {
			r->stack = p;
			if (r->stack_size % 8 ||
			    !take(&p, end, NULL, r->stack_size / 8) ||
			    !take(&p, end, &r->stack_dyn, 1))
				goto short_rec;
			if (r->stack_dyn > r->stack_size)
				return fail(pd, "sample at data offset %llu: "
					    "STACK_USER dyn_size %llu > size "
					    "%llu", (unsigned long long)at,
					    (unsigned long long)r->stack_dyn,
					    (unsigned long long)r->stack_size);
		}
	}
	/* The fields after STACK_USER are not needed: no check of them. */
	return 0;
short_rec:
	return fail(pd, "sample at data offset %llu: size %u too small for "
		    "sample_type %#llx", (unsigned long long)at, r->hdr->size,
		    (unsigned long long)st);
}

/* The sample_id trailer of a non-sample kernel record (sample_id_all). */
static int decode_sample_id(struct perf_data *pd, struct perf_rec *r,
			    const struct perf_event_attr *attr, uint64_t at)
{
	uint64_t st = attr->sample_type, n = 0, pidtid = 0;
	const uint8_t *end = (const uint8_t *)r->hdr + r->hdr->size;
	const uint8_t *p;

	if (!attr->sample_id_all)
		return 0;
	n += !!(st & PERF_SAMPLE_TID) + !!(st & PERF_SAMPLE_TIME) +
	     !!(st & PERF_SAMPLE_ID) + !!(st & PERF_SAMPLE_STREAM_ID) +
	     !!(st & PERF_SAMPLE_CPU) + !!(st & PERF_SAMPLE_IDENTIFIER);
	if (r->hdr->size < sizeof(*r->hdr) + n * 8)
		return fail(pd, "record type %u at data offset %llu: size %u "
			    "smaller than its sample_id", r->hdr->type,
			    (unsigned long long)at, r->hdr->size);
	p = end - n * 8;
	if (st & PERF_SAMPLE_TID) {
		take(&p, end, &pidtid, 1);
		r->pid = (uint32_t)pidtid;
		r->tid = pidtid >> 32;
	}
	if (st & PERF_SAMPLE_TIME)
		take(&p, end, &r->time, 1);
	return 0;
}

int perf_data_next(struct perf_data *pd, uint64_t *off, struct perf_rec *rec)
{
	const struct perf_event_attr *attr = &pd->attrs[0];
	const struct perf_event_header *h;
	uint64_t at = *off;

	if (at == pd->data_size)
		return 0;
	if (pd->data_size - at < sizeof(*h))
		return fail(pd, "%llu bytes at the end of the data section: "
			    "not a record", (unsigned long long)(pd->data_size - at));
	h = (const void *)(pd->buf + pd->data_off + at);
	if (h->size < sizeof(*h) || h->size % 8 || h->size > pd->data_size - at)
		return fail(pd, "record type %u at data offset %llu: bad size "
			    "%u", h->type, (unsigned long long)at, h->size);
	memset(rec, 0, sizeof(*rec));
	rec->hdr = h;
	*off = at + h->size;
	/* every event has the same layout (parse_header) */
	if (h->type == PERF_RECORD_SAMPLE)
		return decode_sample(pd, rec, attr, at) ? -1 : 1;
	if (h->type < PERF_RECORD_MAX)
		return decode_sample_id(pd, rec, attr, at) ? -1 : 1;
	return 1;	/* perf's own records (PERF_RECORD_USER_TYPE_START...) */
}

/* A record of a task: pid neither 0 (idle, synthesized) nor -1. */
static bool of_task(const struct perf_rec *r)
{
	return r->pid != 0 && r->pid != (uint32_t)-1;
}

bool perf_data_doctor(struct perf_data *pd, const char *how)
{
	uint64_t off = 0, at[2] = { 0, 0 }, n = 0, k = 0, pick;
	struct perf_rec r;
	unsigned int type;
	bool dup;
	uint16_t size;
	uint8_t *nb;

	if (sscanf(how, "drop:%u", &type) == 1)
		dup = false;
	else if (sscanf(how, "dup:%u", &type) == 1)
		dup = true;
	else
		return false;
	while (perf_data_next(pd, &off, &r) == 1)
		n += r.hdr->type == type && of_task(&r);
	if (!n)
		return false;
	pick = n / 2;
	off = 0;
	while (perf_data_next(pd, &off, &r) == 1) {
		if (r.hdr->type != type || !of_task(&r) || k++ != pick)
			continue;
		at[0] = (const uint8_t *)r.hdr - pd->buf;
		break;
	}
	size = r.hdr->size;
	at[1] = at[0] + size;
	nb = malloc(pd->len + size);
	if (!nb)
		return false;
	memcpy(nb, pd->buf, at[1]);
	if (dup) {
		memcpy(nb + at[1], pd->buf + at[0], size);
		memcpy(nb + at[1] + size, pd->buf + at[1], pd->len - at[1]);
		pd->len += size;
		pd->data_size += size;
	} else {
		memcpy(nb + at[0], pd->buf + at[1], pd->len - at[1]);
		pd->len -= size;
		pd->data_size -= size;
	}
	free(pd->buf);
	pd->buf = nb;
	fprintf(stderr, "# doctored: %s record %llu of %llu of type %u\n",
		dup ? "duplicated" : "dropped", (unsigned long long)pick + 1,
		(unsigned long long)n, type);
	return true;
}
