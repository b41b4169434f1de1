// SPDX-License-Identifier: GPL-2.0-only
/*
 * A reader that crashed: where. The runner's fault handler hands the
 * faulting address to the player, which hands it here while the case's
 * state still stands; the verdict names the call under way and what the
 * address lies in, and the player's report shows the steps up to it.
 */
#include <inttypes.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "judge_internal.h"

/* What addr lies in, in the reader's view of the ring: buf. */
static const char *where(const struct judge *j, uintptr_t addr, char *buf,
			 size_t len)
{
	uintptr_t ps = judge_cfg(j)->page_size, ds = judge_cfg(j)->data_size;
	uintptr_t sys = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t data = j->ring_lo, ctrl = data - ps;
	uintptr_t end = data + ((ds + sys - 1) & ~(sys - 1));

	if (addr >= data && addr < data + ds)
		snprintf(buf, len, "the data area (offset %" PRIuPTR ")",
			 addr - data);
	else if (addr >= ctrl && addr < data)
		snprintf(buf, len, "the control page (offset %" PRIuPTR ")",
			 addr - ctrl);
	else if (addr >= end && addr < end + sys)
		snprintf(buf, len, "the %s after the data area (%" PRIuPTR
			 " bytes past its end)", j->unguarded ?
			 "page (no guard page there)" : "guard page",
			 addr - data - ds);
	else if (addr < ctrl && addr >= ctrl - sys)
		snprintf(buf, len, "the %s before the control page (%" PRIuPTR
			 " bytes before it)", j->unguarded ?
			 "page (no guard page there)" : "guard page",
			 ctrl - addr);
	else
		snprintf(buf, len, "neither the ring nor its guard pages");
	return buf;
}

void judge_crashed(struct judge *j, int sig, uintptr_t addr)
{
	const struct scenario *s = j->s;
	const char *call = j->step < s->nsteps ?
			   step_name(s->steps[j->step].op) : "the final drain";
	char w[96];

	j->res->crash_signal = sig;
	j->res->crash_addr = addr;
	/* outside a call, the suite was reading what the call returned: a
	 * record that runs past the reader's mapping */
	judge_fail(j, "crash", "the reader crashed during the case (%s): %s "
		   "%s at step %d, address 0x%" PRIxPTR " in %s",
		   sig == SIGBUS ? "SIGBUS" : "SIGSEGV",
		   j->in_call ? "in" : "in the record returned by", call,
		   j->step, addr, where(j, addr, w, sizeof(w)));
}
