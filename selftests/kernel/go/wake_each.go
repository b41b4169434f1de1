// SPDX-License-Identifier: GPL-2.0-only

package main

import (
	"fmt"
	"os"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/perf"
)

// wakeEach: perf.NewReader, upstream's default, asks the kernel to wake
// at every byte (a watermark of 1): each record, written alone, must
// reach Read by itself, while the loop waits in epoll, in order.
func wakeEach(m *ebpf.Map, p *ebpf.Program, n uint64) error {
	rd, err := perf.NewReader(m, os.Getpagesize())
	if err != nil {
		return fmt.Errorf("perf.NewReader: %w", err)
	}
	ch := feed(rd)
	next := uint64(1)
	worst, err := stepped(p, ch, &next, 1, n, func(uint64) bool { return true })
	if err != nil {
		rd.Close()
		return err
	}
	if _, err := closeAndEnd(rd, ch); err != nil {
		return err
	}
	if next-1 != n {
		return fmt.Errorf("%d records delivered, %d written", next-1, n)
	}
	fmt.Printf("# wake-each: %d records, each alone, at most %v from write to Read\n", n, worst)
	return nil
}
