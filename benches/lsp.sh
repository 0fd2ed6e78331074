#!/usr/bin/env bash
# Benchmark `bearing lsp`: after a one-character edit in one file of a large plan, how
# long until that file's fresh diagnostics arrive (median over many edits), and the
# server's peak memory. Targets from issue #16: median under 150 ms, memory under
# 300 MiB on the default workload (12,205 documents in 2,000 files).
#
# Usage: benches/lsp.sh WORKLOAD [lsp_latency.py options...]
#   WORKLOAD  a plan repository (bearing.yaml and plans/), e.g. the default bench
#             workload as the project's generator writes it
#   options   --edits N, --file plans/x.yaml, --key KEY (the value edited; default
#             title, prose; `id` changes the plan's shape), --after TEXT (edit right
#             after TEXT, e.g. 'contributes_to: [KR-' for a reference), --pause S,
#             --median-ms, --memory-mib
#
# Edits are --pause apart (0.3 s): each is the first after a pause, which the server
# checks at once (its 25 ms debounce holds back only edits that follow closely). A prose
# edit (the default: a title) keeps the last check's findings; --after with a reference
# or --key id measures a check of the whole plan. Builds bearing in release mode first.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -lt 1 ] || [ ! -d "$1" ]; then
    echo "usage: benches/lsp.sh WORKLOAD [options]   (WORKLOAD: a folder with bearing.yaml and plans/)" >&2
    exit 2
fi
WORKLOAD="$(cd "$1" && pwd)"
shift
command -v python3 >/dev/null 2>&1 || { echo "lsp.sh: python3 is required" >&2; exit 2; }

printf '== building bearing (release)\n'
(cd "$REPO" && cargo build --release --quiet)
"$REPO/target/release/bearing" --version

printf '\n== the plan: %s\n' "$WORKLOAD"
find "$WORKLOAD/plans" -name '*.y*ml' | wc -l | xargs printf '%s plan files\n'

printf '\n== bearing lsp: diagnostics after a one-character edit\n'
python3 "$REPO/benches/lsp_latency.py" "$REPO/target/release/bearing" "$WORKLOAD" "$@"
