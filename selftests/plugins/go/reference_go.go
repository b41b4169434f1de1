// SPDX-License-Identifier: GPL-2.0-only

// The reference reader inside a Go c-shared library, to test how ringcheck
// handles a language runtime that installs SIGSEGV/SIGBUS handlers at load
// (run_go.sh). Every read_init goes through Go, so the runtime runs in
// every case. The variant is set at link time (-X main.variant=...):
//
//	declared:   declares RINGCHECK_CAP_RUNTIME_FAULT_HANDLERS; must pass
//	undeclared: does not; the runtime's handlers must refuse it at load
//	guard-read: declared; in a call it puts the runtime's SIGSEGV handler
//	            back and reads the guard page below the control page,
//	            recovering from the fault: the case must fail
package main

/*
#cgo CFLAGS: -D_GNU_SOURCE
#include <signal.h>
#include <string.h>
// the Go export below declares the entry itself (without const)
#define ringcheck_reader ringcheck_reader_declared_by_go
// a version-2 plugin: caps, open_fd, drain (reader.h)
#define RINGCHECK_READER_ABI 2
#include <ringcheck/reader.h>
#undef ringcheck_reader

const struct ringcheck_reader_ops *reference_ringcheck_reader(void);

static const struct ringcheck_reader_ops *ref;
static struct ringcheck_reader_ops go_ops;
static struct sigaction runtime_segv;	// the Go runtime's, at load
static void *last_base;

int goReadInit(void *r);

static void *go_open(const struct ringcheck_ring *ring)
{
	last_base = ring->base;
	return ref->open(ring);
}

static int go_read_init(void *r)
{
	return goReadInit(r);
}

static int ref_read_init(void *r)
{
	return ref->read_init(r);
}

static void *ring_base(void)
{
	return last_base;
}

static void take_segv_back(void)
{
	sigaction(SIGSEGV, &runtime_segv, NULL);
}

static const struct ringcheck_reader_ops *go_wrap(int declared)
{
	sigaction(SIGSEGV, NULL, &runtime_segv);
	ref = reference_ringcheck_reader();
	go_ops = *ref;
	go_ops.name = "go-reference";
	go_ops.open = go_open;
	go_ops.read_init = go_read_init;
	go_ops.open_fd = NULL;	// the suite maps, as for the wild plugins
	go_ops.drain = NULL;
	if (declared)
		go_ops.caps |= RINGCHECK_CAP_RUNTIME_FAULT_HANDLERS;
	return &go_ops;
}
*/
import "C"

import (
	"runtime/debug"
	"unsafe"
)

var variant = "declared"

// the read's value goes here, so that the compiler keeps the read
var sink byte

// guardRead reads the byte below the control page (a guard page) with the
// runtime's handler in place and recovers from the fault it raises.
func guardRead() {
	C.take_segv_back()
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() { _ = recover() }()
	sink = *(*byte)(unsafe.Add(C.ring_base(), -1))
}

//export goReadInit
func goReadInit(r unsafe.Pointer) C.int {
	if variant == "guard-read" {
		guardRead()
	}
	return C.ref_read_init(r)
}

//export ringcheck_reader
func ringcheck_reader() *C.struct_ringcheck_reader_ops {
	declared := C.int(0)
	if variant != "undeclared" {
		declared = 1
	}
	return C.go_wrap(declared)
}

func main() {}
