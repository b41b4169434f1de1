# SPDX-License-Identifier: GPL-2.0-only
# Sourced by ci/deps.sh and ci/test_deps.sh: apt_install WHO PACKAGE...
# installs those of the Debian packages that are missing (as root, or
# through sudo), with apt's own progress on what it downloads; quiet when
# nothing is missing.

apt_install() {
	local who=$1 p sudo="" missing=()

	shift
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || {
			echo "$who: not root and no sudo: cannot install ${missing[*]}" >&2
			return 2
		}
		sudo=sudo
	fi
	echo "$who: installing ${missing[*]}"
	$sudo apt-get update -q
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
		--no-install-recommends "${missing[@]}"
}
