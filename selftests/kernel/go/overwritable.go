// SPDX-License-Identifier: GPL-2.0-only

//go:build cilium_overwritable

package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/perf"
)

// overwritable: N records into a one-page overwritable ring, then Pause
// and read: the newest, newest first, no gap, ending at N.
func overwritable(m *ebpf.Map, prog *ebpf.Program, n uint64) error {
	rd, err := perf.NewReaderWithOptions(m, os.Getpagesize(),
		perf.ReaderOptions{Overwritable: true})
	if err != nil {
		return fmt.Errorf("perf.NewReaderWithOptions: %w", err)
	}
	defer rd.Close()
	for seq := uint64(1); seq <= n; seq++ {
		if err := write(prog, seq); err != nil {
			return fmt.Errorf("BPF_PROG_TEST_RUN: %w", err)
		}
	}
	if err := rd.Pause(); err != nil {
		return fmt.Errorf("Pause: %w", err)
	}
	rd.SetDeadline(time.Now())
	want := n
	var rec perf.Record
	for {
		err := rd.ReadInto(&rec)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			break
		}
		if err != nil {
			return fmt.Errorf("ReadInto after %d records: %w", n-want, err)
		}
		if rec.LostSamples > 0 {
			return fmt.Errorf("a LOST record (%d) on an overwritable ring", rec.LostSamples)
		}
		seq, err := seqOf(rec)
		if err != nil {
			return err
		}
		if seq != want {
			return fmt.Errorf("record %d where %d was due (newest first)", seq, want)
		}
		want--
	}
	// a page of 24-byte records holds at most 170
	capacity := uint64(os.Getpagesize() / 24)
	if got := n - want; got == 0 || got > capacity {
		return fmt.Errorf("%d records read, want 1 to %d", got, capacity)
	}
	fmt.Printf("# overwritable: the newest %d of %d, newest first\n", n-want, n)
	return nil
}
