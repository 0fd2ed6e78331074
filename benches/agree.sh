#!/usr/bin/env bash
# One truth across commands on the 5,000-commit workload (issue 14): `check --format
# json`, `report --format json` and `trace ID --format json` agree on every measure of
# every entity (progress, expected progress, track, a key result's value, a project's
# impact and alignment), git history included, at two dates (benches/agree.py).
# `tests/cli/agree.rs` holds the same comparison on the worked example in `cargo test`;
# `.ci/run` runs this script too.
#
# Usage: benches/agree.sh            (from anywhere; rerunnable, the workload is cached)
#
# Environment:
#   WORK       scratch folder outside the repository   (default: ${TMPDIR:-/tmp}/bearing-bench)
#   GENPLAN    an external generator to use instead of `cargo xtask genplan` (see workload.sh)
#   COMMITS    commits in the workload                 (default: 5000)
#   AS_OF      the dates compared                      (default: "2026-06-01 2027-10-01":
#              half a year into the history, and near its end)
#   TRACES     entities traced at each date, spread over the kinds (default: 40; 0: all)
#   REGEN=1    regenerate the workload even if present
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${WORK:-${TMPDIR:-/tmp}/bearing-bench}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
COMMITS="${COMMITS:-5000}"
AS_OF="${AS_OF:-2026-06-01 2027-10-01}"
TRACES="${TRACES:-40}"
BEARING="$REPO/target/release/bearing"
NAME="hist"
[ "$COMMITS" = 5000 ] || NAME="hist-$COMMITS"

say() { printf '\n== %s\n' "$*"; }
command -v python3 >/dev/null 2>&1 || { echo "agree.sh: python3 is required" >&2; exit 2; }
command -v git >/dev/null 2>&1 || { echo "agree.sh: git is required" >&2; exit 2; }
# shellcheck source=benches/workload.sh
. "$REPO/benches/workload.sh"

generate "$NAME" --commits "$COMMITS"

say "building bearing (release)"
(cd "$REPO" && cargo build --release --quiet)
"$BEARING" --version

status=0
for date in $AS_OF; do
    say "check, report and trace at $date on $WORK/$NAME/repo"
    python3 "$REPO/benches/agree.py" "$BEARING" "$WORK/$NAME/repo" "$date" "$TRACES" || status=1
done
exit "$status"
