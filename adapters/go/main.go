// SPDX-License-Identifier: GPL-2.0-only

// The c-shared library's main package: it links cilium/ebpf's perf
// package, where adapters/go/build.sh adds ringcheck's adapter.
package main

import _ "github.com/cilium/ebpf/perf"

func main() {}
