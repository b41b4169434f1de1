// SPDX-License-Identifier: GPL-2.0-only
/*
 * ringcheck capture: runs a scenario on this kernel and saves the ring
 * image (fake_ring/ring_image.h) with the script that produced it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "capture.h"
#include "kring.h"
#include "ring_image.h"

#define MAX_EVENTS	1024

/* What the scenario made the kernel write, and what was seen of it. */
struct log {
	struct kring	k;
	struct krecs	seen;		/* every record the reader returned */
	char		op[2 * MAX_EVENTS];
	uint64_t	arg[2 * MAX_EVENTS];
	char		name[MAX_EVENTS][16];
	unsigned int	size[MAX_EVENTS];
	unsigned int	nops, nevents;
	bool		samples;	/* events matched in order, not by name */
};

static void comm(struct log *l, const char *fmt, unsigned int i)
{
	snprintf(l->name[l->nevents], 16, fmt, i);
	prctl(PR_SET_NAME, l->name[l->nevents]);
	l->size[l->nevents] = comm_size(strlen(l->name[l->nevents]));
	l->op[l->nops] = 'g';
	l->arg[l->nops++] = l->nevents++;
}

static void mark(struct log *l, char op)
{
	l->op[l->nops] = op;
	l->arg[l->nops++] = op == 't' ? kring_tail(&l->k) : 0;
	if (op == 'p' || op == 'r')
		kring_pause(&l->k, op == 'p');
}

static void cycle(struct log *l, enum kcycle how)
{
	kring_cycle(&l->k, how, &l->seen);
	if (how != KCYCLE_OVERWRITE)
		mark(l, 't');
}

static const struct perf_event_header *seen_event(const struct log *l,
						  unsigned int ev)
{
	size_t i, nth = 0;

	for (i = 0; i < l->seen.n; i++) {
		const struct perf_event_header *h = krecs_at(&l->seen, i);

		if (h->type == PERF_RECORD_LOST)
			continue;
		if (l->samples ? nth++ == ev
			       : krec_comm(h) && !strcmp(krec_comm(h),
							 l->name[ev]))
			return h;
	}
	return NULL;
}

static int run(struct log *l, const char *scenario)
{
	struct perf_event_attr attr;
	unsigned int i;
	int ret;

	if (!strcmp(scenario, "stack-user-wrap")) {
		long ps = sysconf(_SC_PAGESIZE);
		uint8_t *mem;

		memset(&attr, 0, sizeof(attr));
		attr.size = sizeof(attr);
		attr.type = PERF_TYPE_SOFTWARE;
		attr.config = PERF_COUNT_SW_PAGE_FAULTS;
		attr.sample_period = 1;
		attr.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID |
				   PERF_SAMPLE_TIME | PERF_SAMPLE_STACK_USER;
		attr.sample_stack_user = 8192;
		attr.disabled = 1;
		attr.exclude_kernel = 1;
		ret = kring_open(&l->k, &attr, 4, false);
		if (ret)
			return ret;
		l->samples = true;
		mem = mmap(NULL, 8 * ps, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		madvise(mem, 8 * ps, MADV_NOHUGEPAGE);
		kring_fault_deep(mem + 7 * ps);
		for (i = 0; i < 6; i++) {
			kring_enable(&l->k);
			kring_fault_deep(mem + i * ps);
			ioctl(l->k.fd, PERF_EVENT_IOC_DISABLE, 0);
			l->size[l->nevents] = 48 + 8192;
			l->op[l->nops] = 'g';
			l->arg[l->nops++] = l->nevents++;
			if (i < 5)
				cycle(l, KCYCLE_EACH);
		}
		munmap(mem, 8 * ps);
		return 0;
	}

	kring_comm_attr(&attr, !strcmp(scenario, "flight-recorder") ||
				      !strcmp(scenario, "pause-backward"));
	ret = kring_open(&l->k, &attr, 1, attr.write_backward);
	if (ret)
		return ret;
	kring_enable(&l->k);
	if (!strcmp(scenario, "comm-fill-lost")) {
		for (i = 0; i < 300; i++)
			comm(l, "f%u", i);
		cycle(l, KCYCLE_EACH);
		comm(l, "f%u", 300);
	} else if (!strcmp(scenario, "comm-wrap")) {
		for (i = 0; i < 250; i++) {
			comm(l, "wrap-%u", i);
			if (i % 20 == 19 && i < 240)
				cycle(l, KCYCLE_ONCE);
		}
	} else if (!strcmp(scenario, "flight-recorder")) {
		for (i = 0; i < 300; i++)
			comm(l, i < 200 ? "b%u" : "long-name-%04u", i);
	} else if (!strcmp(scenario, "pause-forward") ||
		   !strcmp(scenario, "pause-backward")) {
		comm(l, "p%u", 0);
		mark(l, 'p');
		for (i = 1; i <= 7; i++)
			comm(l, "p%u", i);
		mark(l, 'r');
		comm(l, "p%u", 8);
	} else {
		return -1;
	}
	return 0;
}

int ring_capture(const char *scenario, const char *dir, char *msg,
		 size_t msglen)
{
	struct log *l = calloc(1, sizeof(*l));
	struct ring_image img = { 0 };
	char path[4096];
	struct utsname u;
	unsigned int i;
	FILE *out;
	int ret;

	ret = run(l, scenario);
	if (ret) {
		snprintf(msg, msglen, "%s", ret == -1 && !l->k.why[0]
			 ? "no such scenario" : l->k.why);
		kring_close(&l->k);
		free(l);
		return ret == 4 ? 4 : -1;
	}
	/* what is still unread, without consuming it */
	if (l->k.overwrite)
		kring_pause(&l->k, true);
	kring_cycle(&l->k, KCYCLE_OVERWRITE, &l->seen);

	uname(&u);
	snprintf(img.kernel, sizeof(img.kernel), "%s", u.release);
	snprintf(img.scenario, sizeof(img.scenario), "%s", scenario);
	img.cfg = (struct fake_ring_config){
		.page_size = l->k.page_size,
		.data_size = l->k.data_size,
		.backward = l->k.overwrite,
		.overwrite = l->k.overwrite,
		.event_id = l->k.id,
		.lost_trailer = l->samples ? 0 : 16,
	};
	img.data_head = kring_head(&l->k);
	img.data_tail = kring_tail(&l->k);
	img.data = malloc(l->k.data_size);
	memcpy(img.data, l->k.base + l->k.page_size, l->k.data_size);
	for (i = 0; i < l->nops; i++) {
		const struct perf_event_header *h;

		if (l->op[i] != 'g') {
			ring_image_add_step(&img, l->op[i], 0, l->arg[i], NULL);
			continue;
		}
		h = seen_event(l, (unsigned int)l->arg[i]);
		if (h)
			ring_image_add_step(&img, 'w', h->size, 0, h);
		else
			ring_image_add_step(&img, 'd', l->size[l->arg[i]], 0,
					    NULL);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, u.release);
	mkdir(dir, 0755);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s.ring", dir, u.release, scenario);
	out = fopen(path, "w");
	if (!out) {
		snprintf(msg, msglen, "%s: %s", path, strerror(errno));
		ret = -1;
	} else {
		ring_image_write(out, &img);
		fclose(out);
		snprintf(msg, msglen, "%s", path);
	}
	ring_image_free(&img);
	krecs_free(&l->seen);
	kring_close(&l->k);
	free(l);
	return ret;
}

const char *const ring_capture_scenarios[] = {
	"comm-fill-lost", "comm-wrap", "flight-recorder", "pause-forward",
	"pause-backward", "stack-user-wrap", NULL,
};
