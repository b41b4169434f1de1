// SPDX-License-Identifier: GPL-2.0-only
/*
 * libbpf's perf_buffer behind the ringcheck plugin ABI (fd and callback
 * entries): build/plugins/libbpf-linux-X.Y.so, linked statically with the
 * libbpf.a that libbpf's own Makefile builds (position-independent) from
 * the tools/lib/bpf of Debian's newest linux-source X.Y, whose code is used
 * unmodified. (Debian's libbpf-dev cannot be used: its libbpf.a is not
 * position-independent, and its libbpf.so binds syscall() in the C
 * library, out of this plugin's reach.)
 *
 * The user's code is libbpf's raw perf buffer, the one that hands each
 * record as it is (bpftool's "map event_pipe" uses it):
 *	pb = perf_buffer__new_raw(map_fd, page_cnt, &attr, event_cb, ctx,
 *				  &(struct perf_buffer_raw_opts){ cpu_cnt 1 });
 *	perf_buffer__consume_buffer(pb, 0);	... one cycle
 * perf_buffer__consume_buffer() runs perf_event_read_simple() over the
 * ring: head read once, each record (copied if it wraps) to event_cb, the
 * tail written once at the end. event_cb returning LIBBPF_PERF_EVENT_DONE
 * stops the cycle.
 *
 * perf_buffer__new_raw() opens the perf event and registers it in a
 * PERF_EVENT_ARRAY BPF map itself. To give it the suite's ring instead,
 * and nothing else, this plugin interposes, for libbpf's calls only (the
 * plugin is linked -Bsymbolic, so the definitions below bind libbpf.a's
 * references and no one else's):
 *  - syscall(__NR_perf_event_open): returns a dup of the ring's fd (the
 *    memfd the suite hands to open_fd) while open_fd runs;
 *  - syscall(__NR_bpf): BPF_OBJ_GET_INFO_BY_FD on the fake map fd answers
 *    "PERF_EVENT_ARRAY, 1 entry"; BPF_MAP_UPDATE_ELEM/DELETE_ELEM on it
 *    succeed (no BPF program writes here: the suite is the writer);
 *  - ioctl(PERF_EVENT_IOC_ENABLE/DISABLE) on the ring's fd: 0 (a memfd
 *    has no such ioctl; the suite's writer is always on);
 *  - epoll_ctl on the ring's fd: 0 (a memfd cannot be polled; the suite
 *    calls consume itself, perf_buffer__poll() is not used);
 *  - getpagesize(): the ring's page size, as on a machine of that page
 *    size (libbpf maps page_size * (page_cnt + 1)).
 * Everything else goes to the C library. mmap, the read loop and the
 * tail write are libbpf's own.
 *
 * Not supported, declared: backward rings (perf_buffer maps read-write
 * and reads forward), push, data areas that are not a power-of-two number
 * of whole pages (page_cnt). LOST records reach event_cb as records; the
 * raw user decodes them, so the plugin passes -1 (not decoded).
 */
/* written against version 2 of the plugin ABI (reader.h) */
#define RINGCHECK_READER_ABI 2
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <bpf/libbpf.h>
#include <ringcheck/reader.h>

/* an fd number no real file has: the "PERF_EVENT_ARRAY map" */
#define FAKE_MAP_FD	(1 << 29)

static int ring_fd = -1;		/* the ring's fd while open_fd runs */
static int pb_fd = -1;			/* the dup libbpf was given */
static unsigned long ring_page_size;

struct libbpf_adapter {
	struct perf_buffer	*pb;
	void			*ctx;
	ringcheck_record_fn	 fn;
};

static long real_syscall(long nr, long a, long b, long c, long d, long e,
			 long f)
{
	static long (*next)(long, ...);

	if (!next)
		next = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	return next(nr, a, b, c, d, e, f);
}

static int fake_bpf(int cmd, union bpf_attr *attr)
{
	struct bpf_map_info *info;

	switch (cmd) {
	case BPF_OBJ_GET_INFO_BY_FD:
		if (attr->info.bpf_fd != FAKE_MAP_FD)
			break;
		info = (struct bpf_map_info *)(uintptr_t)attr->info.info;
		memset(info, 0, attr->info.info_len);
		if (attr->info.info_len >= offsetof(struct bpf_map_info,
						    max_entries) + 4) {
			info->type = BPF_MAP_TYPE_PERF_EVENT_ARRAY;
			info->key_size = 4;
			info->value_size = 4;
			info->max_entries = 1;
		}
		return 0;
	case BPF_MAP_UPDATE_ELEM:
	case BPF_MAP_DELETE_ELEM:
		if (attr->map_fd == FAKE_MAP_FD)
			return 0;
		break;
	}
	errno = EINVAL;
	return -1;
}

long syscall(long nr, ...)
{
	long a[6];
	va_list ap;
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == __NR_perf_event_open && ring_fd >= 0) {
		pb_fd = dup(ring_fd);
		return pb_fd;
	}
	if (nr == __NR_bpf)
		return fake_bpf((int)a[0], (union bpf_attr *)a[1]);
	return real_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	long arg;

	va_start(ap, req);
	arg = va_arg(ap, long);
	va_end(ap);
	if (fd == pb_fd && (req == PERF_EVENT_IOC_ENABLE ||
			    req == PERF_EVENT_IOC_DISABLE))
		return 0;
	return (int)real_syscall(__NR_ioctl, fd, (long)req, arg, 0, 0, 0);
}

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev)
{
	if (fd == pb_fd)
		return 0;
	return (int)real_syscall(__NR_epoll_ctl, epfd, op, fd, (long)ev, 0,
				 0);
}

int getpagesize(void)
{
	return ring_page_size ? (int)ring_page_size
			      : (int)sysconf(_SC_PAGESIZE);
}

static enum bpf_perf_event_ret libbpf_event(void *p, int cpu,
					    struct perf_event_header *h)
{
	struct libbpf_adapter *a = p;

	return a->fn(a->ctx, h, -1) ? LIBBPF_PERF_EVENT_DONE
				    : LIBBPF_PERF_EVENT_CONT;
}

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	return 0;
}

static void *libbpf_open_fd(const struct ringcheck_fd_ring *ring)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr), .type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_BPF_OUTPUT,
		.sample_type = PERF_SAMPLE_RAW,
	};
	int cpus[1] = { 0 }, keys[1] = { 0 };
	struct perf_buffer_raw_opts opts = {
		.sz = sizeof(opts), .cpu_cnt = 1, .cpus = cpus,
		.map_keys = keys,
	};
	unsigned long pages = ring->data_size / ring->page_size;
	struct libbpf_adapter *a;

	if (ring->backward || ring->data_size % ring->page_size)
		return NULL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	libbpf_set_print(libbpf_quiet);
	ring_page_size = ring->page_size;
	ring_fd = ring->fd;
	a->pb = perf_buffer__new_raw(FAKE_MAP_FD, pages, &attr,
				     libbpf_event, a, &opts);
	ring_fd = -1;
	if (!a->pb) {
		free(a);
		return NULL;
	}
	return a;
}

static void libbpf_close(void *r)
{
	struct libbpf_adapter *a = r;

	perf_buffer__free(a->pb);
	free(a);
}

static int libbpf_drain(void *r, void *ctx, ringcheck_record_fn fn)
{
	struct libbpf_adapter *a = r;
	int err;

	a->ctx = ctx;
	a->fn = fn;
	err = perf_buffer__consume_buffer(a->pb, 0);
	return err < 0 ? -1 : 0;
}

static const struct ringcheck_reader_ops libbpf_ops = {
	.abi_version	= RINGCHECK_READER_ABI_VERSION,
	.name		= "libbpf-" LIBBPF_VERSION,
	.close		= libbpf_close,
	.open_fd	= libbpf_open_fd,
	.drain		= libbpf_drain,
	/*
	 * Forward; the tail is written once when the cycle ends; it starts
	 * at data_tail. page_cnt is a power of two of whole pages.
	 */
	.caps		= RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_RELEASE_CYCLE |
			  RINGCHECK_CAP_RING_IN_USE,
};

const struct ringcheck_reader_ops *ringcheck_reader(void)
{
	return &libbpf_ops;
}
