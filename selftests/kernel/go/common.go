// SPDX-License-Identifier: GPL-2.0-only

package main

import "time"

// A test that cannot run with this cilium/ebpf, and why.
type skipError string

func (s skipError) Error() string { return string(s) }

// A known upstream defect met, naming its finding: kselftest's XFAIL.
type knownDefect string

func (k knownDefect) Error() string { return string(k) }

func sleep(ms int) <-chan time.Time {
	return time.After(time.Duration(ms) * time.Millisecond)
}
