// SPDX-License-Identifier: GPL-2.0-only

// cilium/ebpf's perf.Reader, black-box, on the real kernel: an XDP
// program (cilium's asm package, no compiler) copies the first 8 bytes of
// its packet, a sequence number, into bpf_perf_event_output on a
// PERF_EVENT_ARRAY; BPF_PROG_TEST_RUN runs it once per number, 1..N, on
// CPU 0. The truth is the writer's count: what the reader hands its user
// must be those numbers, in order, each once, with every gap equal to the
// LOST count reported in it, and delivered + lost = N (forward); on an
// overwritable ring (0.22) the records read after Pause must be the
// newest ones, newest first, with no gap, ending at N; after a sample
// larger than the ring, the records written after it and no more
// (overwritable_oversize.go, finding 73).
//
// Then Read's waiting loop against the kernel's wakeups (issue 26), one
// test a file (wake_each.go, watermark.go, wakeup_events.go,
// other_ring.go, deadline.go, flush.go, overflow.go, close_wait.go; what
// they share in wakeup_common.go): records written one at a time must
// reach Read exactly when the kernel wakes it, never before.
//
// usage: cilium_perf_test [TEST...], all tests without one.
// TAP on stdout, a known upstream defect met an XFAIL naming its finding
// (RINGCHECK_CILIUM_STRICT=1: a failure); exit 0 all passed, 1 a
// failure, 4 (kselftest SKIP) when the kernel or the privileges do not
// allow BPF here.
package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"runtime"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/perf"
	"golang.org/x/sys/unix"
)

// newWriter is the XDP program that writes the 8 bytes of its packet to
// the PERF_EVENT_ARRAY m, this CPU. counting: it returns the helper's own
// result, which BPF_PROG_TEST_RUN hands back (the kernel's count: 0 taken,
// -ENOSPC refused); otherwise XDP_PASS.
func newWriter(m *ebpf.Map, counting bool) (*ebpf.Program, error) {
	insns := asm.Instructions{
		asm.Mov.Reg(asm.R6, asm.R1),
		asm.LoadMem(asm.R2, asm.R1, 0, asm.Word), // data
		asm.LoadMem(asm.R3, asm.R1, 4, asm.Word), // data_end
		asm.Mov.Reg(asm.R4, asm.R2),
		asm.Add.Imm(asm.R4, 8),
		asm.JGT.Reg(asm.R4, asm.R3, "out"),
		asm.LoadMem(asm.R5, asm.R2, 0, asm.DWord),
		asm.StoreMem(asm.RFP, -8, asm.R5, asm.DWord),
		asm.Mov.Reg(asm.R1, asm.R6),
		asm.LoadMapPtr(asm.R2, m.FD()),
		asm.LoadImm(asm.R3, 0xffffffff, asm.DWord), // BPF_F_CURRENT_CPU
		asm.Mov.Reg(asm.R4, asm.RFP),
		asm.Add.Imm(asm.R4, -8),
		asm.Mov.Imm(asm.R5, 8),
		asm.FnPerfEventOutput.Call(),
	}
	if counting {
		insns = append(insns,
			asm.Return(), // the helper's result
			asm.Mov.Imm(asm.R0, -22).WithSymbol("out"), // -EINVAL
			asm.Return())
	} else {
		insns = append(insns,
			asm.Mov.Imm(asm.R0, 2).WithSymbol("out"), // XDP_PASS
			asm.Return())
	}
	return ebpf.NewProgram(&ebpf.ProgramSpec{
		Type:         ebpf.XDP,
		License:      "GPL",
		Instructions: insns,
	})
}

// write runs the program once with seq in its packet.
func write(p *ebpf.Program, seq uint64) error {
	pkt := make([]byte, 64)
	binary.LittleEndian.PutUint64(pkt, seq)
	_, err := p.Run(&ebpf.RunOptions{Data: pkt})
	return err
}

// seqOf is the sequence number of a sample (the first 8 bytes).
func seqOf(rec perf.Record) (uint64, error) {
	if len(rec.RawSample) < 8 {
		return 0, fmt.Errorf("a sample of %d bytes", len(rec.RawSample))
	}
	return binary.LittleEndian.Uint64(rec.RawSample), nil
}

// onCPU0 keeps the calling goroutine on one thread on CPU 0: every record
// goes to CPU 0's ring, in the order written.
func onCPU0() error {
	runtime.LockOSThread()
	var set unix.CPUSet
	set.Set(0)
	return unix.SchedSetaffinity(0, &set)
}

// forward: N records in bursts against a reader in another goroutine.
func forward(m *ebpf.Map, prog *ebpf.Program, n uint64) error {
	rd, err := perf.NewReader(m, os.Getpagesize())
	if err != nil {
		return fmt.Errorf("perf.NewReader: %w", err)
	}
	defer rd.Close()
	got := make(chan error, 1)
	var delivered, lost uint64
	go func() {
		var next uint64 = 1 // the lowest number not yet accounted for
		var gap uint64      // LOST reported since the last sample
		for {
			rec, err := rd.Read()
			if err != nil {
				got <- fmt.Errorf("Read: %w", err)
				return
			}
			if rec.LostSamples > 0 {
				gap += rec.LostSamples
				lost += rec.LostSamples
				continue
			}
			seq, err := seqOf(rec)
			if err != nil {
				got <- err
				return
			}
			if seq < next || seq-next != gap {
				got <- fmt.Errorf("record %d after %d: %d LOST reported in between, want %d", seq, next-1, gap, seq-next)
				return
			}
			if seq > n { // a closing record: every number accounted for
				lost -= seq - 1 - n // the closing records lost
				got <- nil
				return
			}
			delivered++
			next, gap = seq+1, 0
		}
	}()
	r := rand.New(rand.NewSource(1))
	for seq := uint64(1); seq <= n; {
		burst := uint64(r.Intn(400) + 1)
		for ; burst > 0 && seq <= n; burst, seq = burst-1, seq+1 {
			if err := write(prog, seq); err != nil {
				return fmt.Errorf("BPF_PROG_TEST_RUN: %w", err)
			}
		}
		runtime.Gosched()
	}
	// closing records N+1, N+2, ... until the reader has one: a LOST
	// pending is written before it, and the gap check accounts for all
	for i := uint64(1); i <= 50; i++ {
		if len(got) == 0 {
			if err := write(prog, n+i); err != nil {
				return err
			}
		}
		select {
		case err := <-got:
			if err == nil {
				if delivered+lost != n {
					return fmt.Errorf("%d delivered + %d lost != %d", delivered, lost, n)
				}
				fmt.Printf("# forward: %d delivered + %d lost = %d\n", delivered, lost, n)
				if lost == 0 {
					fmt.Printf("# forward: no loss this run\n")
				}
			}
			return err
		case <-sleep(20):
		}
	}
	return errors.New("the reader never saw the last record")
}

func main() {
	if err := onCPU0(); err != nil {
		fmt.Printf("1..0 # SKIP cannot run on CPU 0: %v\n", err)
		os.Exit(4)
	}
	m, err := ebpf.NewMap(&ebpf.MapSpec{Type: ebpf.PerfEventArray})
	if err != nil {
		fmt.Printf("1..0 # SKIP no PERF_EVENT_ARRAY here: %v\n", err)
		os.Exit(4)
	}
	defer m.Close()
	prog, err := newWriter(m, false)
	if err != nil {
		fmt.Printf("1..0 # SKIP cannot load an XDP program here: %v\n", err)
		os.Exit(4)
	}
	defer prog.Close()
	if err := write(prog, 0); err != nil {
		fmt.Printf("1..0 # SKIP BPF_PROG_TEST_RUN: %v\n", err)
		os.Exit(4)
	}
	counted, err := newWriter(m, true)
	if err != nil {
		fmt.Printf("1..0 # SKIP cannot load an XDP program here: %v\n", err)
		os.Exit(4)
	}
	defer counted.Close()
	tests := []struct {
		name string
		run  func() error
	}{
		{"forward", func() error { return forward(m, prog, 20000) }},
		{"overwritable", func() error { return overwritable(m, prog, 1000) }},
		// a sample larger than the ring, then 8 (finding 73)
		{"overwritable-oversize", func() error { return overwritableOversize(m, counted, 8, 8192) }},
		// Read's waiting loop against the kernel's wakeups
		{"wake-each", func() error { return wakeEach(m, counted, 100) }},
		{"watermark-100", func() error { return watermark(m, counted, 100, 40) }},
		// 40 records, as libbpf_poll_test and bcc_poll_test
		{"watermark-48", func() error { return watermark(m, counted, 48, 40) }},
		{"wakeup-events-1", func() error { return wakeupEvents(m, counted, 1, 40) }},
		{"wakeup-events-3", func() error { return wakeupEvents(m, counted, 3, 40) }},
		{"wakeup-events-7", func() error { return wakeupEvents(m, counted, 7, 40) }},
		{"other-ring", func() error { return otherRing(m, counted, 100) }},
		{"deadline", func() error { return deadline(m, counted, 100, 3) }},
		{"flush", func() error { return flushDrains(m, counted, 5) }},
		{"overflow", func() error { return overflow(m, counted, 1000) }},
		{"close", func() error { return closeWait(m, counted) }},
	}
	// tests named on the command line, alone (a finding's reproducer)
	if len(os.Args) > 1 {
		var only = tests[:0:0]
		for _, t := range tests {
			for _, name := range os.Args[1:] {
				if t.name == name {
					only = append(only, t)
				}
			}
		}
		tests = only
	}
	fmt.Printf("1..%d\n", len(tests))
	failed := 0
	for i, t := range tests {
		err := t.run()
		var skip skipError
		var known knownDefect
		switch {
		case errors.As(err, &skip):
			fmt.Printf("ok %d %s # SKIP %s\n", i+1, t.name, skip)
		case errors.As(err, &known):
			fmt.Printf("ok %d %s # XFAIL %s\n", i+1, t.name, known)
		case err != nil:
			fmt.Printf("not ok %d %s: %v\n", i+1, t.name, err)
			failed++
		default:
			fmt.Printf("ok %d %s\n", i+1, t.name)
		}
	}
	if failed > 0 {
		os.Exit(1)
	}
}
