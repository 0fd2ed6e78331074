#!/usr/bin/env bash
# Benchmark `bearing check` against an in-process Node.js peer (benches/peer/validate.cjs:
# js-yaml + Ajv on the repository's schema/plan.schema.json) on generated workloads,
# then compare bearing's findings with the workload's ground truth
# (benches/compare_truth.py). Workloads come from the repository's own generator,
# `cargo xtask genplan` (see benches/workload.sh).
#
# Usage: benches/check.sh            (from anywhere; rerunnable, workloads are cached)
#
# To tell whether a change made bearing slower, time the old and the new build side by side
# with benches/ab.py (interleaved runs, medians of wall and CPU time).
#
# Environment:
#   WORK       scratch folder outside the repository   (default: ${TMPDIR:-/tmp}/bearing-bench)
#   GENPLAN    an external generator to use instead of `cargo xtask genplan`, with the
#              same options (a Python script, run with python3)      (default: unset)
#   RUNS       timed runs per command                  (default: 15)
#   REGEN=1    regenerate the workloads even if present
#   NO_INSTALL=1  never install hyperfine or the Node packages
#
# Note what is compared: bearing parses, validates against its schemas AND runs every
# rule (references, cycles, alignment, ...); the peer only parses and validates against
# the same schema. Both exit non-zero on this workload (it holds injected violations),
# so hyperfine runs with --ignore-failure.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${WORK:-${TMPDIR:-/tmp}/bearing-bench}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
RUNS="${RUNS:-15}"
AS_OF=2026-10-01
BEARING="$REPO/target/release/bearing"
SCHEMA="$REPO/schema/plan.schema.json"
PEER="$REPO/benches/peer/validate.cjs"
export NODE_PATH="$WORK/node/node_modules"

say() { printf '\n== %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "check.sh: \`$1\` is required" >&2; exit 2; }; }
need python3
need cargo
need node
# shellcheck source=benches/workload.sh
. "$REPO/benches/workload.sh"

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}

# ------------------------------------------------------------------ workloads
generate default
generate one --files 12200

# ------------------------------------------------------------------ tools
say "building bearing (release)"
(cd "$REPO" && cargo build --release --quiet)
"$BEARING" --version

if ! node -e 'require("ajv"); require("ajv-formats"); require("js-yaml")' 2>/dev/null; then
    [ -n "${NO_INSTALL:-}" ] && { echo "check.sh: ajv, ajv-formats, js-yaml missing under $NODE_PATH" >&2; exit 2; }
    say "installing the Node peer into $WORK/node"
    npm install --silent --no-audit --no-fund --prefix "$WORK/node" ajv@8 ajv-formats@3 js-yaml@4 >/dev/null
fi

if ! command -v hyperfine >/dev/null 2>&1 && [ -z "${NO_INSTALL:-}" ]; then
    say "installing hyperfine"
    as_root apt-get install -y -qq hyperfine >/dev/null 2>&1 \
        || { as_root apt-get update -qq >/dev/null 2>&1 && as_root apt-get install -y -qq hyperfine >/dev/null 2>&1; } \
        || echo "could not install hyperfine: falling back to /usr/bin/time"
fi
TIME_BIN=""
[ -x /usr/bin/time ] && TIME_BIN=/usr/bin/time

# ------------------------------------------------------------------ measures
# Peak RSS in MiB of one run of a shell command (GNU time -v).
peak_rss() {
    [ -n "$TIME_BIN" ] || { echo "n/a"; return; }
    local kb
    kb=$("$TIME_BIN" -v bash -c "$1" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')
    awk -v kb="${kb:-0}" 'BEGIN { printf "%.1f MiB", kb / 1024 }'
}

# Median wall time in seconds of RUNS runs (fallback when hyperfine is missing).
median_time() {
    local times=() i start end
    bash -c "$1" >/dev/null 2>&1 || true # warm-up
    for ((i = 0; i < RUNS; i++)); do
        start=$(date +%s.%N)
        bash -c "$1" >/dev/null 2>&1 || true
        end=$(date +%s.%N)
        times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }')")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

SUMMARY=()
bench() { # NAME
    local name="$1" repo="$WORK/$1/repo"
    # Two ways to run bearing: every finding and every measure as JSON (15 MB on the
    # default workload), and the summary line alone (`-q`). The peer prints its errors.
    local json_cmd="cd '$repo' && '$BEARING' check --format json --as-of $AS_OF > /dev/null"
    local quiet_cmd="cd '$repo' && '$BEARING' check -q --as-of $AS_OF > /dev/null"
    local peer_cmd="cd '$repo' && node '$PEER' '$SCHEMA' plans > /dev/null 2>&1"
    local files docs
    files=$(find "$repo/plans" -name '*.y*ml' | wc -l)
    docs=$(cd "$repo" && { "$BEARING" check --format json --as-of $AS_OF 2>/dev/null || true; } \
        | python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print(s["documents"], "documents,", s["errors"], "errors")' \
        || echo "? documents")
    say "workload '$name': $files plan files, $docs"

    local j_med q_med p_med
    if command -v hyperfine >/dev/null 2>&1; then
        hyperfine --ignore-failure --warmup 2 --runs "$RUNS" --style basic \
            --export-json "$WORK/$name/hyperfine.json" \
            -n bearing-json "$json_cmd" -n bearing-quiet "$quiet_cmd" -n ajv-peer "$peer_cmd"
        read -r j_med q_med p_med < <(python3 -c '
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
print(r["bearing-json"]["median"], r["bearing-quiet"]["median"], r["ajv-peer"]["median"])' "$WORK/$name/hyperfine.json")
    else
        echo "(hyperfine missing: median of $RUNS runs, timed with date)"
        j_med=$(median_time "$json_cmd")
        q_med=$(median_time "$quiet_cmd")
        p_med=$(median_time "$peer_cmd")
    fi
    local j_rss p_rss
    j_rss=$(peak_rss "$json_cmd")
    p_rss=$(peak_rss "$peer_cmd")
    local line
    line=$(awk -v n="$name" -v j="$j_med" -v q="$q_med" -v p="$p_med" -v jr="$j_rss" -v pr="$p_rss" 'BEGIN {
        printf "%-8s bearing json %6.1f ms (peak %s), -q %6.1f ms   ajv-peer %7.1f ms (peak %s)   peer/bearing: json %.2fx, -q %.2fx",
            n, j * 1000, jr, q * 1000, p * 1000, pr, p / j, p / q }')
    echo "$line"
    SUMMARY+=("$line")
}

bench default
bench one

say "medians"
printf '%s\n' "${SUMMARY[@]}"

# ------------------------------------------------------------------ truth
say "findings against truth.json (default workload)"
(cd "$WORK/default/repo" && "$BEARING" check --format json --as-of $AS_OF > "$WORK/default/out.json") || true
status=0
python3 "$REPO/benches/compare_truth.py" "$WORK/default/truth.json" "$WORK/default/out.json" || status=$?
[ "$status" = 0 ] && echo "compare_truth: every expected finding, nothing extra" \
    || echo "compare_truth: differences above (exit $status)"
exit "$status"
