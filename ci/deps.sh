#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Installs what ringcheck needs from Debian's packages. Idempotent and quiet
# when everything is there; run as root (or with sudo available).
set -euo pipefail

packages=(build-essential libcunit1-dev valgrind)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "ci/deps.sh: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
	"${missing[@]}" >/dev/null
