// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reference reader under another name, optionally with read_done
 * doing nothing (-DNO_READ_DONE) or without push (-DNO_PUSH): for the
 * report tests, which need a reader whose name holds quotes, backslashes
 * and a newline, one bug that fails many cases in several families, and a
 * family the reader cannot run. reference_plugin.c is built beside this
 * file with its entry point renamed (-Dringcheck_reader=reference_entry).
 */
#include <stddef.h>
#include <ringcheck/reader.h>

const struct ringcheck_reader_ops *reference_entry(void);

static struct ringcheck_reader_ops ops;

#ifdef NO_READ_DONE
static void skip_read_done(void *r)
{
}
#endif

const struct ringcheck_reader_ops *ringcheck_reader(void)
{
	ops = *reference_entry();
	ops.name = "evil\"name\\\nsecond line";
#ifdef NO_READ_DONE
	ops.read_done = skip_read_done;
#endif
#ifdef NO_PUSH
	ops.push = NULL;
#endif
	return &ops;
}
