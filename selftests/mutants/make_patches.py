#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Regenerates the mutant patches from reader/ring_reader.c: each entry puts
# one bug of the bug zoo back. Run from the top of the tree after changing
# the reader; it refuses (assertion) if a mutant no longer applies.
import subprocess, os
src = open('reader/ring_reader.c').read()
os.makedirs('/tmp/mut', exist_ok=True)
M = []
def m(num, name, old, new, count=1):
    M.append((num, name, old, new, count))

m(1, 'backward-discards-prev',
  '''		if (dist > r->size) {''',
  '''		if (1) {	/* MUTANT 1: walk the whole window, ignore prev */''')
# through the fd entry (ABI v2): the ring mapped writable, and the open
# check that would refuse such a mapping gone with it
m(2, 'overwrite-mapped-writable',
  [('''	int prot = backward ? PROT_READ : PROT_READ | PROT_WRITE;''',
    '''	int prot = PROT_READ | PROT_WRITE;	/* MUTANT 2 */'''),
   ('''	if (writable == 1 && ring->overwrite) {''',
    '''	if (0 && writable == 1 && ring->overwrite) {	/* MUTANT 2 */''')],
  None)
m(3, 'wrap-copy-capped',
  '''	memcpy(r->bounce, rec, first);
	memcpy(r->bounce + first, r->data, size - first);''',
  '''	/* MUTANT 3: copy capped at sizeof(union perf_event) */
	memcpy(r->bounce, rec, first < 4168 ? first : 4168);
	if (first < 4168)
		memcpy(r->bounce + first, r->data,
		       size - first < 4168 - first ? size - first
						  : 4168 - first);''')
m(4, 'record-past-end',
  '''	if (r->windowed) {
		r->end = r->pos;
		return NULL;
	}''',
  '''	if (r->windowed && size > left && size % 8 == 0) {
		/* MUTANT 4: the cut record too */
		uint64_t off = r->pos & r->mask;

		if (off + size > r->size)
			return bounce_record(r, r->data + off, off, size);
		r->pos += size;
		return (const struct perf_event_header *)(r->data + off);
	}
	if (r->windowed) {
		r->end = r->pos;
		return NULL;
	}''')
# a record larger than a backward ring leaves its payload in the window:
# a word read as a size off 8 taken as a record (libperf, findings 04/09)
m(4, 'window-takes-odd-size',
  '''	if (r->windowed) {
		r->end = r->pos;
		return NULL;
	}''',
  '''	if (r->windowed && size >= HEADER_SIZE && size <= left) {
		/* MUTANT 4: a size off 8 in the window taken as a record */
		uint64_t off = r->pos & r->mask;

		if (off + size > r->size)
			return bounce_record(r, r->data + off, off, size);
		r->pos += size;
		return (const struct perf_event_header *)(r->data + off);
	}
	if (r->windowed) {
		r->end = r->pos;
		return NULL;
	}''')
m(5, 'released-before-use',
  '''	r->pos += size;
	return (const struct perf_event_header *)rec;''',
  '''	r->pos += size;
	/* MUTANT 5: released as soon as it is handed out */
	if (!r->overwrite)
		__atomic_store_n(&r->pc->data_tail, r->pos, __ATOMIC_RELEASE);
	return (const struct perf_event_header *)rec;''')
m(6, 'overwrite-read-forward',
  '''		r->pos = r->head;
		if (dist > r->size) {''',
  '''		/* MUTANT 6: the last data_size bytes, read forward */
		r->pos = r->head - r->size;
		dist = r->size;
		r->head = r->pos;
		if (dist > r->size) {''')
m(7, 'read-done-prev-is-head',
  '''	r->prev = r->overwrite ? r->head : r->pos;
	r->in_cycle = false;''',
  '''	/* MUTANT 7: libperf's prev = head */
	r->prev = r->overwrite ? r->head
			       : __atomic_load_n(&r->pc->data_head,
						 __ATOMIC_ACQUIRE);
	r->in_cycle = false;''')
m(8, 'zero-size-spins',
  '''	size = size_at(r->data, off);
	if (__builtin_expect(bad_size(size, left), 0))''',
  '''	size = size_at(r->data, off);
	if (!size)	/* MUTANT 8: a zero size is a record, advanced by 0 */
		return (const struct perf_event_header *)rec;
	if (__builtin_expect(bad_size(size, left), 0))''')
# push's own header walk (hostile-push): sizes 1..7 and off 8 taken as
# records, as perf_mmap__push() copies [tail, head) unchecked
m(8, 'push-walk-takes-bad-sizes',
  '''			if (__builtin_expect(bad_size(n, left), 0))
				return start - left;''',
  '''			/* MUTANT 8: only 0 and past the range refused */
			if (__builtin_expect(!n || n > left, 0))
				return start - left;''')
# push releases the whole range when it stops at a bad record
m(8, 'push-releases-past-fault',
  '''	ring_reader_consume(r);
	ring_reader_read_done(r);
	return r->stopped ? -1 : 0;''',
  '''	if (r->stopped)	/* MUTANT 8: the bad record released too */
		r->pos = r->head;
	ring_reader_consume(r);
	ring_reader_read_done(r);
	return r->stopped ? -1 : 0;''')
m(9, 'distance-32-bit',
  '''	dist = r->overwrite ? r->prev - r->head : r->head - r->prev;''',
  '''	/* MUTANT 9: a 32-bit distance */
	dist = (uint32_t)(r->overwrite ? r->prev - r->head : r->head - r->prev);''')
m(10, 'head-behind-moves-tail-back',
  '''	if ((int64_t)dist < 0)''',
  '''	if ((int64_t)dist < 0 && !r->overwrite) {
		/* MUTANT 10: give up like libperf, tail to the head */
		r->prev = r->head;
		__atomic_store_n(&r->pc->data_tail, r->head, __ATOMIC_RELEASE);
		r->released = r->head;
		return -EAGAIN;
	}
	if ((int64_t)dist < 0)''')
m(11, 'lost-count-from-id',
  '''	r->pos += size;
	return (const struct perf_event_header *)rec;''',
  '''	r->pos += size;
	if (((const struct perf_event_header *)rec)->type == 2 && size >= 24) {
		/* MUTANT 11: the id reported as the lost count */
		memmove(r->bounce, rec, size);
		memcpy(r->bounce + 16, r->bounce + 8, 8);
		rec = r->bounce;
	}
	return (const struct perf_event_header *)rec;''')
# through the callback entry (ABI v2): the count the reader hands over
m(11, 'lost-decoded-from-id',
  '''	memcpy(&lost, (const uint8_t *)ev + 16, sizeof(lost));''',
  '''	/* MUTANT 11: the id decoded as the lost count */
	memcpy(&lost, (const uint8_t *)ev + 8, sizeof(lost));''')
m(12, 'drain-reloads-head',
  '''	/* the end of the range, a fault, the window's cut, no cycle */''',
  '''	if (!r->overwrite && r->in_cycle) {
		/* MUTANT 12: the head reloaded on every record */
		r->end = __atomic_load_n(&r->pc->data_head, __ATOMIC_ACQUIRE);
		left = r->end - pos;
	}
	/* the end of the range, a fault, the window's cut, no cycle */''')
m(13, 'wrap-test-inverted',
  '''	if (__builtin_expect(off + size > r->size, 0))''',
  '''	if (__builtin_expect(off + size < r->size, 0))	/* MUTANT 13 */''')
# the wrap test written as "the record's end offset is below its start
# offset": a record exactly as long as the data area ends where it starts
# and is returned in place, running past the end (an overwrite ring holds
# one; large-records has it at every start offset)
m(13, 'wrap-end-below-start',
  '''	if (__builtin_expect(off + size > r->size, 0))''',
  '''	if (__builtin_expect(((pos + size) & r->mask) < off, 0))	/* MUTANT 13 */''')
m(14, 'bounce-4096',
  '''	memcpy(r->bounce, rec, first);
	memcpy(r->bounce + first, r->data, size - first);''',
  '''	/* MUTANT 14: a 4096-byte bounce buffer */
	memcpy(r->bounce, rec, first < 4096 ? first : 4096);
	if (first < 4096)
		memcpy(r->bounce + first, r->data,
		       size - first < 4096 - first ? size - first
						  : 4096 - first);''')
m(15, 'unaligned-header-read',
  '''	if (dist % 8)''',
  '''	if (0 && dist % 8)	/* MUTANT 15 */''')
m(17, 'backward-stops-at-non-sample',
  '''		return refuse_record(r, size, left);
	if (__builtin_expect(off + size > r->size, 0))''',
  '''		return refuse_record(r, size, left);
	if (r->overwrite && ((const struct perf_event_header *)rec)->type != 9)
		return NULL;	/* MUTANT 17: the end test was type != SAMPLE */
	if (__builtin_expect(off + size > r->size, 0))''')
m(18, 'head-truncated-32-bit',
  '''	r->head = __atomic_load_n(&r->pc->data_head, __ATOMIC_ACQUIRE);

	/* Signed''',
  '''	/* MUTANT 18: a 32-bit head */
	r->head = (uint32_t)__atomic_load_n(&r->pc->data_head, __ATOMIC_ACQUIRE);

	/* Signed''')
m(19, 'plain-head-load',
  '''	r->head = __atomic_load_n(&r->pc->data_head, __ATOMIC_ACQUIRE);

	/* Signed''',
  '''	/* MUTANT 19: a plain load, no barrier C (make stress) */
	r->head = *(volatile uint64_t *)&r->pc->data_head;

	/* Signed''')
m(19, 'head-load-relaxed',
  '''	r->head = __atomic_load_n(&r->pc->data_head, __ATOMIC_ACQUIRE);

	/* Signed''',
  '''	/* MUTANT 19: a relaxed load, no barrier C (make stress) */
	r->head = __atomic_load_n(&r->pc->data_head, __ATOMIC_RELAXED);

	/* Signed''')
m(19, 'tail-store-relaxed',
  '''	__atomic_store_n(&r->pc->data_tail, r->pos, __ATOMIC_RELEASE);
	r->released = r->pos;''',
  '''	/* MUTANT 19: a relaxed store, no barrier D (make stress) */
	__atomic_store_n(&r->pc->data_tail, r->pos, __ATOMIC_RELAXED);
	r->released = r->pos;''')
m(19, 'tail-store-before-read',
  '''		return refuse_record(r, size, left);
	if (__builtin_expect(off + size > r->size, 0))''',
  '''		return refuse_record(r, size, left);
	if (!r->overwrite) {
		/* MUTANT 19: the tail stored before the record is read (the
		 * wrapped copy below, the caller's reads) (make stress) */
		__atomic_store_n(&r->pc->data_tail, r->pos + size,
				 __ATOMIC_RELEASE);
		r->released = r->pos + size;
	}
	if (__builtin_expect(off + size > r->size, 0))''')
m(20, 'data-at-4096',
  '''	r->data = (const uint8_t *)ring->base + ring->page_size;''',
  '''	r->data = (const uint8_t *)ring->base + 4096;	/* MUTANT 20 */''')

os.makedirs('/tmp/mut', exist_ok=True)
import glob
# an entry is one (old, new) replacement or a list of them (new None)
def pairs(old, new):
    return old if new is None else [(old, new)]
for num, name, old, new, count in M:
    for o, n in pairs(old, new):
        assert src.count(o) == 1, (num, name, src.count(o))
for f in glob.glob('selftests/mutants/*.patch'): os.remove(f)
for num, name, old, new, count in M:
    mutated = src
    for o, n in pairs(old, new):
        mutated = mutated.replace(o, n)
    path = '/tmp/mut/ring_reader.c'
    open(path, 'w').write(mutated)
    out = subprocess.run(['diff', '-u', '--label', 'a/reader/ring_reader.c', '--label', 'b/reader/ring_reader.c', 'reader/ring_reader.c', path], capture_output=True, text=True).stdout
    hdr = f"Bug zoo entry {num}: {name}\n\nSPDX-License-Identifier: GPL-2.0-only\n\n"
    open(f'selftests/mutants/{num:02d}-{name}.patch', 'w').write(hdr + out)
print(len(M), 'mutants')
