// SPDX-License-Identifier: GPL-2.0-only

package main

import (
	"fmt"
	"os"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/perf"
)

// overflow: a burst of n records into one page while the user's loop is
// busy with the first one (it holds on to it until the burst is over, as
// a slow consumer would): the ring overflows. The truth is the helper's
// result for each record: Read must deliver exactly those the kernel
// took, in order, and a LOST of exactly the -ENOSPC count, before the
// record that follows; delivered + lost = n.
func overflow(m *ebpf.Map, p *ebpf.Program, n uint64) error {
	rd, err := perf.NewReader(m, os.Getpagesize())
	if err != nil {
		return fmt.Errorf("perf.NewReader: %w", err)
	}
	defer rd.Close()
	type got struct {
		rec perf.Record
		err error
	}
	ch := make(chan got, 1<<14)
	hold := make(chan struct{})
	go func() {
		for i := 0; ; i++ {
			rec, err := rd.Read()
			ch <- got{rec, err}
			if err != nil {
				return
			}
			if i == 0 {
				<-hold
			}
		}
	}()
	var taken, refused uint64
	for seq := uint64(1); seq <= n; seq++ {
		ret, err := put(p, seq)
		if err != nil {
			return err
		}
		switch ret {
		case 0:
			taken++
		case enospc:
			refused++
		default:
			return fmt.Errorf("record %d: bpf_perf_event_output returned %d", seq, ret)
		}
		if seq == 1 { // the loop has it and holds
			if g := <-ch; g.err != nil {
				return fmt.Errorf("Read: %w", g.err)
			}
		}
	}
	close(hold)
	// the loop held on while the ring filled, so the kernel took 1 to
	// taken and refused the rest: Read must hand on 2 to taken, then,
	// with a record more, the LOST before it
	var delivered, lost uint64 = 1, 0
	if taken == 1 {
		if err := putOK(p, n+1); err != nil {
			return err
		}
	}
	for done := false; !done; {
		var g got
		select {
		case g = <-ch:
		case <-sleep(int(waitBound.Milliseconds())):
			return fmt.Errorf("%d of the %d records the kernel took delivered, then nothing for %v", delivered, taken, waitBound)
		}
		if g.err != nil {
			return fmt.Errorf("Read: %w", g.err)
		}
		seq := uint64(0)
		if g.rec.LostSamples == 0 {
			if seq, err = seqOf(g.rec); err != nil {
				return err
			}
		}
		switch {
		case delivered < taken && seq == delivered+1:
			delivered++
			if delivered == taken {
				if err := putOK(p, n+1); err != nil {
					return err
				}
			}
		case delivered == taken && lost == 0 && g.rec.LostSamples > 0:
			lost = g.rec.LostSamples
		case delivered == taken && seq == n+1:
			done = true
		default:
			return fmt.Errorf("record %d (LOST %d) after %d delivered and %d lost reported", seq, g.rec.LostSamples, delivered, lost)
		}
	}
	if delivered != taken {
		return fmt.Errorf("%d records delivered, the kernel took %d", delivered, taken)
	}
	if lost != refused {
		return fmt.Errorf("LOST reported %d, the kernel refused %d", lost, refused)
	}
	if delivered+lost != n {
		return fmt.Errorf("%d delivered + %d lost != %d written", delivered, lost, n)
	}
	if refused == 0 {
		return fmt.Errorf("no record refused: the burst of %d did not overflow", n)
	}
	fmt.Printf("# overflow: %d delivered + %d lost = %d, as the kernel took and refused them\n", delivered, lost, n)
	return nil
}
