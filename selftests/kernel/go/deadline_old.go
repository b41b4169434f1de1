// SPDX-License-Identifier: GPL-2.0-only

//go:build !cilium_deadline
// +build !cilium_deadline

package main

import (
	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/perf"
)

// cilium/ebpf before 0.10 has no SetDeadline, Flush or WakeupEvents: its
// records below the watermark come only once it is crossed.

func isFlushed(err error) bool { return false }

func finalFlush(rd *perf.Reader, ch <-chan arrival, next *uint64, n uint64) (bool, error) {
	return false, nil
}

const noDeadline = skipError("this cilium/ebpf has no SetDeadline, Flush or WakeupEvents: 0.22 has them")

func flushDrains(m *ebpf.Map, p *ebpf.Program, n uint64) error { return noDeadline }

func deadline(m *ebpf.Map, p *ebpf.Program, w, n uint64) error { return noDeadline }

func wakeupEvents(m *ebpf.Map, p *ebpf.Program, k, n uint64) error { return noDeadline }
