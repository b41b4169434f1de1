// SPDX-License-Identifier: GPL-2.0-only
/*
 * Why checking the handlers is enough: a read of a guard page (PROT_NONE)
 * or a write to the read-only data area always raises SIGSEGV (SIGBUS
 * past the file), synchronously; blocking or ignoring it does not help, the
 * kernel then kills the process. The reader survives it only through a
 * handler, which it must install with sigaction()/signal(). If
 * ringcheck's handler is the one in place after the case, every fault
 * went to it, and it lets the fault kill the worker (a crash verdict).
 * A reader that installs a handler and puts ringcheck's back before it
 * returns goes unseen: that is a plugin attacking the suite, out of scope.
 * A plugin declaring RINGCHECK_CAP_RUNTIME_FAULT_HANDLERS has its
 * runtime's handlers (installed at load) replaced by guard_arm() after the
 * load; the check after each case is the same for every plugin.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guard.h"
#include "player/player.h"

static const int guarded[] = { SIGSEGV, SIGBUS };
static bool armed;

/* The player reports where a reader call faulted and comes back to the
 * worker, which dies of the signal (guard_die); any other fault takes
 * the default action now. */
static void on_fault(int sig, siginfo_t *si, void *uc)
{
	play_fault(sig, si->si_addr);
	guard_die(sig);
}

void guard_die(int sig)
{
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);	/* blocked: never returns alive */
}

static void install(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	/* on the thread's alternate stack if it has one: a Go runtime in
	 * the plugin runs goroutines on small stacks and requires it */
	sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

void guard_arm(void)
{
	size_t i;

	for (i = 0; i < sizeof(guarded) / sizeof(guarded[0]); i++)
		install(guarded[i]);
	armed = true;
}

int guard_check(char *why, size_t len)
{
	struct sigaction now;
	size_t i;

	for (i = 0; armed && i < sizeof(guarded) / sizeof(guarded[0]); i++) {
		if (sigaction(guarded[i], NULL, &now) ||
		    ((now.sa_flags & SA_SIGINFO) &&
		     now.sa_sigaction == on_fault))
			continue;
		install(guarded[i]);
		snprintf(why, len, "the reader installed its own %s handler: "
			 "a read outside the mapping it swallows would go "
			 "unseen (a reader reads only inside the mapping)",
			 guarded[i] == SIGSEGV ? "SIGSEGV" : "SIGBUS");
		return -1;
	}
	return 0;
}
