// SPDX-License-Identifier: GPL-2.0-only

//go:build cilium_deadline

package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/perf"
)

func isFlushed(err error) bool { return errors.Is(err, perf.ErrFlushed) }

// finalFlush: Flush "makes [Read] return all records currently in the
// ring buffer, followed by ErrFlushed" (0.22's documentation): records
// *next to n, then ErrFlushed, within waitBound.
func finalFlush(rd *perf.Reader, ch <-chan arrival, next *uint64, n uint64) (bool, error) {
	if err := rd.Flush(); err != nil {
		return true, fmt.Errorf("Flush: %w", err)
	}
	if *next <= n {
		if _, err := expect(ch, next, n); err != nil {
			return true, fmt.Errorf("after Flush: %w", err)
		}
	}
	select {
	case a := <-ch:
		if !isFlushed(a.err) {
			return true, fmt.Errorf("after Flush and record %d: record %d, LOST %d, error %v; want ErrFlushed", n, a.seq, a.lost, a.err)
		}
	case <-sleep(int(waitBound.Milliseconds())):
		return true, fmt.Errorf("no ErrFlushed within %v of Flush", waitBound)
	}
	return true, nil
}

// flushDrains: Read waits with n records below the watermark; Flush must
// bring them all, then ErrFlushed; Read then waits again (a record below
// the watermark wakes nobody) until Close ends it with ErrClosed.
func flushDrains(m *ebpf.Map, p *ebpf.Program, n uint64) error {
	w := uint64(os.Getpagesize() / 2) // far above n records
	rd, err := perf.NewReaderWithOptions(m, os.Getpagesize(),
		perf.ReaderOptions{Watermark: int(w)})
	if err != nil {
		return fmt.Errorf("perf.NewReaderWithOptions: %w", err)
	}
	ch := feed(rd)
	next := uint64(1)
	if _, err := stepped(p, ch, &next, 1, n, byBytes(recordSize, w)); err != nil {
		rd.Close()
		return err
	}
	if _, err := finalFlush(rd, ch, &next, n); err != nil {
		rd.Close()
		return err
	}
	if _, err := stepped(p, ch, &next, n+1, n+1, byBytes(recordSize, w)); err != nil {
		rd.Close()
		return fmt.Errorf("after the flush: %w", err)
	}
	took, err := closeAndEnd(rd, ch)
	if err != nil {
		return err
	}
	fmt.Printf("# flush: %d records below the watermark, then ErrFlushed; Close ended the next wait in %v\n", n, took)
	return nil
}
