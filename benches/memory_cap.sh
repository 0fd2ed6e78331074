#!/usr/bin/env bash
# Runs check, report and diff many times under an address-space cap, as CI runners and
# containers impose one, and counts what must never happen: a panic, an abort, a death
# by signal (docs/threat-model.md, issue 20). A clean error naming a limit is counted
# apart and listed; it is acceptable only where the input really exceeds a limit.
#
# Usage: benches/memory_cap.sh            (from anywhere; the workload is cached)
#
# Environment:
#   WORK       scratch folder outside the repository   (default: ${TMPDIR:-/tmp}/bearing-bench)
#   RUNS       runs of each command                    (default: 40)
#   SMALL_CAP  the cap on the worked example           (default: 256 MiB)
#   LARGE_CAP  the cap on the 5,000-commit workload    (default: 512 MiB)
#   NO_LARGE=1 only the worked example
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${WORK:-${TMPDIR:-/tmp}/bearing-bench}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
RUNS="${RUNS:-40}"
SMALL_CAP="${SMALL_CAP:-268435456}"
LARGE_CAP="${LARGE_CAP:-536870912}"
BEARING="$REPO/target/release/bearing"
AS_OF=2026-10-01

say() { printf '\n== %s\n' "$*"; }
command -v prlimit >/dev/null 2>&1 || { echo "memory_cap.sh: prlimit (util-linux) is required" >&2; exit 2; }
# shellcheck source=benches/workload.sh
. "$REPO/benches/workload.sh"

say "building bearing (release)"
(cd "$REPO" && cargo build --release --quiet)

# The worked example as a repository of two commits, so that diff and the history walk run.
example="$(mktemp -d)"
trap 'rm -rf "$example"' EXIT
cp -r "$REPO/fixtures/example/." "$example/"
git -C "$example" init -q
git -C "$example" add -A
git -C "$example" -c user.name=bench -c user.email=bench@example.com commit -q -m one
echo "# edited" >> "$example/bearing.yaml"
git -C "$example" -c user.name=bench -c user.email=bench@example.com commit -q -am two

bad=0
# cap LABEL FOLDER CAP: every command RUNS times under the cap.
cap() {
    local label="$1" dir="$2" limit="$3"
    say "$label: $RUNS runs of each command under prlimit --as=$limit"
    local commands=(
        "check --as-of $AS_OF --format json"
        "check --as-of $AS_OF --base HEAD~1"
        "report --as-of $AS_OF --format markdown"
        "report --as-of $AS_OF --out $dir/.memory-cap-site"
        "diff HEAD~1 HEAD"
    )
    local command
    for command in "${commands[@]}"; do
        local crashes=0 limited=0 oom=0 ok=0 i status
        for i in $(seq 1 "$RUNS"); do
            status=0
            # shellcheck disable=SC2086 # the command is a list of words
            (cd "$dir" && prlimit --as="$limit" -- "$BEARING" $command > /dev/null 2> "$WORK/memory-cap.err") || status=$?
            if [ "$status" -ge 101 ] || grep -qE 'panicked|internal error|memory allocation of|failed to spawn|thread pool' "$WORK/memory-cap.err"; then
                crashes=$((crashes + 1))
                [ "$crashes" = 1 ] && { echo "  crash ($command, exit $status):"; head -3 "$WORK/memory-cap.err" | sed 's/^/    /'; }
            elif grep -q 'ran out of memory' "$WORK/memory-cap.err"; then
                # A clean error, but these workloads are within every limit of bearing.yaml:
                # the default budget promises that they fit (docs/threat-model.md M1).
                oom=$((oom + 1))
            elif [ "$status" = 2 ] && grep -qiE 'limit|memory' "$WORK/memory-cap.err"; then
                limited=$((limited + 1))
            else
                ok=$((ok + 1))
            fi
        done
        printf '  %-50s %3d ran, %3d stopped at a limit, %3d out of memory, %3d crashed\n' \
            "$command" "$ok" "$limited" "$oom" "$crashes"
        bad=$((bad + crashes + oom))
    done
    rm -rf "$dir/.memory-cap-site"
}

cap "worked example" "$example" "$SMALL_CAP"
if [ -z "${NO_LARGE:-}" ]; then
    generate hist --commits 5000
    cap "5,000-commit workload" "$WORK/hist/repo" "$LARGE_CAP"
fi

say "result"
if [ "$bad" -gt 0 ]; then
    echo "$bad runs crashed or ran out of memory"
    exit 1
fi
echo "no panic, no abort"
