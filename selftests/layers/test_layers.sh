#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The layer check (ci/check_layers.sh) on this tree, then on a copy with an
# include planted upward (the judge reaching into the runner) and one
# sideways (a family reaching into the judge): both must be named.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$top/ci/steps.sh"

prefix=layers
check "the tree's includes only point down" \
	bash -c "\"$top/ci/check_layers.sh\" >\"$tmp/tree\""
(cd "$top" && cp -r --parents fake_ring reader kernel_ring engine cli "$tmp")
echo '#include "runner/runner.h"' >>"$tmp/engine/judge/forward.c"
echo '#include "judge/judge.h"' >>"$tmp/engine/families/family_wrap.c"
"$top/ci/check_layers.sh" "$tmp" >"$tmp/out" 2>&1
rc=$?
check "a planted upward include fails the check" [ "$rc" -eq 1 ]
check "it names the judge including the runner" \
	grep -q 'FAIL engine/judge/forward.c includes engine/runner/runner.h' \
	"$tmp/out"
check "it names the family including the judge" \
	grep -q 'FAIL engine/families/family_wrap.c includes engine/judge/judge.h' \
	"$tmp/out"
totals
