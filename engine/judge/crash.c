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

/*
 * What addr lies in, of a ring whose data area starts at data and whose
 * control page is the page below: buf. False (buf untouched) where addr
 * is neither that ring nor a page either side of it.
 */
bool judge_place(char *buf, size_t len, uintptr_t addr, uintptr_t data,
		 uintptr_t ps, uintptr_t ds, bool unguarded)
{
	uintptr_t sys = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t ctrl = data - ps;
	uintptr_t end = data + ((ds + sys - 1) & ~(sys - 1));
	const char *guard = unguarded ? "page (no guard page there)" :
			    "guard page";

	if (addr >= data && addr < data + ds)
		snprintf(buf, len, "the data area (offset %" PRIuPTR ")",
			 addr - data);
	else if (addr >= ctrl && addr < data)
		snprintf(buf, len, "the control page (offset %" PRIuPTR ")",
			 addr - ctrl);
	else if (addr >= end && addr < end + sys)
		snprintf(buf, len, "the %s after the data area (%" PRIuPTR
			 " bytes past its end)", guard, addr - data - ds);
	else if (addr < ctrl && addr >= ctrl - sys)
		snprintf(buf, len, "the %s before the control page (%" PRIuPTR
			 " bytes before it)", guard, ctrl - addr);
	else
		return false;
	return true;
}

void judge_crashed(struct judge *j, int sig, uintptr_t addr)
{
	const struct scenario *s = j->s;
	const char *call = j->step < s->nsteps ?
			   step_name(s->steps[j->step].op) : "the final drain";
	char w[96];

	if (!judge_place(w, sizeof(w), addr, j->ring_lo,
			 judge_cfg(j)->page_size, judge_cfg(j)->data_size,
			 j->unguarded))
		snprintf(w, sizeof(w), "neither the ring nor its guard pages");

	j->res->crash_signal = sig;
	j->res->crash_addr = addr;
	/* outside a call, the suite was reading what the call returned: a
	 * record that runs past the reader's mapping */
	judge_fail(j, "crash", "the reader crashed during the case (%s): %s "
		   "%s at step %d, address 0x%" PRIxPTR " in %s",
		   sig == SIGBUS ? "SIGBUS" : "SIGSEGV",
		   j->in_call ? "in" : "in the record returned by", call,
		   j->step, addr, w);
}
