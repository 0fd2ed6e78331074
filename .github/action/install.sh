#!/usr/bin/env bash
# Installs bearing for the action and sets the `bin` output.
#
#   BEARING_VERSION=""       the version of the action's own ref (its Cargo.toml)
#   BEARING_VERSION=0.1.0    a released version ("v0.1.0" works too)
#   BEARING_VERSION=source   build from the action's own source with cargo
#   BEARING_BIN=/path        use an existing binary (tests, pre-installed runners)
#
# A release is the archive for this runner's OS and architecture, downloaded from the
# GitHub release of the repository named in the action's Cargo.toml and verified against
# the SHA-256 committed in the action's repository for that version
# (.github/action/checksums/vX.Y.Z.txt, written by .github/workflows/release.yml). A
# mismatch is refused; nothing unverified is ever run.
#
# With BEARING_STEP=plan it only says how it will install (outputs `mode`, `cache-key`,
# `cache-path`), so that the action can restore a cached source build first.
#
# BEARING_RELEASES_URL replaces https://github.com/OWNER/REPO/releases/download (tests
# serve a release from 127.0.0.1).
set -euo pipefail
# shellcheck source=.github/action/annotate.sh
. "$(dirname "${BASH_SOURCE[0]}")/annotate.sh"

action="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
# The action's own files, wherever a sub-action (comment/) runs this from.
if [ ! -f "$action/Cargo.toml" ] && [ -f "$action/../Cargo.toml" ]; then action="$action/.."; fi
output="${GITHUB_OUTPUT:-/dev/null}"
fail() { annotate error "$*"; exit 1; }

# The value of `key = "value"` in the [package] table of the action's Cargo.toml.
cargo_field() {
  sed -n '/^\[package\]/,/^\[/p' "$action/Cargo.toml" | sed -n "s/^$1 *= *\"\\(.*\\)\"$/\\1/p" | head -n 1
}

sha256() {
  if command -v sha256sum > /dev/null 2>&1; then sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum > /dev/null 2>&1; then shasum -a 256 "$1" | cut -d ' ' -f 1
  else python3 -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1"
  fi
}

# The release target of this runner: RUNNER_OS / RUNNER_ARCH on GitHub, uname elsewhere.
platforms="Linux X64, Linux ARM64, macOS X64, macOS ARM64, Windows X64"
os="${RUNNER_OS:-$(uname -s)}"
arch="${RUNNER_ARCH:-$(uname -m)}"
case "$os/$arch" in
  Linux/X64 | Linux/x86_64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64 | Linux/aarch64 | Linux/arm64) target=aarch64-unknown-linux-musl ;;
  macOS/X64 | Darwin/x86_64) target=x86_64-apple-darwin ;;
  macOS/ARM64 | Darwin/arm64) target=aarch64-apple-darwin ;;
  Windows/X64 | MINGW*/x86_64 | MSYS*/x86_64) target=x86_64-pc-windows-msvc ;;
  *) target="" ;;
esac
exe=""; if [ "$target" = x86_64-pc-windows-msvc ]; then exe=".exe"; fi

version="${BEARING_VERSION:-}"
if [ -n "${BEARING_BIN:-}" ]; then
  mode=given
elif [ "$version" = source ]; then
  mode=source
else
  mode=release
  version="${version#v}"
  if [ -z "$version" ]; then version="$(cargo_field version)"; fi
fi

# A source build is cached on what it is built from: Cargo.lock, the toolchain, and the
# source itself (a later commit of the action with the same Cargo.lock is another binary).
# The cache also keeps cargo's target folder: a key that differs only in the source
# restores it (`cache-restore`), and only bearing itself is compiled again.
sha256_stdin() {
  local tmp; tmp="$(mktemp)"; cat > "$tmp"; sha256 "$tmp"; rm -f "$tmp"
}
source_prefix() {
  local lock toolchain
  lock="$(sha256 "$action/Cargo.lock" | cut -c1-16)"
  toolchain="$( (rustc -vV 2>/dev/null || echo "no rustc") | sha256_stdin | cut -c1-16)"
  echo "bearing-source-${os}-${arch}-${lock}-${toolchain}-"
}
source_key() {
  local tree
  tree="$(cd "$action" && find Cargo.toml Cargo.lock src schema templates docs/rules.md -type f 2>/dev/null \
    | LC_ALL=C sort | while read -r f; do echo "$f $(sha256 "$f")"; done | sha256_stdin | cut -c1-16)"
  echo "$(source_prefix)${tree}"
}
cache_path="${BEARING_SOURCE_CACHE:-${RUNNER_TOOL_CACHE:-$HOME/.cache}/bearing-source}"

if [ "${BEARING_STEP:-install}" = plan ]; then
  echo "mode=$mode" >> "$output"
  if [ "$mode" = source ]; then
    echo "cache-key=$(source_key)" >> "$output"
    echo "cache-restore=$(source_prefix)" >> "$output"
    echo "cache-path=$cache_path" >> "$output"
  fi
  exit 0
fi

case "$mode" in
given)
  bin="$BEARING_BIN"
  ;;
source)
  key="$(source_key)"
  bin="$cache_path/bin/bearing$exe"
  if [ -x "$bin" ] && [ "$(cat "$cache_path/key" 2>/dev/null)" = "$key" ]; then
    echo "bearing: using the cached build ($key)"
  else
    CARGO_TARGET_DIR="$cache_path/target" cargo install --locked --quiet --path "$action" --root "$cache_path"
    echo "$key" > "$cache_path/key"
  fi
  ;;
release)
  if [ -z "$target" ]; then
    fail "no bearing release is built for ${os} ${arch}; releases exist for: ${platforms}. Use 'version: source' to build it here"
  fi
  sums="$action/.github/action/checksums/v${version}.txt"
  if [ ! -f "$sums" ]; then
    known="$(cd "$action/.github/action/checksums" 2>/dev/null && ls -- *.txt 2>/dev/null | sed 's/\.txt$//' | tr '\n' ' ')"
    fail "this ref of the action has no checksums for bearing v${version} (it knows: ${known:-none}); pin the action to a release (bearing-plan/bearing@v0, or the commit a release tag points to), give a version it knows, or use 'version: source'"
  fi
  archive="bearing-${version}-${target}.tar.gz"
  expected="$(awk -v name="$archive" '$2 == name || $2 == "*" name { print $1 }' "$sums" | head -n 1)"
  if ! [[ "$expected" =~ ^[0-9a-f]{64}$ ]]; then
    fail "the checksums for v${version} list no ${archive}; releases exist for: ${platforms}"
  fi
  repository="$(cargo_field repository)"
  base="${BEARING_RELEASES_URL:-${repository}/releases/download}"
  dir="${RUNNER_TEMP:-$(mktemp -d)}/bearing-${version}-${target}"
  rm -rf "$dir"; mkdir -p "$dir"
  proto="=https"
  case "$base" in http://127.0.0.1:* | http://localhost:*) proto="=http,https" ;; esac
  if ! curl --proto "$proto" --tlsv1.2 -fsSL --retry 3 --retry-delay 2 -o "$dir/$archive" "$base/v${version}/$archive"; then
    fail "could not download ${base}/v${version}/${archive}"
  fi
  actual="$(sha256 "$dir/$archive")"
  if [ "$actual" != "$expected" ]; then
    rm -f "$dir/$archive"
    fail "checksum mismatch for ${archive}: expected ${expected} (committed in .github/action/checksums/v${version}.txt), downloaded ${actual}; refusing to install it"
  fi
  tar -xzf "$dir/$archive" -C "$dir"
  bin="$dir/bearing-${version}-${target}/bearing$exe"
  [ -x "$bin" ] || fail "${archive} holds no bearing-${version}-${target}/bearing${exe}"
  echo "bearing: v${version} for ${target}, sha256 ${actual} verified"
  ;;
esac

"$bin" --version
echo "bin=$bin" >> "$output"
