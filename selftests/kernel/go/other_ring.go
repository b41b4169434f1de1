// SPDX-License-Identifier: GPL-2.0-only

package main

import (
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/perf"
	"golang.org/x/sys/unix"
)

// onCPU moves the calling goroutine's thread (locked by onCPU0) to cpu.
func onCPU(cpu int) error {
	var set unix.CPUSet
	set.Set(cpu)
	return unix.SchedSetaffinity(0, &set)
}

// otherRing: a ring that has records but no wakeup (CPU 1's, below the
// watermark) when another ring (CPU 0's) wakes Read. cilium documents
// "Records from buffers below the Watermark are not returned", and 0.9
// reads only the rings epoll reported; 0.22 reads every ring after any
// wakeup (finding 74). Both pass: CPU 1's records come all together, in
// order, with CPU 0's wakeup or with CPU 1's own, none before a wakeup,
// none lost; CPU 0's come exactly at its wakeup, as in watermark.
func otherRing(m *ebpf.Map, p *ebpf.Program, w uint64) error {
	if runtime.NumCPU() < 2 || m.MaxEntries() < 2 {
		return skipError("one CPU here: no other ring")
	}
	rd, err := perf.NewReaderWithOptions(m, os.Getpagesize(),
		perf.ReaderOptions{Watermark: int(w)})
	if err != nil {
		return fmt.Errorf("perf.NewReaderWithOptions: %w", err)
	}
	defer rd.Close()
	ch := feed(rd)
	wakes := byBytes(recordSize, w)
	// CPU 1: 1001, 1002, ... while none wakes
	var on1 uint64
	if err := onCPU(1); err != nil {
		return skipError(fmt.Sprintf("cannot run on CPU 1: %v", err))
	}
	for on1 = 0; !wakes(on1 + 1); on1++ {
		if err := putOK(p, 1000+on1+1); err != nil {
			onCPU(0)
			return err
		}
	}
	if err := onCPU(0); err != nil {
		return err
	}
	if err := nothing(ch, longQuiet, fmt.Sprintf("with %d records below the watermark on CPU 1", on1)); err != nil {
		return err
	}
	// CPU 0: 1, 2, ... to its first wakeup
	k := uint64(1)
	for ; !wakes(k); k++ {
		if err := putOK(p, k); err != nil {
			return err
		}
	}
	if err := nothing(ch, quiet, "before CPU 0's wakeup"); err != nil {
		return err
	}
	if err := putOK(p, k); err != nil {
		return err
	}
	next0, next1 := uint64(1), uint64(1001)
	timeout := time.After(waitBound)
	take := func(a arrival) error {
		switch {
		case a.err != nil:
			return fmt.Errorf("Read: %w", a.err)
		case a.lost > 0:
			return fmt.Errorf("LOST %d", a.lost)
		case a.cpu == 0 && a.seq == next0:
			next0++
		case a.cpu == 1 && a.seq == next1:
			next1++
		default:
			return fmt.Errorf("record %d of CPU %d where %d (CPU 0) or %d (CPU 1) was due", a.seq, a.cpu, next0, next1)
		}
		return nil
	}
	for next0 <= k {
		select {
		case a := <-ch:
			if err := take(a); err != nil {
				return err
			}
		case <-timeout:
			return fmt.Errorf("CPU 0's wakeup: records %d to %d not delivered within %v", next0, k, waitBound)
		}
	}
	// CPU 1's, if they came with it, may be read after CPU 0's
	for end := time.After(longQuiet); next1 > 1001 && next1 <= 1000+on1; {
		select {
		case a := <-ch:
			if err := take(a); err != nil {
				return err
			}
		case <-end:
			return fmt.Errorf("%d of CPU 1's %d records came with CPU 0's wakeup", next1-1001, on1)
		}
	}
	outcome := "with CPU 0's wakeup (all rings read)"
	if next1 == 1001 {
		outcome = "only with CPU 1's own wakeup (the woken ring only)"
	}
	if err := nothing(ch, longQuiet, "after CPU 0's wakeup"); err != nil {
		return err
	}
	// CPU 1's own wakeup brings whatever of it is left
	if err := onCPU(1); err != nil {
		return err
	}
	err = putOK(p, 1000+on1+1)
	onCPU(0)
	if err != nil {
		return err
	}
	timeout = time.After(waitBound)
	for next1 <= 1000+on1+1 {
		select {
		case a := <-ch:
			if err := take(a); err != nil {
				return err
			}
		case <-timeout:
			return fmt.Errorf("CPU 1's wakeup: records %d to %d not delivered within %v", next1, 1000+on1+1, waitBound)
		}
	}
	fmt.Printf("# other ring: %d records below the watermark on CPU 1 came %s\n", on1, outcome)
	return nil
}
