#!/usr/bin/env bash
# Time `bearing report` (JSON, Markdown, the HTML site) beside `bearing check` on
# generated workloads (`cargo xtask genplan`, see benches/workload.sh), with output sizes
# and peak memory.
#
# Usage: benches/report.sh            (from anywhere; rerunnable, workloads are cached)
#
# Environment:
#   WORK       scratch folder outside the repository   (default: ${TMPDIR:-/tmp}/bearing-bench)
#   GENPLAN    an external generator to use instead of `cargo xtask genplan`, with the
#              same options (a Python script, run with python3)      (default: unset)
#   REGEN=1    regenerate the workloads even if present
#   RUNS       timed runs per command                  (default: 3)
#   WORKLOADS  workloads to measure                    (default: "default hist")
#   BEARING    the binary                              (default: a release build of this repo)
#
# In a git repository both `check` and `report` walk the history once (the value series
# for trends and `stale-kr`) while the plan files load; `check -q` is that walk plus the
# check, the yardstick of the report's target (the site in under 2x the time of the walk
# it needs). The site is measured twice: written into a new folder (a first publish, as
# in CI) and written again over itself (pages rewritten in place, unchanged ones kept).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${WORK:-${TMPDIR:-/tmp}/bearing-bench}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
RUNS="${RUNS:-3}"
WORKLOADS="${WORKLOADS:-default hist}"
AS_OF=2026-10-01

say() { printf '\n== %s\n' "$*"; }
# shellcheck source=benches/workload.sh
. "$REPO/benches/workload.sh"

if [ -z "${BEARING:-}" ]; then
    say "building bearing (release)"
    (cd "$REPO" && cargo build --release --quiet)
    BEARING="$REPO/target/release/bearing"
fi
"$BEARING" --version

# Median wall seconds and peak RSS (MiB) of RUNS runs of a shell command.
measure() {
    local times=() rss=0 i out kb log="$WORK/time.txt"
    for ((i = 0; i < RUNS; i++)); do
        /usr/bin/time -o "$log" -f '%e %M' bash -c "$1" >/dev/null 2>&1 || true
        out=$(tail -1 "$log")
        times+=("${out% *}")
        kb="${out#* }"
        [ "$kb" -gt "$rss" ] && rss=$kb
    done
    printf '%s\n' "${times[@]}" | sort -g | awk -v r="$rss" '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%7.2f s  peak %6.1f MiB", m, r / 1024 }'
}

for name in $WORKLOADS; do
    case "$name" in
        hist) generate hist --commits 5000 ;;
        one) generate one --files 12200 ;;
        *) generate "$name" ;;
    esac
    repo="$WORK/$name/repo"
    site="$WORK/$name/site"
    say "workload '$name' ($(find "$repo/plans" -name '*.y*ml' | wc -l) plan files)"
    printf '%-16s %s\n' "check -q" "$(measure "cd '$repo' && '$BEARING' check -q --as-of $AS_OF")"
    printf '%-16s %s\n' "check json" "$(measure "cd '$repo' && '$BEARING' check --format json --as-of $AS_OF")"
    printf '%-16s %s\n' "report json" "$(measure "cd '$repo' && '$BEARING' report --format json --as-of $AS_OF")"
    printf '%-16s %s\n' "report markdown" "$(measure "cd '$repo' && '$BEARING' report --format markdown --as-of $AS_OF")"
    # A new folder per run: the first publish of a site.
    rm -rf "$WORK/$name/fresh"; mkdir -p "$WORK/$name/fresh"
    printf '%-16s %s\n' "site (new)" "$(measure "cd '$repo' && '$BEARING' report -q --out \"\$(mktemp -d '$WORK/$name/fresh/s.XXXX')\" --as-of $AS_OF")"
    rm -rf "$WORK/$name/fresh"
    "$BEARING" -C "$repo" report -q --out "$site" --as-of $AS_OF >/dev/null 2>&1 || true
    printf '%-16s %s\n' "site (again)" "$(measure "cd '$repo' && '$BEARING' report -q --out '$site' --as-of $AS_OF")"
    (cd "$repo" && "$BEARING" report --format json --as-of $AS_OF | wc -c | awk '{ printf "json      %8.1f MiB\n", $1 / 1048576 }')
    (cd "$repo" && "$BEARING" report --format markdown --as-of $AS_OF | wc -m | awk '{ printf "markdown  %8d characters\n", $1 }')
    echo "site      $(find "$site" -type f | wc -l) files, $(du -sh "$site" | cut -f1)"
done
