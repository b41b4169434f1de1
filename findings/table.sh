#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The findings table (markdown) from findings/NN-*.md: number, reader,
# title and the file; `make conformance` writes it to build/report/.
set -euo pipefail

dir=$(dirname "$0")
echo "| # | reader | finding | file |"
echo "|---|---|---|---|"
for f in "$dir"/[0-9][0-9]-*.md; do
	n=$(basename "$f" .md)
	title=$(sed -n 's/^# //p' "$f" | head -n 1)
	echo "| ${n%%-*} | ${title%%:*} | ${title#*: } | findings/$n.md |"
done
