#!/usr/bin/env bash
# Peak memory (maximum resident set, GNU time) of every command on the 5,000-commit
# workload, against the budget of issue 19: each under 150 MiB. The largest of RUNS
# runs is shown, since the allocator's timing moves the peak by a few MiB.
#
# Usage: benches/memory.sh            (from anywhere; the workload is cached)
#
# Environment:
#   WORK     scratch folder outside the repository   (default: ${TMPDIR:-/tmp}/bearing-bench)
#   RUNS     runs per command                        (default: 3)
#   BUDGET   MiB a command may hold at its peak      (default: 150)
#   AS_OF    the day the plan is measured as of      (default: 2027-12-20, the month of
#            the workload's last commit: `stale-kr` then reads a window of history, as
#            a check run today would; one check as of 2026-10-01 reads 15 months of it)
#   BEARING  the binary                              (default: a release build of this repo)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${WORK:-${TMPDIR:-/tmp}/bearing-bench}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
RUNS="${RUNS:-3}"
BUDGET="${BUDGET:-150}"
AS_OF="${AS_OF:-2027-12-20}"

say() { printf '\n== %s\n' "$*"; }
command -v /usr/bin/time >/dev/null 2>&1 || { echo "memory.sh: GNU time (/usr/bin/time) is required" >&2; exit 2; }
# shellcheck source=benches/workload.sh
. "$REPO/benches/workload.sh"

if [ -z "${BEARING:-}" ]; then
    say "building bearing (release)"
    (cd "$REPO" && cargo build --release --quiet)
    BEARING="$REPO/target/release/bearing"
fi
"$BEARING" --version
generate hist --commits 5000
repo="$WORK/hist/repo"
site="$(mktemp -d)"
trap 'rm -rf "$site"' EXIT

commands=(
    "check -q --as-of $AS_OF"
    "check --format json --as-of $AS_OF"
    "check --format sarif --as-of $AS_OF"
    "check -q --no-history --as-of $AS_OF"
    "check -q --as-of 2026-10-01"
    "check -q --base HEAD~1 --as-of $AS_OF"
    "check -q --base HEAD~100 --as-of $AS_OF"
    "log --format json"
    "diff HEAD~1 HEAD --format json"
    "diff HEAD~1000 HEAD --format json"
    "report --format json --as-of $AS_OF"
    "report --format markdown --as-of $AS_OF"
    "report --format markdown --base HEAD~30 --as-of $AS_OF"
    "report --format markdown --since 2027-06-01 --as-of $AS_OF"
    "report -q --out $site --as-of $AS_OF"
)
over=0
say "5,000-commit workload, peak of $RUNS runs (budget $BUDGET MiB)"
for command in "${commands[@]}"; do
    peak=0
    for ((i = 0; i < RUNS; i++)); do
        # shellcheck disable=SC2086 # the command is a list of words
        (cd "$repo" && /usr/bin/time -o "$WORK/memory.txt" -f '%M' "$BEARING" $command > /dev/null 2>&1) || true
        kb=$(tail -1 "$WORK/memory.txt")
        [ "$kb" -gt "$peak" ] && peak=$kb
    done
    mib=$((peak / 1024))
    verdict=ok
    if [ "$mib" -gt "$BUDGET" ]; then verdict=OVER; over=$((over + 1)); fi
    printf '%6d MiB  %-4s  bearing %s\n' "$mib" "$verdict" "${command//$site/SITE}"
done
say "$over of ${#commands[@]} commands over $BUDGET MiB"
