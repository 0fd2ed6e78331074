#!/usr/bin/env bash
# The pull-request gate end to end, as the Action runs it on a pull request (issue 19):
# install bearing from a release archive (packed and summed by the release workflow's own
# scripts, served from 127.0.0.1 as GitHub's downloads are), then `.github/action/check.sh`
# against the pull request's base (one check writing annotations, JSON, SARIF and the
# Markdown; the semantic diff; the comment body and the job summary), then `gate.sh`.
# Timed on the worked example (`bearing init --example`, a year of history) and on the
# 5,000-commit workload (`cargo xtask genplan --commits 5000`, see benches/workload.sh),
# with the head commit the pull request's head and its parent the base; beside it, in the
# same interleaved runs, the Action's previous script (`git show REV:.github/action/check.sh`:
# four checks, each reading the plan, the base and the history again) and `check -q
# --no-history`, the floor.
#
# Usage: benches/gate.sh          (from anywhere; rerunnable, workloads are cached)
#
# Environment:
#   WORK       scratch folder outside the repository   (default: ${TMPDIR:-/tmp}/bearing-bench)
#   RUNS       timed runs of each                      (default: 10)
#   BEFORE     the revision whose check.sh is the "before" script (default: 1c54102)
#   AS_OF      --as-of for the 5,000-commit workload: its newest commit's day, as a gate
#              run on the day of the pull request is (default: 2027-12-15)
#   REGEN=1    regenerate the workload even if present
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${WORK:-${TMPDIR:-/tmp}/bearing-bench}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
RUNS="${RUNS:-10}"
BEFORE="${BEFORE:-1c54102}"
AS_OF="${AS_OF:-2027-12-15}"
BEARING="$REPO/target/release/bearing"

say() { printf '\n== %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "gate.sh: \`$1\` is required" >&2; exit 2; }; }
need python3
need cargo
need git
need curl
need tar
# shellcheck source=benches/workload.sh
. "$REPO/benches/workload.sh"

generate hist --commits 5000

say "building bearing (release)"
(cd "$REPO" && cargo build --release --quiet)
"$BEARING" --version

tmp="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# ------------------------------------------------------------------ the release
version="$(sed -n '/^\[package\]/,/^\[/p' "$REPO/Cargo.toml" | sed -n 's/^version *= *"\(.*\)"$/\1/p' | head -n 1)"
case "$(uname -m)" in
    x86_64) arch=X64; target=x86_64-unknown-linux-musl ;;
    aarch64 | arm64) arch=ARM64; target=aarch64-unknown-linux-musl ;;
    *) echo "gate.sh: no release target for $(uname -m)"; exit 2 ;;
esac
action="$tmp/action"
mkdir -p "$action/.github/action" "$action/.github/release" "$tmp/releases/v$version"
cp "$REPO/Cargo.toml" "$REPO/README.md" "$action/"
cp "$REPO/.github/action/"*.sh "$action/.github/action/"
cp "$REPO/.github/release/"*.sh "$action/.github/release/"
(cd "$action" && bash .github/release/package.sh "$target" "$BEARING" "$tmp/releases/v$version" >/dev/null)
(cd "$action" && bash .github/release/checksums.sh "$tmp/releases/v$version" >/dev/null)
python3 -u -m http.server --bind 127.0.0.1 --directory "$tmp/releases" 0 >"$tmp/server.log" 2>&1 &
server=$!
port=""
for _ in $(seq 1 50); do
    port="$(sed -n 's/.*port \([0-9][0-9]*\).*/\1/p' "$tmp/server.log" | head -n 1)"
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { cat "$tmp/server.log"; echo "gate.sh: the local release server did not start" >&2; exit 2; }

git -C "$REPO" show "$BEFORE:.github/action/check.sh" >"$action/.github/action/check-before.sh"

# ------------------------------------------------------------------ one gate run
# gate REPO AS_OF SCRIPT: install, check.sh (SCRIPT), gate.sh; prints nothing, fails loudly.
gate() {
    local repo="$1" as_of="$2" script="$3" run="$tmp/run"
    rm -rf "$run" && mkdir -p "$run/runner"
    export GITHUB_ACTION_PATH="$action" RUNNER_TEMP="$run/runner" RUNNER_OS=Linux RUNNER_ARCH="$arch"
    export BEARING_RELEASES_URL="http://127.0.0.1:$port" BEARING_VERSION=""
    export GITHUB_OUTPUT="$run/install-output"
    : >"$GITHUB_OUTPUT"
    bash "$action/.github/action/install.sh" >/dev/null
    local bin
    bin="$(sed -n 's/^bin=//p' "$GITHUB_OUTPUT")"
    cat >"$run/event.json" <<JSON
{"pull_request": {"number": 7,
  "base": {"sha": "$(git -C "$repo" rev-parse HEAD~1)", "repo": {"full_name": "acme/plan"}},
  "head": {"sha": "$(git -C "$repo" rev-parse HEAD)", "repo": {"full_name": "acme/plan"}}}}
JSON
    export GITHUB_EVENT_PATH="$run/event.json" GITHUB_REPOSITORY=acme/plan
    export GITHUB_OUTPUT="$run/output" GITHUB_STEP_SUMMARY="$run/summary.md"
    : >"$GITHUB_OUTPUT"
    : >"$GITHUB_STEP_SUMMARY"
    # The day of the pull request reaches bearing as a runner's clock would: a wrapper
    # adds `--as-of` to every command that takes it (bearing has no such variable).
    cat >"$run/bearing" <<SH
#!/bin/sh
case "\$1" in
    check | diff | report | trace) sub="\$1"; shift; exec "$bin" "\$sub" --as-of "$as_of" "\$@" ;;
    *) exec "$bin" "\$@" ;;
esac
SH
    chmod +x "$run/bearing"
    BEARING_BIN="$run/bearing" INPUT_WORKING_DIRECTORY="$repo" INPUT_CONFIG="" \
        INPUT_BASE="" INPUT_REPORT_DIR="" bash "$action/.github/action/$script" >"$run/stdout" 2>"$run/stderr" \
        || { cat "$run/stdout" "$run/stderr"; echo "gate.sh: $script failed" >&2; exit 1; }
    grep -q '<!-- bearing-comment -->' "$run/runner/bearing-comment.md" || { echo "gate.sh: no comment body" >&2; exit 1; }
    INPUT_FAIL_ON=never ERRORS="$(sed -n 's/^errors=//p' "$GITHUB_OUTPUT")" \
        WARNINGS="$(sed -n 's/^warnings=//p' "$GITHUB_OUTPUT")" \
        NEW_FINDINGS="$(sed -n 's/^new-findings=//p' "$GITHUB_OUTPUT")" \
        bash "$action/.github/action/gate.sh" >/dev/null
}

# ------------------------------------------------------------------ timing
# Interleaved runs of the gate now, the gate before and the floor; medians.
measure() {
    local name="$1" repo="$2" as_of="$3"
    say "workload '$name': $(git -C "$repo" rev-list --count HEAD) commits"
    python3 - "$RUNS" "$name" <<PY
import statistics, subprocess, sys, time
runs, name = int(sys.argv[1]), sys.argv[2]
cmds = {
    "gate now (install, 1 check, diff, comment)": ["bash", "-c", "gate '$repo' '$as_of' check.sh"],
    "gate before (install, 4 checks, diff, comment)": ["bash", "-c", "gate '$repo' '$as_of' check-before.sh"],
    "check -q --no-history": ["bash", "-c", "cd '$repo' && '$BEARING' check -q --no-history --as-of '$as_of' >/dev/null || true"],
    "check -q --base HEAD~1": ["bash", "-c", "cd '$repo' && '$BEARING' check -q --base HEAD~1 --as-of '$as_of' >/dev/null || true"],
}
times = {k: [] for k in cmds}
for k, c in cmds.items():  # warm-up
    subprocess.run(c, check=True)
for _ in range(runs):
    for k, c in cmds.items():
        t = time.perf_counter()
        subprocess.run(c, check=True)
        times[k].append(time.perf_counter() - t)
floor = statistics.median(times["check -q --no-history"])
for k, v in times.items():
    m = statistics.median(v)
    print(f"{name:8} {k:48} {m * 1000:8.1f} ms  ({m / floor:4.1f}x the floor)")
PY
}

export -f gate
export tmp action port arch BEARING

example="$tmp/example"
"$BEARING" init --example "$example" >/dev/null
measure example "$example" 2026-10-01
measure hist "$WORK/hist/repo" "$AS_OF"
