// SPDX-License-Identifier: GPL-2.0-only

package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/perf"
)

// settle is how long the loop is left to go back into its wait after a
// record: only so that Close finds it in epoll_wait; if the machine is
// too busy for that, Close meets Read earlier, which it must handle too.
const settle = 100 * time.Millisecond

// closeWait: Close while Read waits in epoll. Both versions document that
// Close interrupts Read with (an error wrapping) perf.ErrClosed: it must,
// within waitBound (the time is reported), and a Read after it must
// return ErrClosed at once. Neither version documents draining at Close
// (0.22 documents Flush for that: see flushDrains), so records still in
// the ring are not asked for here.
func closeWait(m *ebpf.Map, p *ebpf.Program) error {
	rd, err := perf.NewReader(m, os.Getpagesize())
	if err != nil {
		return fmt.Errorf("perf.NewReader: %w", err)
	}
	ch := feed(rd)
	next := uint64(1)
	if _, err := stepped(p, ch, &next, 1, 1, func(uint64) bool { return true }); err != nil {
		rd.Close()
		return err
	}
	time.Sleep(settle)
	took, err := closeAndEnd(rd, ch)
	if err != nil {
		return err
	}
	t := time.Now()
	if _, err := rd.Read(); !errors.Is(err, perf.ErrClosed) {
		return fmt.Errorf("Read on a closed reader: %v, want perf.ErrClosed", err)
	}
	fmt.Printf("# close: the waiting Read ended with ErrClosed %v after Close, the next one in %v\n", took, time.Since(t))
	return nil
}
