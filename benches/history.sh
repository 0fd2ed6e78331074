#!/usr/bin/env bash
# Benchmark bearing's history commands against git's own text history on a generated
# 5,000-commit workload (`cargo xtask genplan --commits 5000`, see benches/workload.sh),
# in one hyperfine run (medians), then check bearing's key-result series and lowered
# targets against the workload's truth.json (benches/compare_history.py).
#
# Usage: benches/history.sh          (from anywhere; rerunnable, the workload is cached)
#
# Environment:
#   WORK       scratch folder outside the repository   (default: ${TMPDIR:-/tmp}/bearing-bench)
#   GENPLAN    an external generator to use instead of `cargo xtask genplan`, with the
#              same options (a Python script, run with python3)      (default: unset)
#   RUNS       timed runs per command                  (default: 10)
#   COMMITS    commits in the workload                 (default: 5000)
#   REGEN=1    regenerate the workload even if present
#   NO_INSTALL=1  never install hyperfine
#
# What is compared (targets from issue #4):
#   bearing log --format json > /dev/null      vs  git log -p -- plans/ > /dev/null   (no slower)
#   bearing diff FIRST LAST --format json      vs  git diff FIRST LAST -- plans/     (within 3x)
#   bearing check -q --base HEAD~1             vs  bearing check -q --no-history     (within 1.5x, #19)
#   the same on a copy of the workload with one more commit that leaves the plan alone (a
#   README edit): the pull request of a monorepo that touches no plan file
# bearing parses every version of every plan document it meets with the plan loader
# (YAML with positions, JSON Schema, model) and computes the semantic changes and the
# value series; git prints text hunks.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${WORK:-${TMPDIR:-/tmp}/bearing-bench}"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
RUNS="${RUNS:-10}"
COMMITS="${COMMITS:-5000}"
BEARING="$REPO/target/release/bearing"
NAME="hist"
[ "$COMMITS" = 5000 ] || NAME="hist-$COMMITS"
HIST="$WORK/$NAME"

say() { printf '\n== %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || { echo "history.sh: \`$1\` is required" >&2; exit 2; }; }
need python3
need cargo
need git
# shellcheck source=benches/workload.sh
. "$REPO/benches/workload.sh"

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}

generate "$NAME" --commits "$COMMITS"

say "building bearing (release)"
(cd "$REPO" && cargo build --release --quiet)
"$BEARING" --version

if ! command -v hyperfine >/dev/null 2>&1; then
    [ -n "${NO_INSTALL:-}" ] && { echo "history.sh: hyperfine is missing" >&2; exit 2; }
    say "installing hyperfine"
    as_root apt-get install -y hyperfine >/dev/null
fi

cd "$HIST/repo"
FIRST="$(git rev-list --max-parents=0 HEAD)"
LAST="$(git rev-parse HEAD)"
echo "workload: $HIST/repo, $(git rev-list --count HEAD) commits, $(git log --format=%H -- plans/ | wc -l) touching plans/"
echo "machine:  $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB"

say "correctness: series and lowered targets against truth.json"
"$BEARING" log --format json > "$WORK/$NAME-log.json"
set +e
"$BEARING" check --base "$FIRST" --format json --as-of 2027-12-20 > "$WORK/$NAME-check-base.json"
set -e
python3 "$REPO/benches/compare_history.py" "$HIST/truth.json" "$WORK/$NAME-log.json" "$WORK/$NAME-check-base.json"

# A pull request that touches no plan file: the workload with a README edit on top.
DOCS="$WORK/$NAME-docs"
if [ ! -d "$DOCS" ] || [ "$(git -C "$DOCS" rev-parse HEAD~1)" != "$LAST" ]; then
    rm -rf "$DOCS"
    git clone -q "$HIST/repo" "$DOCS"
    echo "A change that leaves the plan alone." >> "$DOCS/README.md"
    git -C "$DOCS" add README.md
    GIT_AUTHOR_DATE=2027-12-20T12:00:00Z GIT_COMMITTER_DATE=2027-12-20T12:00:00Z \
        git -C "$DOCS" -c user.name=bench -c user.email=bench@example.com commit -q -m "docs: README"
fi

say "speed (hyperfine, $RUNS runs each, medians)"
hyperfine --warmup 2 --runs "$RUNS" --style basic --export-json "$WORK/$NAME-hyperfine.json" \
    -n "bearing log --format json" "$BEARING log --format json > /dev/null" \
    -n "git log -p -- plans/" "git log -p -- plans/ > /dev/null" \
    -n "bearing diff FIRST LAST" "$BEARING diff $FIRST $LAST --format json > /dev/null" \
    -n "git diff FIRST LAST -- plans/" "git diff $FIRST $LAST -- plans/ > /dev/null" \
    -n "bearing check (history for stale-kr)" "$BEARING check --format json --as-of 2027-12-20 > /dev/null || true" \
    -n "bearing check --no-history" "$BEARING check --no-history --format json --as-of 2027-12-20 > /dev/null || true" \
    -n "bearing check -q --base HEAD~1" "$BEARING check -q --base HEAD~1 --as-of 2027-12-20 > /dev/null || true" \
    -n "bearing check -q --no-history" "$BEARING check -q --no-history --as-of 2027-12-20 > /dev/null || true" \
    -n "bearing check -q --base HEAD~1 (docs only)" "$BEARING -C '$DOCS' check -q --base HEAD~1 --as-of 2027-12-20 > /dev/null || true"

python3 - "$WORK/$NAME-hyperfine.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
median = {name: r["median"] for name, r in results.items()}
print(f"\n{'command':<42}{'median':>10}")
for name, m in median.items():
    print(f"{name:<42}{m:>9.3f}s")
def ratio(a, b, target):
    r = median[a] / median[b]
    print(f"{a} / {b}: {r:.2f}x (target {target})")
print()
ratio("bearing log --format json", "git log -p -- plans/", "<= 1x")
ratio("bearing diff FIRST LAST", "git diff FIRST LAST -- plans/", "<= 3x")
ratio("bearing check -q --base HEAD~1", "bearing check -q --no-history", "<= 1.5x, issue 19")
ratio("bearing check -q --base HEAD~1 (docs only)", "bearing check -q --no-history", "<= 1.5x, issue 19")
PY
