# SPDX-License-Identifier: GPL-2.0-only
#
# The sources of the stress test (engine/stress/ and what it uses), for
# the scripts that build it around a reader under ThreadSanitizer:
# tsan_stress.sh (make stress) and fuzz_reader.sh (make fuzz's concurrent
# target). Sourced; top: the project's root.
stress_driver_sources=("$top/engine/stress/stress.c"
	"$top/engine/stress/stress_forward.c"
	"$top/engine/stress/stress_common.c"
	"$top/engine/stress/stress_overwrite.c"
	"$top/engine/scenario/capabilities.c"
	"$top/engine/player/fd_mapping.c"
	"$top/reader/plugin_caps.c"
	"$top/fake_ring/fake_ring.c" "$top/fake_ring/ledger.c"
	"$top/fake_ring/arena.c" "$top/fake_ring/fake_ring_show.c")
# The include directories they need.
stress_driver_includes=(-I"$top/fake_ring" -I"$top/reader"
	-I"$top/reader/include" -I"$top/engine")
