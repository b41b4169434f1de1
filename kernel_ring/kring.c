// SPDX-License-Identifier: GPL-2.0-only
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "fake_ring.h"
#include "kring.h"
#include "plugin_caps.h"

#define KSFT_SKIP 4

/* The reference reader, linked in (reader/reference_plugin.c). */
const struct ringcheck_reader_ops *ringcheck_reader(void);

void kring_comm_attr(struct perf_event_attr *attr, bool backward)
{
	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->type = PERF_TYPE_SOFTWARE;
	attr->config = PERF_COUNT_SW_DUMMY;
	attr->comm = 1;
	attr->sample_id_all = 1;
	attr->sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME;
	attr->disabled = 1;
	attr->exclude_kernel = 1;	/* allowed at perf_event_paranoid 2 */
	attr->exclude_hv = 1;
	attr->write_backward = backward;
	attr->use_clockid = 1;
	attr->clockid = CLOCK_MONOTONIC;
}

/* RINGCHECK_READER=FILE.so picks another reader; the reference by default. */
static const struct ringcheck_reader_ops *load_reader(char *why, size_t len,
						      bool *skip)
{
	const struct ringcheck_reader_ops *(*entry)(void);
	const struct ringcheck_reader_ops *ops;
	const char *path = getenv("RINGCHECK_READER");
	void *dl;

	if (!path || !*path)
		return ringcheck_reader();
	dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!dl) {
		snprintf(why, len, "RINGCHECK_READER: %s", dlerror());
		return NULL;
	}
	*(void **)&entry = dlsym(dl, "ringcheck_reader");
	ops = entry ? entry() : NULL;
	if (!ops || ops->abi_version < 1 ||
	    ops->abi_version > RINGCHECK_READER_ABI_LATEST) {
		snprintf(why, len, "RINGCHECK_READER: %s is not a version 1 "
			 "to %d reader plugin", path,
			 RINGCHECK_READER_ABI_LATEST);
		return NULL;
	}
	if (plugin_caps_refused(ops)) {
		snprintf(why, len, "RINGCHECK_READER: %s: %s", path,
			 plugin_caps_refused(ops));
		return NULL;
	}
	/* the kernel tests drive read_init/read_event/consume/read_done:
	 * a callback-only reader runs against the simulator only */
	if (!ops->read_init || !ops->read_event || !ops->consume ||
	    !ops->read_done) {
		snprintf(why, len, "RINGCHECK_READER: %s has no pull entry "
			 "(read_event); the kernel tests need one", path);
		*skip = true;
		return NULL;
	}
	return ops;
}

static int skip_reason(struct kring *k, const char *what, int err)
{
	switch (err) {
	case EACCES:
	case EPERM:
		snprintf(k->why, sizeof(k->why), "%s: not permitted (%s); "
			 "see /proc/sys/kernel/perf_event_paranoid", what,
			 strerror(err));
		return KSFT_SKIP;
	case ENOENT:
	case ENODEV:
	case EOPNOTSUPP:
	case ENOSYS:
		snprintf(k->why, sizeof(k->why), "%s: not supported here (%s)",
			 what, strerror(err));
		return KSFT_SKIP;
	}
	snprintf(k->why, sizeof(k->why), "%s: %s", what, strerror(err));
	return -1;
}

/*
 * 0 if ops declares every capability of needs, else KSFT_SKIP with every
 * one it lacks named in why: a test never fails a reader for what the
 * reader said it does not do.
 */
static int lacks(const struct ringcheck_reader_ops *ops, unsigned int needs,
		 char *why, size_t len)
{
	unsigned int missing = needs & ~plugin_caps(ops);
	char names[160];

	if (!missing)
		return 0;
	plugin_caps_list(missing, names, sizeof(names));
	snprintf(why, len, "reader %s does not declare: %s", ops->name,
		 names);
	return KSFT_SKIP;
}

int kring_needs(unsigned int needs, char *why, size_t len)
{
	const struct ringcheck_reader_ops *ops;
	bool skip = false;

	ops = load_reader(why, len, &skip);
	if (!ops)
		return skip ? KSFT_SKIP : -1;
	return lacks(ops, needs, why, len);
}

int kring_open(struct kring *k, struct perf_event_attr *attr,
	       unsigned int npages, bool overwrite)
{
	return kring_open_on(k, attr, npages, overwrite, 0, -1);
}

int kring_open_on(struct kring *k, struct perf_event_attr *attr,
		  unsigned int npages, bool overwrite, int pid, int cpu)
{
	struct ringcheck_ring desc;
	int prot = overwrite ? PROT_READ : PROT_READ | PROT_WRITE;
	bool skip = false;

	memset(k, 0, sizeof(*k));
	k->fd = -1;
	k->ops = load_reader(k->why, sizeof(k->why), &skip);
	if (!k->ops)
		return skip ? KSFT_SKIP : -1;
	/* a forward ring is read with some release (kring_cycle) */
	if (!overwrite && !(plugin_caps(k->ops) & (RINGCHECK_CAP_RELEASE_RECORD |
						   RINGCHECK_CAP_RELEASE_CYCLE)))
		return lacks(k->ops, RINGCHECK_CAP_FORWARD |
			     RINGCHECK_CAP_RELEASE_RECORD, k->why,
			     sizeof(k->why));
	if (lacks(k->ops, overwrite ? RINGCHECK_CAP_OVERWRITE
				    : RINGCHECK_CAP_FORWARD,
		  k->why, sizeof(k->why)))
		return KSFT_SKIP;
	k->per_record = plugin_caps(k->ops) & RINGCHECK_CAP_RELEASE_RECORD;
	k->fd = (int)syscall(SYS_perf_event_open, attr, pid, cpu, -1,
			     PERF_FLAG_FD_CLOEXEC);
	if (k->fd < 0)
		return skip_reason(k, "perf_event_open", errno);
	k->page_size = (unsigned long)sysconf(_SC_PAGESIZE);
	k->data_size = npages * k->page_size;
	k->map_len = k->page_size + k->data_size;
	k->overwrite = overwrite;
	/*
	 * A version-2 reader with an fd entry maps the perf fd itself, and
	 * first: the first mapping's protection decides whether the kernel
	 * honours data_tail. Version 1 readers get the mapping below.
	 */
	if (k->ops->abi_version >= 2 && k->ops->open_fd) {
		struct ringcheck_fd_ring fr = { k->fd, k->page_size,
						k->data_size, overwrite };

		k->rd = k->ops->open_fd(&fr);
		if (!k->rd) {
			snprintf(k->why, sizeof(k->why), "reader %s refused "
				 "the perf fd", k->ops->name);
			return -1;
		}
	}
	/* the suite's own view, for what it checks of the ring */
	k->base = mmap(NULL, k->map_len, prot, MAP_SHARED, k->fd, 0);
	if (k->base == MAP_FAILED) {
		k->base = NULL;
		return skip_reason(k, "mmap of the ring", errno);
	}
	if (ioctl(k->fd, PERF_EVENT_IOC_ID, &k->id))
		return skip_reason(k, "PERF_EVENT_IOC_ID", errno);
	desc = (struct ringcheck_ring){ k->base, k->page_size, k->data_size,
					overwrite };
	if (!k->rd)
		k->rd = k->ops->open(&desc);
	if (!k->rd) {
		snprintf(k->why, sizeof(k->why), "reader %s refused the ring",
			 k->ops->name);
		return -1;
	}
	return 0;
}

void kring_close(struct kring *k)
{
	if (k->rd)
		k->ops->close(k->rd);
	if (k->base)
		munmap(k->base, k->map_len);
	if (k->fd >= 0)
		close(k->fd);
	k->rd = NULL;
	k->base = NULL;
	k->fd = -1;
}

int kring_enable(struct kring *k)
{
	return ioctl(k->fd, PERF_EVENT_IOC_ENABLE, 0);
}

/* Not inlined, and no tail call (the errno after it): ci/valgrind.supp
 * names this frame, the one place the PAUSE_OUTPUT ioctl is made. */
__attribute__((noinline)) int kring_pause(struct kring *k, bool paused)
{
	/* The argument is a value, not a pointer (valgrind thinks so). */
	int ret = ioctl(k->fd, PERF_EVENT_IOC_PAUSE_OUTPUT, paused ? 1 : 0);

	return ret < 0 ? -errno : ret;
}

static void __attribute__((noinline)) fault_in(volatile uint8_t *page)
{
	*page = 1;
}

static void __attribute__((noinline)) store(volatile uint64_t *word,
					    unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		*word = i;
}

/* The access under an 80 KiB resident frame: a STACK_USER dump of it
 * reads resident stack only, so it is whole (dyn_size = dump size). */
static void __attribute__((noinline)) deep(volatile uint8_t *page,
					   volatile uint64_t *word,
					   unsigned int n)
{
	volatile uint8_t frame[80 * 1024];

	memset((void *)frame, 0x5a, sizeof(frame));
	if (page)
		fault_in(page);
	else
		store(word, n);
	frame[0] = frame[sizeof(frame) - 1];
}

void kring_fault_deep(volatile uint8_t *page)
{
	deep(page, NULL, 0);
}

void kring_store_deep(volatile uint64_t *word, unsigned int n)
{
	deep(NULL, word, n);
}

void krecs_add(struct krecs *r, const struct perf_event_header *h)
{
	if (r->len + h->size > r->cap) {
		r->cap = 2 * (r->len + h->size) + 4096;
		r->buf = realloc(r->buf, r->cap);
	}
	if (r->n == r->ncap) {
		r->ncap = r->ncap ? 2 * r->ncap : 256;
		r->off = realloc(r->off, r->ncap * sizeof(*r->off));
	}
	memcpy(r->buf + r->len, h, h->size);
	r->off[r->n++] = r->len;
	r->len += h->size;
}

int kring_cycle(struct kring *k, enum kcycle how, struct krecs *out)
{
	const struct perf_event_header *h;
	int n = 0, ret = k->ops->read_init(k->rd);
	/* the release asked for if the reader declares it, else the one it
	 * declares (kring_open made sure it has one) */
	bool each = how == KCYCLE_EACH ? k->per_record :
		    how == KCYCLE_ONCE ? !(plugin_caps(k->ops) &
					   RINGCHECK_CAP_RELEASE_CYCLE) : false;

	if (ret == -EAGAIN)
		return 0;
	if (ret)
		return -1;
	while ((h = k->ops->read_event(k->rd))) {
		krecs_add(out, h);
		n++;
		if (each)
			k->ops->consume(k->rd);
	}
	if (how != KCYCLE_OVERWRITE && !each)
		k->ops->consume(k->rd);
	k->ops->read_done(k->rd);
	return n;
}

void kring_consume_record(struct kring *k)
{
	if (k->per_record)
		k->ops->consume(k->rd);
}

void kring_end_cycle(struct kring *k)
{
	if (!k->overwrite && !k->per_record)
		k->ops->consume(k->rd);
	k->ops->read_done(k->rd);
}

void krecs_free(struct krecs *r)
{
	free(r->buf);
	free(r->off);
	memset(r, 0, sizeof(*r));
}

const struct perf_event_header *krecs_at(const struct krecs *r, size_t i)
{
	return (const struct perf_event_header *)(r->buf + r->off[i]);
}

void kring_peek(const struct kring *k, uint64_t pos, void *out, size_t len)
{
	const uint8_t *data = k->base + k->page_size;
	uint8_t *o = out;
	size_t i;

	for (i = 0; i < len; i++)
		o[i] = data[(pos + i) & (k->data_size - 1)];
}

uint64_t kring_head(const struct kring *k)
{
	return __atomic_load_n(&((struct perf_event_mmap_page *)k->base)->data_head,
			       __ATOMIC_ACQUIRE);
}

uint64_t kring_tail(const struct kring *k)
{
	return __atomic_load_n(&((struct perf_event_mmap_page *)k->base)->data_tail,
			       __ATOMIC_ACQUIRE);
}

void kring_set_tail(const struct kring *k, uint64_t tail)
{
	__atomic_store_n(&((struct perf_event_mmap_page *)k->base)->data_tail,
			 tail, __ATOMIC_RELEASE);
}

const char *krec_comm(const struct perf_event_header *h)
{
	/* header, u32 pid, u32 tid, char comm[] */
	return h->type == PERF_RECORD_COMM ? (const char *)h + 16 : NULL;
}

unsigned int comm_size(size_t namelen)
{
	/* header 8, pid/tid 8, the name padded with zeros to 8, TID|TIME */
	return (unsigned int)(8 + 8 + ((namelen + 1 + 7) & ~7ul) + 16);
}

struct fake_ring *kring_fake(const struct kring *k, bool backward)
{
	struct fake_ring_config cfg = {
		.page_size = k->page_size,
		.data_size = k->data_size,
		.backward = backward,
		.overwrite = k->overwrite,
		.lost_trailer = 16,	/* TID|TIME */
		.event_id = k->id,
	};
	char err[128];

	return fake_ring_new(&cfg, err, sizeof(err));
}

long kring_compare_data(const struct kring *k, const struct fake_ring *f)
{
	const uint8_t *a = k->base + k->page_size, *b = fake_ring_data(f);
	size_t i;

	for (i = 0; i < k->data_size; i++)
		if (a[i] != b[i])
			return (long)i;
	return -1;
}

void kcycles_mark(struct kcycles *c, const struct kring *k,
		  const struct krecs *got)
{
	if (c->n == 64)
		return;
	c->end[c->n] = got->n;
	c->tail[c->n++] = kring_tail(k);
}

long kring_replay_stream(const struct kring *k, const struct krecs *got,
			 const struct kcycles *c, char *why, size_t len)
{
	struct fake_ring *f = kring_fake(k, false);
	size_t i = 0, cy;
	long diff = -1;

	for (cy = 0; f && cy < c->n; cy++) {
		for (; i < c->end[cy]; i++) {
			const struct perf_event_header *h = krecs_at(got, i);

			if (h->type == PERF_RECORD_LOST) {
				snprintf(why, len, "a LOST in the stream");
				fake_ring_free(f);
				return -2;
			}
			if (fake_ring_write(f, h, h->size, NULL)) {
				snprintf(why, len, "fake_ring dropped record %zu "
					 "the kernel wrote", i);
				fake_ring_free(f);
				return 0;
			}
		}
		fake_ring_set_tail(f, c->tail[cy]);
	}
	if (!f)
		return 0;
	if (fake_ring_data_head(f) != kring_head(k) ||
	    fake_ring_data_tail(f) != kring_tail(k)) {
		snprintf(why, len, "head %llu tail %llu, the kernel's %llu %llu",
			 (unsigned long long)fake_ring_data_head(f),
			 (unsigned long long)fake_ring_data_tail(f),
			 (unsigned long long)kring_head(k),
			 (unsigned long long)kring_tail(k));
		diff = 0;
	} else {
		diff = kring_compare_data(k, f);
		if (diff >= 0)
			snprintf(why, len, "data byte %ld differs", diff);
	}
	fake_ring_free(f);
	return diff;
}
