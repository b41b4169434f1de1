// SPDX-License-Identifier: GPL-2.0-only

// ringcheck's adapter for cilium/ebpf 0.9's perf.Reader, added to the
// package (github.com/cilium/ebpf/perf) at build time by
// adapters/go/build.sh; the package's own files are used unmodified.
//
// A user of perf.Reader calls ReadInto in a loop. After each epoll
// wake-up ReadInto calls ring.loadHead() once, then readRecordFromRing()
// until it returns errEOR; readRecordFromRing() parses one record from
// data_tail (readRecord: header, then a LOST count or a raw sample's size
// and bytes, copied) and writes data_tail after it. One drain of this
// adapter is one such wake-up, on one ring: loadHead, then
// readRecordFromRing until errEOR. If a record ends the cycle early (an
// error handed to the user, or the suite's callback stopping it), the
// ring stays in ReadInto's epollRings and the next call reads on without
// loading the head again, as here.
//
// The ring: open_fd maps it as newPerfEventRing maps a perf fd
// (perfBufferSize of the data area, read-write, shared), and sets up the
// ringReader over the control page's data_offset and data_size with
// newRingReader, as newPerfEventRing does.
//
// What reaches the suite is what ReadInto hands its user, a Record: a
// sample's RawSample, a LOST record's LostSamples. Record keeps no
// header, so the adapter gives the suite the record the user was given:
// the header cilium read from the ring (type, misc) with the size of what
// it consumed (8 + 4 + len(RawSample)), the u32 size and RawSample; a LOST
// record as header, the id in the ring, and LostSamples, with the count
// passed as decoded.
//
// Declared: forward rings only; release per record (data_tail is written
// after each record, whose bytes are already copied); rings in use
// (newRingReader starts at data_tail); whole pages of the machine's page
// size (perfBufferSize uses os.Getpagesize()); raw samples only (any
// other record type is an error, "unknown event type": it is made for
// BPF-output rings); and a Go runtime, which installs SIGSEGV/SIGBUS
// handlers at load.
package perf

/*
#include <stdint.h>
#include <stdlib.h>
#include <linux/perf_event.h>
// the Go export below declares the entry itself (without const)
#define ringcheck_reader ringcheck_reader_declared_by_go
// a version-2 plugin: caps, open_fd, drain (reader.h)
#define RINGCHECK_READER_ABI 2
#include <ringcheck/reader.h>
#undef ringcheck_reader

uintptr_t goCiliumOpenFd(int fd, unsigned long page_size,
			 unsigned long data_size, int backward);
void goCiliumClose(uintptr_t h);
int goCiliumDrain(uintptr_t h, void *ctx, ringcheck_record_fn fn);

static void *cilium_open_fd(const struct ringcheck_fd_ring *r)
{
	return (void *)goCiliumOpenFd(r->fd, r->page_size, r->data_size,
				      r->backward);
}

static void cilium_close(void *r)
{
	goCiliumClose((uintptr_t)r);
}

static int cilium_drain(void *r, void *ctx, ringcheck_record_fn fn)
{
	return goCiliumDrain((uintptr_t)r, ctx, fn);
}

static int cilium_call(ringcheck_record_fn fn, void *ctx, const void *rec,
		       long long lost)
{
	return fn(ctx, rec, lost);
}

static struct ringcheck_reader_ops cilium_ops = {
	.abi_version	= RINGCHECK_READER_ABI_VERSION,
	.name		= "cilium-ebpf-0.9",
	.close		= cilium_close,
	.open_fd	= cilium_open_fd,
	.drain		= cilium_drain,
	.caps		= RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_RELEASE_RECORD |
			  RINGCHECK_CAP_RELEASE_CYCLE |
			  RINGCHECK_CAP_RING_IN_USE |
			  RINGCHECK_CAP_HOST_PAGE_SIZE_ONLY |
			  RINGCHECK_CAP_RAW_SAMPLES_ONLY |
			  RINGCHECK_CAP_RUNTIME_FAULT_HANDLERS,
};

static struct ringcheck_reader_ops *cilium_reader(void)
{
	return &cilium_ops;
}
*/
import "C"

import (
	"os"
	"sync"
	"unsafe"

	"github.com/cilium/ebpf/internal"
	"github.com/cilium/ebpf/internal/unix"
)

// One ring and the state ReadInto keeps for it.
type ringcheckAdapter struct {
	pr      *Reader
	ring    *perfEventRing
	rec     Record
	pending bool // still in ReadInto's epollRings: no loadHead
	// C memory the record is rebuilt in, grown as records need and kept:
	// an allocation a record would be the adapter's cost, not cilium's
	// (make bench times the drain)
	out    unsafe.Pointer
	outLen int
}

var (
	ringcheckMu      sync.Mutex
	ringcheckReaders = map[uintptr]*ringcheckAdapter{}
	ringcheckNext    uintptr
)

//export goCiliumOpenFd
func goCiliumOpenFd(fd C.int, pageSize, dataSize C.ulong, backward C.int) C.uintptr_t {
	pg := os.Getpagesize()
	if backward != 0 || int(pageSize) != pg || int(dataSize)%pg != 0 {
		return 0
	}
	dup, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return 0
	}
	// as newPerfEventRing, on the suite's fd instead of a new event
	mmap, err := unix.Mmap(dup, 0, perfBufferSize(int(dataSize)), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		unix.Close(dup)
		return 0
	}
	meta := (*unix.PerfEventMmapPage)(unsafe.Pointer(&mmap[0]))
	ring := &perfEventRing{
		fd:         dup,
		cpu:        0,
		mmap:       mmap,
		ringReader: newRingReader(meta, mmap[meta.Data_offset:meta.Data_offset+meta.Data_size]),
	}
	a := &ringcheckAdapter{
		pr:   &Reader{eventHeader: make([]byte, perfEventHeaderSize)},
		ring: ring,
	}
	ringcheckMu.Lock()
	ringcheckNext++
	h := ringcheckNext
	ringcheckReaders[h] = a
	ringcheckMu.Unlock()
	return C.uintptr_t(h)
}

//export goCiliumClose
func goCiliumClose(h C.uintptr_t) {
	ringcheckMu.Lock()
	a := ringcheckReaders[uintptr(h)]
	delete(ringcheckReaders, uintptr(h))
	ringcheckMu.Unlock()
	if a != nil {
		a.ring.Close()
		C.free(a.out)
	}
}

// The record the user was given, rebuilt in C memory for the suite.
func (a *ringcheckAdapter) deliver(start uint64, ctx unsafe.Pointer, fn C.ringcheck_record_fn) C.int {
	rr := a.ring.ringReader
	var hdr [24]byte
	for i := range hdr { // the bytes cilium read, from the ring
		hdr[i] = rr.ring[(start+uint64(i))&rr.mask]
	}
	typ := internal.NativeEndian.Uint32(hdr[0:4])
	lost := C.longlong(-1)
	n := 12 + len(a.rec.RawSample)
	if typ == unix.PERF_RECORD_LOST {
		n = 24
	}
	if n > a.outLen {
		a.out = C.realloc(a.out, C.size_t(n))
		if a.out == nil {
			a.outLen = 0
			return -1
		}
		a.outLen = n
	}
	out := unsafe.Slice((*byte)(a.out), n)
	if typ == unix.PERF_RECORD_LOST {
		copy(out, hdr[:16])
		internal.NativeEndian.PutUint64(out[16:], a.rec.LostSamples)
		lost = C.longlong(a.rec.LostSamples)
	} else {
		copy(out, hdr[:8])
		internal.NativeEndian.PutUint32(out[8:], uint32(len(a.rec.RawSample)))
		copy(out[12:], a.rec.RawSample)
	}
	internal.NativeEndian.PutUint16(out[6:], uint16(n))
	return C.cilium_call(fn, ctx, a.out, lost)
}

//export goCiliumDrain
func goCiliumDrain(h C.uintptr_t, ctx unsafe.Pointer, fn C.ringcheck_record_fn) C.int {
	ringcheckMu.Lock()
	a := ringcheckReaders[uintptr(h)]
	ringcheckMu.Unlock()
	if a == nil {
		return -1
	}
	ring := a.ring
	if !a.pending {
		// ReadInto, after the wake-up
		ring.loadHead()
		a.pending = true
	}
	for {
		start := ring.tail
		err := a.pr.readRecordFromRing(&a.rec, ring)
		if err == errEOR {
			a.pending = false
			return 0
		}
		if err != nil {
			return -1 // ReadInto returns it to the user
		}
		if a.deliver(start, ctx, fn) != 0 {
			return 0
		}
	}
}

//export ringcheck_reader
func ringcheck_reader() *C.struct_ringcheck_reader_ops {
	return C.cilium_reader()
}
