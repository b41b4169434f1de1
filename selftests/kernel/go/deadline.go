// SPDX-License-Identifier: GPL-2.0-only

//go:build cilium_deadline

package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/perf"
)

// The deadline given to Read, and how early it may return: epoll_wait
// takes milliseconds and cilium truncates (internal/epoll: Milliseconds()).
const (
	deadlineIn = 300 * time.Millisecond
	truncation = time.Millisecond
)

// deadline: n records below the watermark (w bytes) do not wake Read,
// which must return no earlier than its SetDeadline; then either the
// records, in order, and os.ErrDeadlineExceeded ("after all records have
// been read from the ring", 0.22's Read) or ErrDeadlineExceeded alone
// ("Records from buffers below the Watermark are not returned", the same
// documentation): both pass. With a later deadline, crossing the
// watermark must wake Read well before it, with every record not yet
// delivered.
func deadline(m *ebpf.Map, p *ebpf.Program, w, n uint64) error {
	rd, err := perf.NewReaderWithOptions(m, os.Getpagesize(),
		perf.ReaderOptions{Watermark: int(w)})
	if err != nil {
		return fmt.Errorf("perf.NewReaderWithOptions: %w", err)
	}
	defer rd.Close()
	wakes := byBytes(recordSize, w)
	for k := uint64(1); k <= n; k++ {
		if wakes(k) {
			return fmt.Errorf("record %d would wake: n too large for watermark %d", k, w)
		}
		if err := putOK(p, k); err != nil {
			return err
		}
	}
	t0 := time.Now()
	rd.SetDeadline(t0.Add(deadlineIn))
	next := uint64(1)
	var first time.Duration = -1
	for {
		rec, err := rd.Read()
		if first < 0 {
			first = time.Since(t0)
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			break
		}
		if err != nil {
			return fmt.Errorf("Read with a deadline: %w", err)
		}
		seq, err := seqOf(rec)
		if err != nil {
			return err
		}
		if seq != next || seq > n {
			return fmt.Errorf("record %d where %d was due", seq, next)
		}
		next++
	}
	if first < deadlineIn-truncation {
		return fmt.Errorf("Read returned %v after SetDeadline(%v) with %d records below the watermark", first, deadlineIn, n)
	}
	if first > deadlineIn+waitBound {
		return fmt.Errorf("Read returned %v after its deadline of %v", first, deadlineIn)
	}
	outcome := fmt.Sprintf("the %d records, then ErrDeadlineExceeded", n)
	switch next - 1 {
	case n:
	case 0:
		outcome = "ErrDeadlineExceeded alone"
	default:
		return fmt.Errorf("%d of the %d records before ErrDeadlineExceeded", next-1, n)
	}
	// a deadline far away: the wakeup, not the deadline, must end the
	// wait (a Read past it would return ErrDeadlineExceeded to expect)
	later := time.Now().Add(2 * waitBound)
	rd.SetDeadline(later)
	ch := feed(rd)
	k := n + 1
	for !wakes(k) {
		k++
	}
	if _, err := stepped(p, ch, &next, n+1, k, wakes); err != nil {
		return fmt.Errorf("crossing the watermark with a deadline set: %w", err)
	}
	fmt.Printf("# deadline: first return %v after a deadline of %v: %s; crossing the watermark woke Read before the next deadline\n",
		first.Round(time.Millisecond), deadlineIn, outcome)
	return nil
}
