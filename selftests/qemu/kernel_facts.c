// SPDX-License-Identifier: GPL-2.0-only
/*
 * What differs between kernels, measured on the running one for the
 * per-kernel table of COVERAGE.md: the control page's version and
 * capability bits, a tracepoint id, the clamping of a PERF_SAMPLE_STACK_USER
 * dump. Prints "fact NAME VALUE" lines (selftests/qemu/run.sh collects
 * them); a fact that cannot be measured prints its reason as the value.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/perf_event.h>

static int open_event(struct perf_event_attr *attr)
{
	attr->size = sizeof(*attr);
	attr->disabled = 1;
	attr->exclude_kernel = 1;
	attr->exclude_hv = 1;
	return (int)syscall(SYS_perf_event_open, attr, 0, -1, -1,
			    PERF_FLAG_FD_CLOEXEC);
}

static void control_page(long ps)
{
	struct perf_event_attr attr = { .type = PERF_TYPE_SOFTWARE,
					.config = PERF_COUNT_SW_DUMMY };
	struct perf_event_mmap_page *pc;
	int fd = open_event(&attr);

	if (fd < 0) {
		printf("fact control_page perf_event_open: %s\n",
		       strerror(errno));
		return;
	}
	pc = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (pc == MAP_FAILED) {
		printf("fact control_page mmap: %s\n", strerror(errno));
		close(fd);
		return;
	}
	/* the kernel fills the page when the event is scheduled in */
	ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
	getppid();
	printf("fact version %u\nfact compat_version %u\n", pc->version,
	       pc->compat_version);
	printf("fact capabilities 0x%llx\n",
	       (unsigned long long)pc->capabilities);
	printf("fact cap_user_rdpmc %u\nfact cap_user_time %u\n"
	       "fact cap_user_time_zero %u\nfact cap_user_time_short %u\n",
	       (unsigned int)pc->cap_user_rdpmc,
	       (unsigned int)pc->cap_user_time,
	       (unsigned int)pc->cap_user_time_zero,
	       (unsigned int)pc->cap_user_time_short);
	printf("fact data_offset %llu\nfact data_size %llu\n",
	       (unsigned long long)pc->data_offset,
	       (unsigned long long)pc->data_size);
	ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
	munmap(pc, 2 * ps);
	close(fd);
}

static void tracepoint_id(void)
{
	static const char *const paths[] = {
		"/sys/kernel/tracing/events/syscalls/sys_enter_getpid/id",
		"/sys/kernel/debug/tracing/events/syscalls/sys_enter_getpid/id",
	};
	unsigned int i;

	for (i = 0; i < 2; i++) {
		FILE *f = fopen(paths[i], "r");
		long id;

		if (f && fscanf(f, "%ld", &id) == 1) {
			printf("fact tracepoint_sys_enter_getpid %ld\n", id);
			fclose(f);
			return;
		}
		if (f)
			fclose(f);
	}
	printf("fact tracepoint_sys_enter_getpid no tracefs\n");
}

/* The fault under a 96 KiB resident frame: the dump can be whole. */
static void __attribute__((noinline)) fault_deep(volatile uint8_t *page)
{
	volatile uint8_t frame[96 * 1024];

	memset((void *)frame, 0x5a, sizeof(frame));
	*page = 1;
	frame[0] = frame[sizeof(frame) - 1];
}

/* One page-fault sample with the largest dump asked for: how the kernel
 * clamps it (record size, dump size, dyn_size of a resident stack). */
static void stack_user(long ps)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_PAGE_FAULTS,
		.sample_period = 1,
		.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID |
			       PERF_SAMPLE_TIME | PERF_SAMPLE_STACK_USER,
		.sample_stack_user = 65528,
	};
	struct perf_event_header h;
	uint8_t *ring, *mem, *data;
	uint64_t size, dyn;
	int fd = open_event(&attr);

	if (fd < 0) {
		printf("fact stack_user_65528 perf_event_open: %s\n",
		       strerror(errno));
		return;
	}
	ring = mmap(NULL, 33 * ps, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	mem = mmap(NULL, 2 * ps, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ring == MAP_FAILED || mem == MAP_FAILED) {
		printf("fact stack_user_65528 mmap: %s\n", strerror(errno));
		close(fd);
		return;
	}
	fault_deep(mem + ps);		/* the frame's pages resident */
	ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
	fault_deep(mem);
	ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
	data = ring + ps;
	memcpy(&h, data, sizeof(h));
	memcpy(&size, data + 32, 8);
	memcpy(&dyn, data + h.size - 8, 8);
	printf("fact stack_user_65528 record %u, dump %llu\n", h.size,
	       (unsigned long long)size);
	printf("fact stack_user_65528_dyn_size %llu\n",
	       (unsigned long long)dyn);
	munmap(mem, 2 * ps);
	munmap(ring, 33 * ps);
	close(fd);
}

int main(void)
{
	long ps = sysconf(_SC_PAGESIZE);
	struct utsname u;
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
	int paranoid = -9;

	uname(&u);
	printf("fact release %s\nfact machine %s\n", u.release, u.machine);
	if (f && fscanf(f, "%d", &paranoid) == 1)
		printf("fact perf_event_paranoid %d\n", paranoid);
	if (f)
		fclose(f);
	control_page(ps);
	tracepoint_id();
	stack_user(ps);
	return 0;
}
