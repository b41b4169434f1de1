// SPDX-License-Identifier: GPL-2.0-only

// ringcheck's adapter for cilium/ebpf 0.22's perf.Reader, added to the
// package (github.com/cilium/ebpf/perf) at build time by
// adapters/go/build.sh; the package's own files are used unmodified.
//
// A user of perf.Reader calls ReadInto in a loop (an overwritable
// reader between Pause and Resume). After each epoll wake-up ReadInto
// calls ring.loadHead() once, then readRecordFromRing() until it returns
// errEOR; readRecordFromRing() parses one record from
// data_tail (readRecord: header, then a LOST count or a raw sample's size
// and bytes, copied) and writes data_tail after it (a forwardReader; a
// reverseReader reads from the head it loaded down to the previous one and
// writes nothing). One drain of this
// adapter is one such wake-up, on one ring: loadHead, then
// readRecordFromRing until errEOR. If a record ends the cycle early (an
// error handed to the user, or the suite's callback stopping it), the
// ring stays in ReadInto's epollRings and the next call reads on without
// loading the head again, as here.
//
// The ring: open_fd maps it as newPerfEventRing maps a perf fd
// (perfBufferSize of the data area, shared, read-only for an
// overwritable ring, else read-write), and sets up a reverseReader or a
// forwardReader over the control page's data_offset and data_size, as
// newPerfEventRing does (ReaderOptions.Overwritable: a backward ring).
//
// What reaches the suite is what ReadInto hands its user, a Record: a
// sample's RawSample, a LOST record's LostSamples. Record keeps no
// header, so the adapter gives the suite the record the user was given:
// the header cilium read from the ring (type, misc) with the size of what
// it consumed (8 + 4 + len(RawSample)), the u32 size and RawSample; a LOST
// record as header, the id in the ring, and LostSamples, with the count
// passed as decoded.
//
// Declared: forward and overwritable rings; release per record (data_tail is written
// after each record, whose bytes are already copied); rings in use
// (newForwardReader starts at data_tail); whole pages of the machine's page
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
	.name		= "cilium-ebpf-0.22",
	.close		= cilium_close,
	.open_fd	= cilium_open_fd,
	.drain		= cilium_drain,
	.caps		= RINGCHECK_CAP_FORWARD | RINGCHECK_CAP_OVERWRITE |
			  RINGCHECK_CAP_RELEASE_RECORD |
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
	if int(pageSize) != pg || int(dataSize)%pg != 0 {
		return 0
	}
	opts := ReaderOptions{Overwritable: backward != 0}
	// as newPerfEventRing, on the suite's fd instead of a new event
	protections := unix.PROT_READ
	if !opts.Overwritable {
		protections |= unix.PROT_WRITE
	}
	mmap, err := unix.Mmap(int(fd), 0, perfBufferSize(int(dataSize)), protections, unix.MAP_SHARED)
	if err != nil {
		return 0
	}
	meta := (*unix.PerfEventMmapPage)(unsafe.Pointer(&mmap[0]))
	var reader ringReader
	if opts.Overwritable {
		reader = newReverseReader(meta, mmap[meta.Data_offset:meta.Data_offset+meta.Data_size])
	} else {
		reader = newForwardReader(meta, mmap[meta.Data_offset:meta.Data_offset+meta.Data_size])
	}
	ring := &perfEventRing{
		cpu:        0,
		mmap:       mmap,
		ringReader: reader,
	}
	a := &ringcheckAdapter{
		pr: &Reader{
			eventHeader:  make([]byte, perfEventHeaderSize),
			overwritable: opts.Overwritable,
		},
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
		_ = a.ring.Close()
		C.free(a.out)
	}
}

// Where the next record starts, and the data area, in cilium's reader.
func (a *ringcheckAdapter) position() uint64 {
	switch rr := a.ring.ringReader.(type) {
	case *forwardReader:
		return rr.tail
	case *reverseReader:
		return rr.read
	}
	return 0
}

func (a *ringcheckAdapter) bytes() ([]byte, uint64) {
	switch rr := a.ring.ringReader.(type) {
	case *forwardReader:
		return rr.ring, rr.mask
	case *reverseReader:
		return rr.ring, rr.mask
	}
	return nil, 0
}

// The record the user was given, rebuilt in C memory for the suite.
func (a *ringcheckAdapter) deliver(start uint64, ctx unsafe.Pointer, fn C.ringcheck_record_fn) C.int {
	ring, mask := a.bytes()
	var hdr [24]byte
	for i := range hdr { // the bytes cilium read, from the ring
		hdr[i] = ring[(start+uint64(i))&mask]
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
		start := a.position()
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
