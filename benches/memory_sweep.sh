#!/usr/bin/env bash
# Runs each command once under every address-space cap from LOW to HIGH MiB, on the
# 5,000-commit workload, and sorts each run: ran, out of memory (a clean error that
# names the limit), or what must never happen: a hang (killed after 40 s), a panic, an
# abort, a death by signal (docs/threat-model.md M1-M3, issue 20). Where memory_cap.sh
# asks "does it fit?", this asks "what does it do when it does not?".
#
# Usage: benches/memory_sweep.sh            (from anywhere; the workload is cached)
#
# Environment:
#   WORK   scratch folder outside the repository   (default: ${TMPDIR:-/tmp}/bearing-bench)
#   LOW, HIGH, STEP   the caps in MiB              (default: 60, 420, 15)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${WORK:-${TMPDIR:-/tmp}/bearing-bench}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
LOW="${LOW:-60}"
HIGH="${HIGH:-420}"
STEP="${STEP:-15}"
BEARING="$REPO/target/release/bearing"
AS_OF=2026-10-01

say() { printf '\n== %s\n' "$*"; }
command -v prlimit >/dev/null 2>&1 || { echo "memory_sweep.sh: prlimit (util-linux) is required" >&2; exit 2; }
# shellcheck source=benches/workload.sh
. "$REPO/benches/workload.sh"

say "building bearing (release)"
(cd "$REPO" && cargo build --release --quiet)
generate hist --commits 5000
repo="$WORK/hist/repo"
site="$(mktemp -d)"
trap 'rm -rf "$site"' EXIT

commands=(
    "log -q"
    "diff HEAD~1 HEAD"
    "check --format sarif --as-of $AS_OF"
    "check -q --base HEAD~1 --as-of $AS_OF"
    "report --format json --as-of $AS_OF"
    "report -q --out $site --as-of $AS_OF"
)
bad=0
say "5,000-commit workload: caps of $LOW to $HIGH MiB, every $STEP"
for command in "${commands[@]}"; do
    ran=0 oom=0 smallest=""
    for cap in $(seq "$LOW" "$STEP" "$HIGH"); do
        status=0
        # shellcheck disable=SC2086 # the command is a list of words
        (cd "$repo" && timeout 40 prlimit --as=$((cap * 1048576)) -- "$BEARING" $command > /dev/null 2> "$WORK/memory-sweep.err") || status=$?
        if [ "$status" = 124 ]; then
            echo "  HANG at $cap MiB: $command"; bad=$((bad + 1))
        elif [ "$status" -ge 101 ] || grep -qE 'panicked|internal error|memory allocation of' "$WORK/memory-sweep.err"; then
            echo "  CRASH at $cap MiB (exit $status): $command"; head -3 "$WORK/memory-sweep.err" | sed 's/^/    /'; bad=$((bad + 1))
        elif grep -qE 'ran out of memory|refused the memory|does not give back' "$WORK/memory-sweep.err"; then
            oom=$((oom + 1))
        elif [ "$status" -le 1 ]; then
            ran=$((ran + 1)); [ -z "$smallest" ] && smallest=$cap
        else
            echo "  ERROR at $cap MiB (exit $status): $command"; head -2 "$WORK/memory-sweep.err" | sed 's/^/    /'; bad=$((bad + 1))
        fi
    done
    printf '  %-45s %3d ran (from %s MiB), %3d out of memory\n' "$command" "$ran" "${smallest:-none}" "$oom"
done

say "result"
if [ "$bad" -gt 0 ]; then
    echo "$bad runs hung, crashed or failed otherwise"
    exit 1
fi
echo "no hang, no panic, no abort: below what a command needs, it says so"
