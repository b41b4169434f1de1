// SPDX-License-Identifier: GPL-2.0-only

//go:build cilium_deadline

package main

import (
	"fmt"
	"os"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/perf"
)

// wakeupEvents: ReaderOptions.WakeupEvents k is the kernel's
// wakeup_events: Read must get records k at a time, exactly at every
// k-th (byEvents), and the rest with the final Flush.
func wakeupEvents(m *ebpf.Map, p *ebpf.Program, k, n uint64) error {
	rd, err := perf.NewReaderWithOptions(m, os.Getpagesize(),
		perf.ReaderOptions{WakeupEvents: int(k)})
	if err != nil {
		return fmt.Errorf("perf.NewReaderWithOptions: %w", err)
	}
	defer rd.Close()
	ch := feed(rd)
	next := uint64(1)
	worst, err := stepped(p, ch, &next, 1, n, byEvents(k))
	if err != nil {
		return fmt.Errorf("WakeupEvents %d: %w", k, err)
	}
	left := n + 1 - next
	if err := nothing(ch, longQuiet, fmt.Sprintf("with %d records short of WakeupEvents %d", left, k)); err != nil {
		return err
	}
	if _, err := finalFlush(rd, ch, &next, n); err != nil {
		return fmt.Errorf("WakeupEvents %d: %w", k, err)
	}
	fmt.Printf("# WakeupEvents %d: %d records, %d at a time (at most %v to Read), %d with Flush\n", k, n, k, worst, left)
	return nil
}
