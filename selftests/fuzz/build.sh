#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# OSS-Fuzz style build of the fuzz targets: $CC $CFLAGS and
# $LIB_FUZZING_ENGINE as OSS-Fuzz sets them, targets into $OUT, seed
# corpora as $OUT/<target>_seed_corpus.zip when zip is there.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
: "${CC:=clang}" "${CFLAGS:=-g -O1 -fsanitize=address,undefined}"
: "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}" "${OUT:=$src/build/oss-fuzz}"
mkdir -p "$OUT"
lib=(fake_ring/fake_ring.c fake_ring/ledger.c fake_ring/arena.c
     fake_ring/fake_ring_show.c fake_ring/fake_cpus.c
     fake_ring/ring_image.c reader/ring_reader.c reader/plugin_caps.c
     reader/reference_plugin.c
     reader/evlist_reader.c cli/sim_ops.c)
# what plays and judges a case: every engine folder below the runner
for d in scenario families player judge; do
	for f in "$src"/engine/$d/*.c; do
		lib+=("engine/$d/${f##*/}")
	done
done
inc=(-D_GNU_SOURCE -DRINGCHECK_READER_ABI=2 -I"$src/fake_ring" -I"$src/reader" -I"$src/reader/include"
     -I"$src/engine" -I"$src/cli" -DRINGCHECK_FIXTURES="\"$src/fixtures/kernel\"")
for t in hostile_ring scenario sim_ops; do
	# shellcheck disable=SC2086
	$CC $CFLAGS -std=gnu11 "${inc[@]}" $LIB_FUZZING_ENGINE \
		-o "$OUT/fuzz_$t" "$src/selftests/fuzz/fuzz_$t.c" \
		"${lib[@]/#/$src/}" -ldl
	if command -v zip >/dev/null && [ -d "$src/fixtures/corpus/$t" ]; then
		(cd "$src/fixtures/corpus/$t" && zip -q -r \
			"$OUT/fuzz_${t}_seed_corpus.zip" .)
		# the scenario input's version 2 seeds, written, not committed
		if [ "$t" = scenario ]; then
			seeds=$(mktemp -d)
			"$src/selftests/fuzz/scenario_seeds.sh" "$seeds"
			(cd "$seeds" && zip -q -r \
				"$OUT/fuzz_scenario_seed_corpus.zip" .)
			rm -rf "$seeds"
		fi
	fi
done
