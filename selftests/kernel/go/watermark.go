// SPDX-License-Identifier: GPL-2.0-only

package main

import (
	"fmt"
	"os"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/perf"
)

// longQuiet is how long the records left below the watermark are
// watched before the final flush: they must stay in the ring.
const longQuiet = 300 * time.Millisecond

// watermark: NewReaderWithOptions with Watermark w bytes. Records written
// one at a time must reach Read exactly when the kernel's byte watermark
// wakes (byBytes), none before; those left below it must stay there
// (longQuiet), then all come with the final Flush (0.22) and, in both
// versions, once the watermark is crossed. w = 2 records (48 bytes) is
// finding 74: cilium documents a wakeup at "at least Watermark bytes",
// the kernel's is strictly more than w bytes past its last mark.
func watermark(m *ebpf.Map, p *ebpf.Program, w, n uint64) error {
	rd, err := perf.NewReaderWithOptions(m, os.Getpagesize(),
		perf.ReaderOptions{Watermark: int(w)})
	if err != nil {
		return fmt.Errorf("perf.NewReaderWithOptions: %w", err)
	}
	defer rd.Close()
	ch := feed(rd)
	wakes := byBytes(recordSize, w)
	next := uint64(1)
	worst, err := stepped(p, ch, &next, 1, n, wakes)
	if err != nil {
		return fmt.Errorf("watermark %d: %w", w, err)
	}
	left := n + 1 - next
	if err := nothing(ch, longQuiet, fmt.Sprintf("with %d records below the watermark", left)); err != nil {
		return fmt.Errorf("watermark %d: %w", w, err)
	}
	how := "crossing the watermark"
	if flushed, err := finalFlush(rd, ch, &next, n); err != nil {
		return fmt.Errorf("watermark %d: %w", w, err)
	} else if flushed {
		how = "Flush"
	}
	// the next record to wake, and those up to it, bring the rest
	k := n + 1
	for !wakes(k) {
		k++
	}
	if _, err := stepped(p, ch, &next, n+1, k, wakes); err != nil {
		return fmt.Errorf("watermark %d, crossing it: %w", w, err)
	}
	fmt.Printf("# watermark %d: %d records woke as the kernel's rule says (at most %v to Read), %d left below it came with %s\n",
		w, n, worst, left, how)
	return nil
}
