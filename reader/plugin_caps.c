// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>

#include "plugin_caps.h"

/* by bit, in the order of enum ringcheck_cap */
static const char *const cap_names[] = {
	"forward", "overwrite", "push", "release-per-record",
	"release-per-cycle", "part-page", "ring-in-use",
	"host-page-size-only", "raw-samples-only", "runtime-fault-handlers",
};

#define NCAPS	(sizeof(cap_names) / sizeof(cap_names[0]))

unsigned int plugin_caps(const struct ringcheck_reader_ops *ops)
{
	/* a version-1 ops ends at push: caps is not read */
	unsigned int caps = ops->abi_version < 2 ? READER_CAPS_ALL : ops->caps;

	if (!ops->push)
		caps &= ~RINGCHECK_CAP_PUSH;
	return caps;
}

const char *plugin_caps_refused(const struct ringcheck_reader_ops *ops)
{
	/*
	 * Such a plugin would be given no case: every run would be all
	 * skips. Most likely a version-1 source built with
	 * abi_version = 2 (or an old header's version macro) and no caps.
	 */
	if (ops->abi_version >= 2 &&
	    !(ops->caps & (RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_OVERWRITE)))
		return "a version-2 plugin must declare RINGCHECK_CAP_FORWARD "
		       "or RINGCHECK_CAP_OVERWRITE in caps (it declares "
		       "neither, so no case could test it); a version-1 "
		       "source sets abi_version = 1 or leaves "
		       "RINGCHECK_READER_ABI undefined (reader.h)";
	return NULL;
}

const char *plugin_cap_name(unsigned int cap)
{
	unsigned int i;

	for (i = 0; i < NCAPS; i++)
		if (cap == 1u << i)
			return cap_names[i];
	return "?";
}

void plugin_caps_list(unsigned int mask, char *buf, size_t len)
{
	size_t n = 0;
	unsigned int i;

	if (!len)
		return;
	buf[0] = '\0';
	for (i = 0; i < 32 && n < len; i++)
		if (mask & (1u << i))
			n += (size_t)snprintf(buf + n, len - n, "%s%s",
					      n ? ", " : "",
					      plugin_cap_name(1u << i));
}
