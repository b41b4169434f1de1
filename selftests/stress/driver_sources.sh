# SPDX-License-Identifier: GPL-2.0-only
#
# The stress test (engine/stress/ and what it uses) built for a reader
# under ThreadSanitizer, for tsan_stress.sh (make stress) and
# fuzz_reader.sh (make fuzz's concurrent target). Sourced; top: the
# project's root.
#
# The test reads every field of the plugin ABI (RINGCHECK_READER_ABI=2);
# the reader's sources are built as they are, with the version they chose
# (reader.h), so the test is compiled apart, with TSan and without the
# reader's other flags (a fuzzer's coverage stays the reader's).
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

# stress_driver_build OBJDIR LOG [SOURCE...]: the test's objects and those
# of SOURCE (a main of the caller's) into OBJDIR, errors appended to LOG;
# an object already there is kept (a caller that builds several readers
# against one OBJDIR empties it first). Sets stress_driver_objs; returns 1
# if one does not compile.
stress_driver_build() {
	local dir=$1 log=$2 src obj
	shift 2
	mkdir -p "$dir"
	stress_driver_objs=()
	for src in "$@" "${stress_driver_sources[@]}"; do
		obj="$dir/$(basename "$src" .c).o"
		[ -f "$obj" ] ||
			clang -std=gnu11 -g -O1 -fsanitize=thread -D_GNU_SOURCE \
				-DRINGCHECK_READER_ABI=2 \
				"${stress_driver_includes[@]}" -c -o "$obj" \
				"$src" 2>>"$log" || return 1
		stress_driver_objs+=("$obj")
	done
}
