#!/usr/bin/env bash
# Installs bearing for the action and sets the `bin` output.
#   BEARING_VERSION=source  build from the action's own source (cargo install --locked)
#   BEARING_BIN=/path       use an existing binary (tests, pre-installed runners)
set -euo pipefail

if [ -n "${BEARING_BIN:-}" ]; then
  bin="$BEARING_BIN"
elif [ "${BEARING_VERSION:-source}" = "source" ]; then
  root="${RUNNER_TEMP:-/tmp}/bearing-install"
  # Reuses ~/.cargo when a workflow caches it (see docs/workflows/pr-gate.yml).
  cargo install --locked --quiet --path "$GITHUB_ACTION_PATH" --root "$root"
  bin="$root/bin/bearing"
else
  # Released binaries are verified against a checksum committed in this repository;
  # no release exists yet, so any other version is refused rather than fetched unverified.
  echo "::error title=bearing::version '${BEARING_VERSION}' has no released binary with a committed checksum; use version: source"
  exit 2
fi
"$bin" --version
echo "bin=$bin" >> "$GITHUB_OUTPUT"
