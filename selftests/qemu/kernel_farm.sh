# SPDX-License-Identifier: GPL-2.0-only
# Sourced by kernel_test.sh and bisect_test.sh: the kernel tree they build
# from, O/qemu-kernel/src, a tree of symbolic links to the cache's sources
# (ci/kernel_full_source.sh), made once: on a busy machine making or
# deleting 80,000 links takes minutes. Its path must not change either:
# kbuild records the source path, and the incremental builds depend on it.
# farm_ready SRC KDIR: the farm in KDIR/src, its planted files links again
# farm_copy FILE...: those files as copies, which a plant or git may change

plant_files=(kernel/events/ring_buffer.c kernel/events/internal.h)

farm_ready() {
	local src=$1 kdir=$2 f
	farm_src=$src farm=$kdir/src
	if ! [ -f "$farm/.ringcheck-farm" ]; then
		rm -rf "$kdir/src.tmp"
		cp -rs "$src" "$kdir/src.tmp" &&
			touch "$kdir/src.tmp/.ringcheck-farm" &&
			mv -T "$kdir/src.tmp" "$farm" || return 1
	fi
	rm -rf "$farm/.git"
	for f in "${plant_files[@]}"; do
		ln -sfn "$src/$f" "$farm/$f" || return 1
	done
}

farm_copy() {
	local f
	for f in "$@"; do
		cp --remove-destination "$farm_src/$f" "$farm/$f" || return 1
	done
}
