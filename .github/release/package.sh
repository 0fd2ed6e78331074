#!/usr/bin/env bash
# Packs one release archive: bearing-VERSION-TARGET.tar.gz holding the folder
# bearing-VERSION-TARGET/ with the binary and README.md. The layout is the one
# install.sh and `cargo binstall` ([package.metadata.binstall] in Cargo.toml) expect;
# the release workflow and tests/action/release.sh both pack with this script.
#
# Usage: package.sh TARGET BINARY OUT_DIR   (run from the repository root)
set -euo pipefail
target="$1"; binary="$2"; out="$3"
version="$(sed -n '/^\[package\]/,/^\[/p' Cargo.toml | sed -n 's/^version *= *"\(.*\)"$/\1/p' | head -n 1)"
name="bearing-${version}-${target}"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name" "$out"
exe=""; case "$target" in *windows*) exe=".exe" ;; esac
cp "$binary" "$stage/$name/bearing$exe"
chmod 755 "$stage/$name/bearing$exe"
cp README.md "$stage/$name/"
# Stable bytes for the same binary: sorted names, no owner, a fixed mtime (GNU tar).
if tar --version 2>/dev/null | grep -q 'GNU tar'; then
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='@0' -C "$stage" -czf "$out/$name.tar.gz" "$name"
else
  tar -C "$stage" -czf "$out/$name.tar.gz" "$name"
fi
echo "$out/$name.tar.gz"
