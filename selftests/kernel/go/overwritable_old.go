// SPDX-License-Identifier: GPL-2.0-only

//go:build !cilium_overwritable
// +build !cilium_overwritable

package main

import "github.com/cilium/ebpf"

// cilium/ebpf before 0.10 has no overwritable reader.
func overwritable(m *ebpf.Map, prog *ebpf.Program, n uint64) error {
	return skipError("this cilium/ebpf has no overwritable reader (0.10 on)")
}

func overwritableOversize(m *ebpf.Map, counted *ebpf.Program, n uint64, size uint32) error {
	return skipError("this cilium/ebpf has no overwritable reader (0.10 on)")
}
