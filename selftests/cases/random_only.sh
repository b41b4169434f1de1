#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Failure classes only `random` shows: for each reader given, the root
# causes (check, bug class) of a long random run (SEEDS runs at --scale
# 4: draws 1 to 4 * SEEDS, 12000 sequences a run) that no exhaustive
# family's full run shows for that reader.
# Such a class is a shape the exhaustive families miss: extend one
# (issue 23; COVERAGE.md names what was found). Prints one line a class;
# exit 1 if any reader has one, 0 if none.
# usage: selftests/cases/random_only.sh O SEEDS READER.so...
set -uo pipefail

O=$1 seeds=$2
shift 2
rc=$O/ringcheck
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
found=0

# the root causes of a --json report: "check|bug class" a line
causes() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["readers"]:
    for c in r.get("root_causes", []):
        print("%s|%s" % (c["check"], c.get("bug_class") or "-"))
PY
}

for so in "$@"; do
	name=$(basename "$so" .so)
	# a mutant's build (make mutants): build/mutants/NAME/reader.so
	[ "$name" != reader ] || name=$(basename "$(dirname "$so")")
	fams=$("$rc" run --list | awk '$1 != "family" && $1 != "kernel" &&
		$1 != "total" && $1 != "random" && $2 ~ /^[0-9]+$/ {
		printf "--family %s ", $1 }')
	# shellcheck disable=SC2086
	"$rc" run --sim-only --jobs 2 --reader "$so" $fams \
		--json "$tmp/ex.json" >/dev/null 2>&1
	causes "$tmp/ex.json" | sort -u >"$tmp/ex"
	: >"$tmp/rand"
	# --seed K --scale 4 runs draws K to K + 3
	for seed in $(seq 1 4 $((4 * seeds))); do
		"$rc" run --sim-only --jobs 2 --reader "$so" --family random \
			--scale 4 --seed "$seed" --json "$tmp/r.json" \
			>/dev/null 2>&1
		causes "$tmp/r.json" | sed "s/\$/|$seed/" >>"$tmp/rand"
	done
	while IFS='|' read -r check class; do
		grep -qxF "$check|$class" "$tmp/ex" && continue
		seeds_of=$(awk -F'|' -v c="$check" -v b="$class" \
			'$1 == c && $2 == b { printf "%s ", $3 }' "$tmp/rand")
		echo "$name: $check ($class) only in random, seeds $seeds_of"
		found=1
	done < <(cut -d'|' -f1,2 "$tmp/rand" | sort -u)
done
exit $found
