// SPDX-License-Identifier: GPL-2.0-only

// What the wakeup tests share: a writer that reports the kernel's verdict
// on each record, the user's loop of Read in a goroutine of its own, and
// a lock-step driver that tells when the reader must, and must not, have
// been woken. The truth is the kernel's: the helper's return value for
// each record (0 written, -ENOSPC lost), and the wakeup rule of the ABI
// that selftests/kernel/wakeups_test.c counts exactly on this kernel.
package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/perf"
)

// Every record of the writer: 8 bytes of header, the u32 raw size and 8
// bytes of data, padded to 8 by the kernel (PERF_SAMPLE_RAW).
const recordSize = 24

// waitBound is how long a record the kernel woke the reader for may take
// to reach the user: only a bound against a hang, the measured latency is
// well under a millisecond, but 4 other sessions share the 2 cores here
// and a goroutine can wait seconds for a CPU (load averages of 25 seen).
const waitBound = 10 * time.Second

// quiet is how long a record that wakes nobody is watched for: arriving
// later is caught by the next window or the final one, so a busy machine
// can only make a quiet window miss a wrong wakeup, never invent one.
const quiet = 30 * time.Millisecond

const enospc = -28

// put writes seq and returns what bpf_perf_event_output returned.
func put(p *ebpf.Program, seq uint64) (int32, error) {
	pkt := make([]byte, 64)
	binary.LittleEndian.PutUint64(pkt, seq)
	ret, err := p.Run(&ebpf.RunOptions{Data: pkt})
	if err != nil {
		return 0, fmt.Errorf("BPF_PROG_TEST_RUN: %w", err)
	}
	return int32(ret), nil
}

// putOK writes seq, which the kernel must take (no test here fills the
// ring but the overflow one).
func putOK(p *ebpf.Program, seq uint64) error {
	ret, err := put(p, seq)
	if err == nil && ret != 0 {
		err = fmt.Errorf("record %d: bpf_perf_event_output returned %d", seq, ret)
	}
	return err
}

// arrival is what one Read returned, and when.
type arrival struct {
	seq  uint64 // the sample's number (0 with lost or err)
	cpu  int    // the ring's
	lost uint64 // a LOST record's count
	err  error
	at   time.Time
}

// feed runs the user's loop, Read after Read, as upstream's examples do,
// in a goroutine of its own, and hands on each result, timed. It ends at
// the first error but ErrFlushed, after which 0.22 documents Read as
// usable again.
func feed(rd *perf.Reader) <-chan arrival {
	ch := make(chan arrival, 1<<14)
	go func() {
		defer close(ch)
		for {
			rec, err := rd.Read()
			a := arrival{err: err, at: time.Now(), cpu: rec.CPU}
			if err == nil {
				if rec.LostSamples > 0 {
					a.lost = rec.LostSamples
				} else {
					a.seq, a.err = seqOf(rec)
				}
			}
			ch <- a
			if a.err != nil && !isFlushed(a.err) {
				return
			}
		}
	}()
	return ch
}

// expect takes arrivals until seq `to`: each the next number in turn, no
// LOST, no error, all within waitBound. *next is the lowest number not
// yet delivered. It returns when `to` arrived.
func expect(ch <-chan arrival, next *uint64, to uint64) (time.Time, error) {
	timeout := time.After(waitBound)
	for *next <= to {
		select {
		case a, ok := <-ch:
			switch {
			case !ok:
				return time.Time{}, errors.New("the reader's loop ended")
			case a.err != nil:
				return time.Time{}, fmt.Errorf("Read with record %d due: %w", *next, a.err)
			case a.lost > 0:
				return time.Time{}, fmt.Errorf("LOST %d with record %d due", a.lost, *next)
			case a.seq != *next:
				return time.Time{}, fmt.Errorf("record %d where %d was due", a.seq, *next)
			}
			*next++
			if a.seq == to {
				return a.at, nil
			}
		case <-timeout:
			return time.Time{}, fmt.Errorf("records %d to %d not delivered within %v", *next, to, waitBound)
		}
	}
	return time.Time{}, nil
}

// nothing checks that no Read returns within d.
func nothing(ch <-chan arrival, d time.Duration, after string) error {
	select {
	case a, ok := <-ch:
		if !ok {
			return fmt.Errorf("the reader's loop ended %s", after)
		}
		return fmt.Errorf("Read returned (record %d, LOST %d, error %v) %s", a.seq, a.lost, a.err, after)
	case <-time.After(d):
		return nil
	}
}

// stepped writes records from..to one at a time. A record the kernel
// wakes for (wakes(k)) must bring every record up to it; one it does not
// wake for must bring nothing. It returns the longest time from writing
// a waking record to Read returning it.
func stepped(p *ebpf.Program, ch <-chan arrival, next *uint64, from, to uint64, wakes func(uint64) bool) (time.Duration, error) {
	var worst time.Duration
	for k := from; k <= to; k++ {
		t := time.Now()
		if err := putOK(p, k); err != nil {
			return worst, err
		}
		if !wakes(k) {
			if err := nothing(ch, quiet, fmt.Sprintf("after record %d, which wakes nobody", k)); err != nil {
				return worst, err
			}
			continue
		}
		at, err := expect(ch, next, k)
		if err != nil {
			return worst, fmt.Errorf("record %d wakes: %w", k, err)
		}
		if at.Sub(t) > worst {
			worst = at.Sub(t)
		}
	}
	return worst, nil
}

// byBytes is the kernel's byte watermark w for records of s bytes
// (__perf_output_begin(): a wakeup when the bytes written exceed the
// last mark by more than w, the mark then moving on by w): record k wakes
// when it takes the bytes written strictly past the next multiple of w.
func byBytes(s, w uint64) func(uint64) bool {
	past := func(k uint64) uint64 { // multiples of w strictly below k*s
		if k == 0 {
			return 0
		}
		return (k*s - 1) / w
	}
	return func(k uint64) bool { return past(k) > past(k-1) }
}

// byEvents is wakeup_events n: every n-th sample wakes.
func byEvents(n uint64) func(uint64) bool {
	return func(k uint64) bool { return k%n == 0 }
}

// closeAndEnd closes the reader and checks the loop's end: Read returns
// an error wrapping perf.ErrClosed within waitBound (Close "interrupts"
// Read, both versions document).
func closeAndEnd(rd *perf.Reader, ch <-chan arrival) (time.Duration, error) {
	t := time.Now()
	if err := rd.Close(); err != nil {
		return 0, fmt.Errorf("Close: %w", err)
	}
	timeout := time.After(waitBound)
	for {
		select {
		case a, ok := <-ch:
			if !ok {
				return 0, errors.New("the reader's loop ended without an error")
			}
			if a.err == nil {
				continue // a record read before Close took effect
			}
			if !errors.Is(a.err, perf.ErrClosed) {
				return 0, fmt.Errorf("Read after Close: %v, want perf.ErrClosed", a.err)
			}
			return a.at.Sub(t), nil
		case <-timeout:
			return 0, fmt.Errorf("Read still waiting %v after Close", waitBound)
		}
	}
}
