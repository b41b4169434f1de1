#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Builds a Rust adapter as a ringcheck plugin, offline, with sid's cargo
# and rustc and sid's packaged crates (adapters/rust/sid_rust.sh: extracted
# into the cache, never installed): build.sh CRATE O OUT.so, CRATE
# perf-event2 or aya (adapters/rust/CRATE/: Cargo.toml and src/lib.rs, a
# cdylib over the crate, which is used unmodified).
#
# sid's rustc and cargo need sid's C library: they run through the
# dynamic loader and libraries extracted with them (the wrappers in
# O/rust/bin). What they build (build scripts, the plugin) links with the
# system's cc against the system's C library. cargo's home is
# O/rust/cargo-home, whose config.toml replaces crates.io with the
# extracted crates as a directory source, offline. The adapter is copied
# to O/rust/src/ (its Cargo.lock is written there, never in the tree).
# Exit 1 with the reason when the toolchain or the crates are missing.
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: $0 perf-event2|aya O OUT.so" >&2; exit 2; }
crate=$1 O=$(realpath -m "$2") out=$(realpath -m "$3")
here=$(cd "$(dirname "$0")" && pwd)
case $crate in
perf-event2 | aya) ;;
*) echo "$0: unknown crate '$crate' (perf-event2 or aya)" >&2; exit 2 ;;
esac

sid=$("$here/sid_rust.sh") || exit 1
lib=$sid/usr/lib/x86_64-linux-gnu
registry=$sid/usr/share/cargo/registry
if [ ! -x "$sid/usr/bin/cargo" ] || [ ! -x "$lib/ld-linux-x86-64.so.2" ]; then
	echo "$0: no cargo or loader in $sid" >&2
	exit 1
fi

top=$O/rust
mkdir -p "$top/bin" "$top/cargo-home" "$top/src" "$(dirname "$out")"
for tool in cargo rustc; do
	cat >"$top/bin/$tool" <<EOT
#!/bin/sh
exec "$lib/ld-linux-x86-64.so.2" --library-path "$lib" "$sid/usr/bin/$tool" "\$@"
EOT
	chmod +x "$top/bin/$tool"
done
cat >"$top/cargo-home/config.toml" <<EOT
[source.crates-io]
replace-with = "debian-sid"

[source.debian-sid]
directory = "$registry"

[net]
offline = true
EOT
rm -rf "$top/src/$crate"
cp "$here/abi.rs" "$here/panics.rs" "$here/swap.rs" "$top/src/"
cp -r "$here/$crate" "$top/src/$crate"

cd "$top/src/$crate"
env -u RUSTFLAGS -u CARGO_BUILD_TARGET CARGO_HOME="$top/cargo-home" \
	RUSTC="$top/bin/rustc" RUSTDOC=/bin/false \
	CARGO_TARGET_DIR="$top/target" \
	"$top/bin/cargo" build --offline --release --quiet
name=$(sed -n 's/^name = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
cp "$top/target/release/lib${name//-/_}.so" "$out"
have=$(sed -n "/^name = \"$crate\"/{n;s/^version = \"\\(.*\\)\"/\\1/p}" Cargo.lock)
echo "$0: $(basename "$out"): $crate ${have:-?} with $("$top/bin/rustc" -V | cut -d' ' -f1-2)"
