// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/hw_breakpoint.h>

#include "kernel_side.h"

static volatile uint64_t watched;

static void side_attr(struct perf_event_attr *attr, const struct seq *s,
		      bool samples)
{
	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	if (samples) {
		attr->type = PERF_TYPE_BREAKPOINT;
		attr->bp_type = HW_BREAKPOINT_W;
		attr->bp_addr = (uint64_t)(uintptr_t)&watched;
		attr->bp_len = HW_BREAKPOINT_LEN_8;
		attr->sample_period = 1;
	} else {
		attr->type = PERF_TYPE_SOFTWARE;
		attr->config = PERF_COUNT_SW_DUMMY;
	}
	attr->sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID |
			    PERF_SAMPLE_TIME;
	if (s && s->stack) {
		attr->sample_type |= PERF_SAMPLE_STACK_USER;
		attr->sample_stack_user = s->stack;
	}
	attr->comm = 1;
	attr->mmap = 1;
	attr->mmap_data = 1;
	attr->sample_id_all = 1;
	attr->disabled = 1;
	attr->exclude_kernel = 1;
	attr->exclude_hv = 1;
	attr->write_backward = s && seq_backward(s);
	if (s) {
		attr->watermark = s->watermark;
		attr->wakeup_events = s->wakeup;	/* or wakeup_watermark */
	}
}

bool kside_probe_breakpoints(char *why, size_t len)
{
	struct perf_event_attr attr;
	int fd;

	side_attr(&attr, NULL, true);
	fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1,
			  PERF_FLAG_FD_CLOEXEC);
	if (fd < 0) {
		snprintf(why, len, "no write watchpoint on this kernel (%s): "
			 "no breakpoint samples", strerror(errno));
		return false;
	}
	close(fd);
	return true;
}

int kside_open(struct kside *ks, const struct seq *s, const char *dir,
	       bool samples)
{
	struct perf_event_attr attr;

	memset(ks, 0, sizeof(*ks));
	snprintf(ks->dir, sizeof(ks->dir), "%s", dir);
	ks->samples = samples;
	ks->pid = (uint32_t)getpid();
	ks->tid = (uint32_t)gettid();
	side_attr(&attr, s, samples);
	return kring_open(&ks->k, &attr, s->pages, seq_overwrite(s));
}

void kside_close(struct kside *ks)
{
	kring_close(&ks->k);
}

/*
 * A record boundary of the unread part, which lies from data_tail to
 * data_head (forward) or from data_head to data_tail (backward), walked
 * lowest counter first. pick chooses how many records to release: the
 * oldest ones, which lie at the low end forward and at the high end
 * backward; ~0u releases all.
 */
static uint64_t boundary(const struct kring *k, bool backward,
			 unsigned int pick)
{
	uint64_t head = kring_head(k), tail = kring_tail(k);
	uint64_t lo = backward ? head : tail, hi = backward ? tail : head;
	uint64_t used = hi - lo, d = 0, b[SIDE_MAX_REPEAT + 1];
	unsigned int n = 0;

	while (d < used && n < SIDE_MAX_REPEAT) {
		struct perf_event_header h;

		b[n++] = lo + d;
		kring_peek(k, lo + d, &h, sizeof(h));
		if (h.size < 8 || h.size % 8 || h.size > used - d)
			break;
		d += h.size;
	}
	b[n] = lo + d;		/* hi, unless the walk stopped early */
	if (pick == ~0u)
		return backward ? lo : hi;
	pick %= n + 1;
	return backward ? b[n - pick] : b[pick];
}

static int mmap_file(struct kside *ks, const struct seq_op *op,
		     unsigned int step)
{
	char path[512], name[256];
	unsigned int r;
	int fd, ret = 0;

	seq_name(name, op->arg, step, 0);
	snprintf(path, sizeof(path), "%s/%s", ks->dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, 4096)) {
		snprintf(ks->k.why, sizeof(ks->k.why), "%.200s: %s", path,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	kring_enable(&ks->k);
	for (r = 0; r < op->repeat; r++) {
		void *p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);

		if (p == MAP_FAILED) {
			ret = -1;
			break;
		}
		ks->addr[r] = (uint64_t)(uintptr_t)p;
		munmap(p, 4096);
	}
	ioctl(ks->k.fd, PERF_EVENT_IOC_DISABLE, 0);
	close(fd);
	unlink(path);
	if (ret)
		snprintf(ks->k.why, sizeof(ks->k.why), "mmap: %s",
			 strerror(errno));
	return ret;
}

int kside_do(struct kside *ks, const struct seq *s, unsigned int step)
{
	const struct seq_op *op = &s->ops[step];
	char name[16];
	unsigned int r;

	if (op->repeat > SIDE_MAX_REPEAT)
		return -1;
	switch (op->kind) {
	case OP_COMM:
		kring_enable(&ks->k);
		for (r = 0; r < op->repeat; r++) {
			seq_name(name, op->arg, step, r);
			prctl(PR_SET_NAME, name);
		}
		ioctl(ks->k.fd, PERF_EVENT_IOC_DISABLE, 0);
		/* nothing of these may reach the ring, nor wake it */
		for (r = 0; r < s->disabled_comms; r++)
			prctl(PR_SET_NAME, "disabled");
		return 0;
	case OP_MMAP:
		return mmap_file(ks, op, step);
	case OP_SAMPLE:
		if (!ks->samples)
			return 0;
		kring_enable(&ks->k);
		kring_store_deep(&watched, op->repeat);
		ioctl(ks->k.fd, PERF_EVENT_IOC_DISABLE, 0);
		return 0;
	case OP_CONSUME:
		ks->tail = boundary(&ks->k, seq_backward(s), op->arg);
		kring_set_tail(&ks->k, ks->tail);
		return 0;
	case OP_PAUSE:
	case OP_RESUME:
		return kring_pause(&ks->k, op->kind == OP_PAUSE) ? -1 : 0;
	}
	return -1;
}
