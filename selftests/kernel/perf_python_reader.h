/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The reader perf_python_test runs with perf's Python binding (the `perf`
 * module of linux-perf, tools/perf/util/python.c), as `python3 -c`: the
 * binding's own loop (evlist.poll, evlist.read_on_cpu per CPU), printing
 * what each call returned, one line each:
 *	comm NAME	a PERF_RECORD_COMM of the watched task
 *	lost N		a PERF_RECORD_LOST
 *	sample		a PERF_RECORD_SAMPLE
 *	error TYPE	read_on_cpu raised TYPE
 *	stalled		read_on_cpu raised on 50 calls in a row
 *	end		the watched task's main thread exited (or 10 s
 *			passed)
 * argv: MODE PID PAGES [TRACEPOINT_ID]; MODE comm (COMM records of PID)
 * or sample (samples of the tracepoint, with every sample field).
 * Prints "ready" once its events are open, then waits for nothing: the
 * test starts the task's work on "ready".
 */
#ifndef RINGCHECK_PERF_PYTHON_READER_H
#define RINGCHECK_PERF_PYTHON_READER_H

static const char perf_python_reader[] =
"import os, sys, time, perf\n"
"mode, pid, pages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])\n"
"cpus = perf.cpu_map()\n"
"threads = perf.thread_map(pid)\n"
"if mode == 'comm':\n"
"    ev = perf.evsel(type=perf.TYPE_SOFTWARE, config=perf.COUNT_SW_DUMMY,\n"
"                    comm=1, task=1, sample_id_all=1, wakeup_events=1,\n"
"                    sample_type=perf.SAMPLE_TID | perf.SAMPLE_CPU)\n"
"else:\n"
"    ev = perf.evsel(type=perf.TYPE_TRACEPOINT, config=int(sys.argv[4]),\n"
"                    sample_period=1, wakeup_events=1, task=1,\n"
"                    sample_id_all=1,\n"
"                    sample_type=perf.SAMPLE_IP | perf.SAMPLE_TID |\n"
"                    perf.SAMPLE_TIME | perf.SAMPLE_ADDR | perf.SAMPLE_ID |\n"
"                    perf.SAMPLE_STREAM_ID | perf.SAMPLE_CPU |\n"
"                    perf.SAMPLE_PERIOD | perf.SAMPLE_CALLCHAIN |\n"
"                    perf.SAMPLE_RAW)\n"
"ev.open(cpus=cpus, threads=threads)\n"
"evlist = perf.evlist(cpus, threads)\n"
"evlist.add(ev)\n"
"evlist.mmap(pages=pages)\n"
"print('ready', flush=True)\n"
"# the task's EXIT may be read on one CPU's ring before another's last\n"
"# records: once it is seen, passes over every ring (a poll between)\n"
"# until two in a row find nothing\n"
"end, errors, done, quiet = time.time() + 10, 0, False, 0\n"
"while quiet < 2 and time.time() < end:\n"
"    evlist.poll(timeout=100)\n"
"    got = False\n"
"    for cpu in cpus:\n"
"        while True:\n"
"            try:\n"
"                e = evlist.read_on_cpu(cpu)\n"
"            except Exception as x:\n"
"                print('error', type(x).__name__, x, flush=True)\n"
"                errors += 1\n"
"                if errors >= 50:\n"
"                    print('stalled', flush=True)\n"
"                    done, quiet = True, 2\n"
"                    break\n"
"                continue\n"
"            errors = 0\n"
"            if e is None:\n"
"                break\n"
"            got = True\n"
"            # (a lost_event has no type member)\n"
"            if isinstance(e, perf.lost_event):\n"
"                print('lost', e.lost, flush=True)\n"
"            elif isinstance(e, perf.comm_event) and e.pid == pid:\n"
"                print('comm', e.comm, flush=True)\n"
"            elif isinstance(e, perf.sample_event):\n"
"                print('sample', flush=True)\n"
"            elif isinstance(e, perf.task_event) and e.pid == pid and \\\n"
"                    e.tid == pid and e.type == perf.RECORD_EXIT:\n"
"                done = True\n"
"        if quiet >= 2:\n"
"            break\n"
"    if done and quiet < 2:\n"
"        quiet = 0 if got else quiet + 1\n"
"print('end', flush=True)\n";

#endif
