// SPDX-License-Identifier: GPL-2.0-only

//go:build cilium_overwritable

package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/perf"
)

// oversizeFinding is the known defect this test meets in cilium/ebpf 0.22.
const oversizeFinding = "findings/73-cilium-overwritable-record-larger-than-ring.md"

// newLargeWriter is an XDP program writing the `size` bytes of an array
// map's value in one bpf_perf_event_output (the helper takes map value
// memory and a constant size: the stack is too small) and returning the
// helper's result, the kernel's verdict.
func newLargeWriter(m, value *ebpf.Map, size uint32) (*ebpf.Program, error) {
	return ebpf.NewProgram(&ebpf.ProgramSpec{
		Type:    ebpf.XDP,
		License: "GPL",
		Instructions: asm.Instructions{
			asm.Mov.Reg(asm.R6, asm.R1),
			asm.Mov.Imm(asm.R0, 0),
			asm.StoreMem(asm.RFP, -4, asm.R0, asm.Word), // key 0
			asm.LoadMapPtr(asm.R1, value.FD()),
			asm.Mov.Reg(asm.R2, asm.RFP),
			asm.Add.Imm(asm.R2, -4),
			asm.FnMapLookupElem.Call(),
			asm.JEq.Imm(asm.R0, 0, "out"),
			asm.Mov.Reg(asm.R4, asm.R0),
			asm.Mov.Reg(asm.R1, asm.R6),
			asm.LoadMapPtr(asm.R2, m.FD()),
			asm.LoadImm(asm.R3, 0xffffffff, asm.DWord), // BPF_F_CURRENT_CPU
			asm.Mov.Imm(asm.R5, int32(size)),
			asm.FnPerfEventOutput.Call(),
			asm.Return(),                               // the helper's result
			asm.Mov.Imm(asm.R0, -22).WithSymbol("out"), // -EINVAL
			asm.Return(),
		},
	})
}

// overwritableOversize: one sample of `size` bytes, larger than the
// one-page overwritable ring, then records 1..n of 8 bytes; Pause and
// read until os.ErrDeadlineExceeded. The kernel writes the large record
// over its own header (a backward ring has no room check), so the truth
// is: n, n-1, ..., 1, then the end, and nothing of the large one, whose
// start is gone. cilium 0.22 reads on into the large one's payload as if
// it were a header (finding 73): an error or a record made of payload
// bytes is that finding, an XFAIL naming it; the large sample returned
// whole means it fitted in the ring and the test proved nothing.
func overwritableOversize(m *ebpf.Map, counted *ebpf.Program, n uint64, size uint32) error {
	value, err := ebpf.NewMap(&ebpf.MapSpec{
		Type:       ebpf.Array,
		KeySize:    4,
		ValueSize:  size,
		MaxEntries: 1,
	})
	if err != nil {
		return fmt.Errorf("an array map of %d-byte values: %w", size, err)
	}
	defer value.Close()
	// Any content is a BPF program's to write. Each u32 its own index:
	// what the reader takes for a header is then a word of the payload
	// (and which word shows where it landed).
	payload := make([]byte, size)
	for i := 0; i+4 <= len(payload); i += 4 {
		binary.LittleEndian.PutUint32(payload[i:], uint32(i/4))
	}
	if err := value.Put(uint32(0), payload); err != nil {
		return fmt.Errorf("the array map's value: %w", err)
	}
	large, err := newLargeWriter(m, value, size)
	if err != nil {
		return fmt.Errorf("loading the %d-byte writer: %w", size, err)
	}
	defer large.Close()

	rd, err := perf.NewReaderWithOptions(m, os.Getpagesize(),
		perf.ReaderOptions{Overwritable: true})
	if err != nil {
		return fmt.Errorf("perf.NewReaderWithOptions: %w", err)
	}
	defer rd.Close()
	ret, err := large.Run(&ebpf.RunOptions{Data: make([]byte, 64)})
	if err != nil {
		return fmt.Errorf("BPF_PROG_TEST_RUN: %w", err)
	}
	if int32(ret) != 0 {
		return fmt.Errorf("the %d-byte sample: bpf_perf_event_output returned %d", size, int32(ret))
	}
	for seq := uint64(1); seq <= n; seq++ {
		if err := putOK(counted, seq); err != nil {
			return err
		}
	}
	if err := rd.Pause(); err != nil {
		return fmt.Errorf("Pause: %w", err)
	}
	rd.SetDeadline(time.Now())

	// header, u32 size, the payload, padded to 8
	record := (8 + 4 + int(size) + 7) &^ 7
	want := n
	var rec perf.Record
	for reads := 0; reads < 1000; reads++ {
		err := rd.ReadInto(&rec)
		switch {
		case errors.Is(err, os.ErrDeadlineExceeded) && want == 0:
			fmt.Printf("# overwritable-oversize: %d, newest first, then the end: finding 73 absent, cilium stopped at the overwritten %d-byte record\n", n, record)
			return nil
		case errors.Is(err, os.ErrDeadlineExceeded):
			return fmt.Errorf("the end with record %d due", want)
		case err != nil && want > 0:
			return fmt.Errorf("ReadInto with record %d due: %w", want, err)
		case err != nil:
			return defect(fmt.Sprintf("ReadInto after the %d records: %v", n, err))
		case want > 0 && rec.LostSamples == 0 && len(rec.RawSample) >= 8:
			if seq, _ := seqOf(rec); seq != want {
				return fmt.Errorf("record %d where %d was due (newest first)", seq, want)
			}
			want--
		case want > 0:
			return fmt.Errorf("with record %d due: LOST %d, a sample of %d bytes", want, rec.LostSamples, len(rec.RawSample))
		case len(rec.RawSample) >= int(size) && string(rec.RawSample[:size]) == string(payload):
			return fmt.Errorf("the %d-byte sample came back whole: it fitted in the %d-byte ring, no test of finding 73", size, os.Getpagesize())
		default:
			return defect(fmt.Sprintf("after the %d records, a record of payload bytes: LOST %d, a sample of %d bytes", n, rec.LostSamples, len(rec.RawSample)))
		}
	}
	return defect("1000 reads and no end")
}

// defect is finding 73 met; RINGCHECK_CILIUM_STRICT=1 makes it a failure.
func defect(what string) error {
	err := knownDefect(fmt.Sprintf("%s (%s)", what, oversizeFinding))
	if s := os.Getenv("RINGCHECK_CILIUM_STRICT"); s != "" && s != "0" {
		return errors.New(string(err))
	}
	return err
}
