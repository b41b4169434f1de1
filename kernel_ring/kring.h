/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Real perf rings: open an event on this thread, map its ring, read it
 * through the reader plugin ABI, and replay what the kernel wrote into
 * fake_ring to compare the bytes. Used by `ringcheck capture` and by the
 * kernel selftests; the only code of ringcheck that calls perf_event_open.
 */
#ifndef RINGCHECK_KRING_H
#define RINGCHECK_KRING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/perf_event.h>
#include <ringcheck/reader.h>

struct fake_ring;

/* Records copied out of the ring, in the order the reader returned them. */
struct krecs {
	uint8_t		*buf;
	size_t		len, cap;
	size_t		*off;
	size_t		n, ncap;
};

struct kring {
	int				fd;
	uint8_t				*base;
	size_t				map_len;
	unsigned long			page_size, data_size;
	bool				overwrite;	/* backward, read-only */
	bool				per_record;	/* the reader declares
							 * RELEASE_RECORD */
	uint64_t			id;
	const struct ringcheck_reader_ops *ops;
	void				*rd;
	char				why[256];	/* skip or error */
};

/*
 * 0 if the reader (RINGCHECK_READER) declares every capability of needs
 * (enum ringcheck_cap); 4 (KSFT_SKIP) with every one it lacks named in
 * why; -1 if it cannot be loaded. kring_open checks the ring's direction
 * itself; a test whose subject is a release pattern asks for it here.
 */
int kring_needs(unsigned int needs, char *why, size_t len);

/* A dummy software event with COMM records, sample_id TID|TIME. */
void kring_comm_attr(struct perf_event_attr *attr, bool backward);
/*
 * Opens attr on this thread (disabled), maps 1 + npages pages (read-only
 * for overwrite), opens the reader. Returns 0; 4 (KSFT_SKIP) with the
 * reason in k->why when the kernel or privileges do not allow it; -1 on
 * an error.
 */
int kring_open(struct kring *k, struct perf_event_attr *attr,
	       unsigned int npages, bool overwrite);
/* The same for an event of pid on cpu (pid -1, cpu N: system-wide). */
int kring_open_on(struct kring *k, struct perf_event_attr *attr,
		  unsigned int npages, bool overwrite, int pid, int cpu);
void kring_close(struct kring *k);
int kring_enable(struct kring *k);
int kring_pause(struct kring *k, bool paused);

/*
 * One reader cycle in a usage pattern: consume each record or once
 * (forward), or the overwrite cycle (the caller pauses). Copies what the
 * reader returns into out. Returns the number of records, -1 on error.
 * A forward pattern the reader does not declare (RELEASE_RECORD,
 * RELEASE_CYCLE) is read with the one it declares: the cycle ends at the
 * same tail. A test about the pattern itself asks kring_needs() first.
 */
enum kcycle { KCYCLE_EACH, KCYCLE_ONCE, KCYCLE_OVERWRITE };
int kring_cycle(struct kring *k, enum kcycle how, struct krecs *out);
/* In a cycle a test drives itself: consume after a record if the reader
 * releases per record; and the cycle's end (consume once if it releases
 * per cycle, then read_done). */
void kring_consume_record(struct kring *k);
void kring_end_cycle(struct kring *k);

/* One write fault on page, from under an 80 KiB resident stack frame, so
 * a PERF_SAMPLE_STACK_USER dump of the fault is full. */
void kring_fault_deep(volatile uint8_t *page);
/* n stores to word from under the same frame (a watchpoint's samples). */
void kring_store_deep(volatile uint64_t *word, unsigned int n);

void krecs_add(struct krecs *r, const struct perf_event_header *h);
void krecs_free(struct krecs *r);
const struct perf_event_header *krecs_at(const struct krecs *r, size_t i);
/* The record of the ring at counter pos, read from the mapping itself. */
void kring_peek(const struct kring *k, uint64_t pos, void *out, size_t len);
uint64_t kring_head(const struct kring *k);
uint64_t kring_tail(const struct kring *k);
/* A reader's release of [old tail, tail) (read-write mappings only). */
void kring_set_tail(const struct kring *k, uint64_t tail);

/* COMM: the name in a COMM record; its size with TID|TIME sample_id. */
const char *krec_comm(const struct perf_event_header *h);
unsigned int comm_size(size_t namelen);

/*
 * The replay of the kernel's ABI: a fake ring of the same geometry and
 * event id, to which the test feeds what the kernel was made to write.
 */
struct fake_ring *kring_fake(const struct kring *k, bool backward);
/* Bytes of the data area where the two differ, or -1 if none. */
long kring_compare_data(const struct kring *k, const struct fake_ring *f);

/* Where each reader cycle ended: records returned so far, data_tail. */
struct kcycles {
	size_t		end[64];
	uint64_t	tail[64];
	size_t		n;
};
void kcycles_mark(struct kcycles *c, const struct kring *k,
		  const struct krecs *got);
/*
 * The ABI check for streams read without loss: the records the reader
 * returned, written into fake_ring in order, data_tail stored where each
 * cycle left it. Returns -1 when head, tail and data area all equal the
 * kernel's, the first differing offset otherwise (why says what), -2 when
 * the stream had a LOST and cannot be replayed from what was read.
 */
long kring_replay_stream(const struct kring *k, const struct krecs *got,
			 const struct kcycles *c, char *why, size_t len);

#endif /* RINGCHECK_KRING_H */
