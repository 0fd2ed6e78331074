#!/usr/bin/env bash
# Writes the SHA-256 of every release archive in DIR, in `sha256sum` format sorted by
# name, to DIR/SHA256SUMS (published with the release) and to
# .github/action/checksums/vVERSION.txt (committed: what the action verifies a download
# against, at its own ref). Both files are the same bytes.
#
# Usage: checksums.sh DIR   (run from the repository root)
set -euo pipefail
dir="$1"
version="$(sed -n '/^\[package\]/,/^\[/p' Cargo.toml | sed -n 's/^version *= *"\(.*\)"$/\1/p' | head -n 1)"
shopt -s nullglob
archives=("$dir"/bearing-"$version"-*.tar.gz)
if [ "${#archives[@]}" -eq 0 ]; then
  echo "checksums.sh: no bearing-${version}-*.tar.gz in $dir" >&2
  exit 1
fi
(cd "$dir" && for a in "${archives[@]}"; do basename "$a"; done | LC_ALL=C sort | xargs sha256sum) > "$dir/SHA256SUMS"
mkdir -p .github/action/checksums
cp "$dir/SHA256SUMS" ".github/action/checksums/v${version}.txt"
echo ".github/action/checksums/v${version}.txt"
