// SPDX-License-Identifier: GPL-2.0-only

package main

import "time"

// A test that cannot run with this cilium/ebpf, and why.
type skipError string

func (s skipError) Error() string { return string(s) }

func sleep(ms int) <-chan time.Time {
	return time.After(time.Duration(ms) * time.Millisecond)
}
