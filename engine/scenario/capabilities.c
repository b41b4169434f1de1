// SPDX-License-Identifier: GPL-2.0-only
/*
 * Capabilities: a case outside what a reader declares is skipped with the
 * capability named ("unsupported: push"), never failed.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/perf_event.h>

#include "capabilities.h"
#include "plugin_caps.h"

/* the bits from RINGCHECK_CAP_HOST_PAGE_SIZE_ONLY on are limits, from
 * RINGCHECK_CAP_RUNTIME_FAULT_HANDLERS on declarations no case needs */
#define CAP_FIRST_LIMIT		7
#define CAP_FIRST_DECLARATION	9
#define NCAPS			10

const char *cap_name(unsigned int cap)
{
	return plugin_cap_name(cap);
}

unsigned int reader_caps(const struct ringcheck_reader_ops *ops)
{
	return plugin_caps(ops);
}

unsigned long reader_min_data_size(const struct ringcheck_reader_ops *ops)
{
	return ops->abi_version < 2 ? 0 : ops->min_data_size;
}

void *(*reader_open_fd(const struct ringcheck_reader_ops *ops))
	(const struct ringcheck_fd_ring *)
{
	return ops->abi_version < 2 ? NULL : ops->open_fd;
}

int (*reader_drain(const struct ringcheck_reader_ops *ops))
	(void *, void *, ringcheck_record_fn)
{
	return ops->abi_version < 2 ? NULL : ops->drain;
}

bool reader_runtime_fault_handlers(const struct ringcheck_reader_ops *ops)
{
	return ops->abi_version >= 2 &&
	       (ops->caps & RINGCHECK_CAP_RUNTIME_FAULT_HANDLERS);
}

const char *reader_ops_incomplete(const struct ringcheck_reader_ops *ops)
{
	bool pull = ops->read_init && ops->read_event && ops->consume &&
		    ops->read_done;

	if (!ops->close || (!ops->open && !reader_open_fd(ops)))
		return "close and open (or, version 2, open_fd) are required";
	if (!pull && !reader_drain(ops))
		return "read_init, read_event, consume and read_done are "
		       "required (or, version 2, drain)";
	return NULL;
}

/* Forward release patterns: a consume inside a cycle with records still to
 * come, or once after the cycle's last record. */
static unsigned int release_needs(const struct scenario *s)
{
	unsigned int needs = 0;
	bool drained = false;
	int i;

	for (i = 0; i < s->nsteps; i++) {
		switch (s->steps[i].op) {
		case RD_INIT:
			drained = false;
			break;
		case RD_DRAIN:
			drained = true;
			break;
		case RD_DRAIN_EACH:
			needs |= RINGCHECK_CAP_RELEASE_RECORD;
			drained = true;
			break;
		case RD_CONSUME:
			needs |= drained ? RINGCHECK_CAP_RELEASE_CYCLE
					 : RINGCHECK_CAP_RELEASE_RECORD;
			break;
		}
	}
	return needs;
}

unsigned int scenario_needs(const struct scenario *s)
{
	const struct fake_ring_config *cfg = &s->cfg;
	unsigned int needs = cfg->overwrite ? RINGCHECK_CAP_OVERWRITE
					    : RINGCHECK_CAP_FORWARD;

	if (s->needs_push)
		needs |= RINGCHECK_CAP_PUSH;
	if (!cfg->overwrite)
		needs |= release_needs(s);
	if (cfg->data_size % cfg->page_size)
		needs |= RINGCHECK_CAP_PART_PAGE;
	/* a forward ring starts at 0 unless another reader read it */
	if (!cfg->overwrite && cfg->start)
		needs |= RINGCHECK_CAP_RING_IN_USE;
	return needs;
}

/* A sample as the kernel writes it for sample_type PERF_SAMPLE_RAW alone:
 * header, u32 size, then that many bytes (padded by the kernel so that the
 * record ends there). */
static bool raw_sample_or_lost_bytes(const uint8_t *rec, uint32_t size)
{
	struct perf_event_header h;
	uint32_t raw;

	if (size < sizeof(h))
		return false;
	memcpy(&h, rec, sizeof(h));
	if (h.type == PERF_RECORD_LOST)
		return true;
	if (size < 16)
		return false;
	memcpy(&raw, rec + sizeof(h), sizeof(raw));
	return h.type == PERF_RECORD_SAMPLE && h.size == size &&
	       raw == size - 12;
}

/*
 * Whether every record case s writes is a raw sample or a LOST: known from
 * its steps, since every record comes from a write or a reservation (the
 * writer adds only LOST records). The writer lays out its own samples of
 * 16 bytes or more as raw samples (fake_ring_make_record()); a kernel's
 * record is looked at. The corrupting steps are not records a reader is
 * judged on (hostile cases are judged on structure after them), so they
 * do not take a case away from a raw-only reader.
 */
bool scenario_raw_samples_only(const struct scenario *s)
{
	const struct step *st;
	int i;

	uint32_t type;

	for (i = 0; i < s->nsteps; i++) {
		st = &s->steps[i];
		if (st->op == ST_RESERVE && st->arg < 16)
			return false;
		/* arg2: the repeat count in the high half, the type low */
		type = (uint32_t)st->arg2;
		if (st->op != ST_WRITE || type == FAKE_RING_TYPE_LOST)
			continue;
		if (st->bytes ? !raw_sample_or_lost_bytes(st->bytes, st->arg)
			      : (type && type != FAKE_RING_TYPE_SAMPLE) ||
				st->arg < 16)
			return false;
	}
	return true;
}

/* The limits the reader declares that case s is outside of, or NULL. */
static const char *scenario_past_limits(const struct scenario *s,
					unsigned int caps)
{
	if ((caps & RINGCHECK_CAP_HOST_PAGE_SIZE_ONLY) &&
	    s->cfg.page_size != (unsigned long)getpagesize())
		return "host-page-size-only (a page size other than the "
		       "machine's)";
	if ((caps & RINGCHECK_CAP_RAW_SAMPLES_ONLY) &&
	    !scenario_raw_samples_only(s))
		return "raw-samples-only (records other than raw samples "
		       "and LOST)";
	return NULL;
}

/*
 * A reader that releases once a cycle (and not record by record) is given
 * a forward case in its own usage: perf's own readers consume either way,
 * and what a case is about (the wrap, the loss, the hostile ring, the
 * record's lifetime) holds for both. A consume with records of the cycle
 * still to come goes; a cycle that read something ends with one consume
 * before its read_done; a drain that consumed each record consumes once.
 */
static bool adapts_release(const struct scenario *s, unsigned int caps)
{
	return !s->cfg.overwrite && !(caps & RINGCHECK_CAP_RELEASE_RECORD) &&
	       (caps & RINGCHECK_CAP_RELEASE_CYCLE) &&
	       (release_needs(s) & RINGCHECK_CAP_RELEASE_RECORD);
}

const struct scenario *
scenario_for_reader(const struct scenario *s,
		    const struct ringcheck_reader_ops *ops,
		    struct scenario *buf)
{
	bool drained = false, unreleased = false;
	const struct step *st;
	int i;

	if (!adapts_release(s, reader_caps(ops)))
		return s;
	*buf = *s;
	buf->nsteps = 0;
	for (i = 0; i < s->nsteps; i++) {
		st = &s->steps[i];
		switch (st->op) {
		case RD_INIT:
			drained = unreleased = false;
			break;
		case RD_EVENT:
			unreleased = true;
			break;
		case RD_DRAIN:
		case RD_DRAIN_EACH:
			drained = unreleased = true;
			break;
		case RD_CONSUME:
			if (!drained)
				continue;	/* records still to come */
			unreleased = false;
			break;
		case RD_DONE:
			if (unreleased)
				scenario_add(buf, RD_CONSUME, 0, 0);
			unreleased = false;
			break;
		default:
			break;
		}
		if (buf->nsteps == SCENARIO_MAX_STEPS) {
			buf->too_long = true;
			break;
		}
		buf->steps[buf->nsteps++] = *st;
		if (st->op == RD_DRAIN_EACH)
			buf->steps[buf->nsteps - 1].op = RD_DRAIN;
	}
	return buf;
}

const char *scenario_unsupported(const struct scenario *s,
				 const struct ringcheck_reader_ops *ops)
{
	/* every missing capability, so that declaring the first one named
	 * does not just reveal the next; one worker runs one case at once */
	static __thread char names[160];
	unsigned int missing = scenario_needs(s) & ~reader_caps(ops);

	if (adapts_release(s, reader_caps(ops)))
		missing &= ~RINGCHECK_CAP_RELEASE_RECORD;

	if (s->cfg.data_size < reader_min_data_size(ops))
		return "smallest data area";
	if (missing) {
		plugin_caps_list(missing, names, sizeof(names));
		return names;
	}
	return scenario_past_limits(s, reader_caps(ops));
}

void reader_caps_describe(const struct ringcheck_reader_ops *ops, char *buf,
			  size_t len)
{
	unsigned int caps = reader_caps(ops), i;
	size_t n = 0;

	buf[0] = '\0';
	/* abilities with + or -; a limit only when declared */
	for (i = 0; i < NCAPS && n < len; i++)
		if (i < CAP_FIRST_LIMIT || (caps & (1u << i)))
			n += (size_t)snprintf(buf + n, len - n, "%s%s%s",
					      n ? " " : "",
					      i >= CAP_FIRST_DECLARATION ?
					      "declares:" :
					      i >= CAP_FIRST_LIMIT ? "limit:" :
					      caps & (1u << i) ? "+" : "-",
					      cap_name(1u << i));
	if (n < len)
		n += (size_t)snprintf(buf + n, len - n, "; smallest data area "
				      "%lu; entries:%s%s%s; ABI %u",
				      reader_min_data_size(ops),
				      ops->open ? " open" : "",
				      reader_open_fd(ops) ? " open_fd" : "",
				      reader_drain(ops) ? " drain" : "",
				      ops->abi_version);
}
