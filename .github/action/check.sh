#!/usr/bin/env bash
# Runs bearing against the pull request's base: annotations on stdout, a Markdown body
# for $GITHUB_STEP_SUMMARY and the comment (the same text, kept in a file), a SARIF log
# for code scanning, outputs in $GITHUB_OUTPUT. Every path bearing prints here is
# relative to the repository root, wherever bearing.yaml is, so GitHub can place it.
# Never fails on findings (gate.sh applies fail-on after the comment is posted); fails on
# usage or input errors, which mean the plan could not be read.
set -euo pipefail
# shellcheck source=.github/action/annotate.sh
. "$(dirname "${BASH_SOURCE[0]}")/annotate.sh"

bearing="${BEARING_BIN:-bearing}"
cd "${INPUT_WORKING_DIRECTORY:-.}"
work="${RUNNER_TEMP:-$(mktemp -d)}"
config=()
if [ -n "${INPUT_CONFIG:-}" ]; then config=(--config "$INPUT_CONFIG"); fi

# The base and head of the pull request, from the event payload.
event_field() {
  if [ -z "${GITHUB_EVENT_PATH:-}" ] || [ ! -f "$GITHUB_EVENT_PATH" ]; then return 0; fi
  python3 - "$GITHUB_EVENT_PATH" "$1" <<'PY'
import json, sys
event = json.load(open(sys.argv[1]))
side = ((event.get("pull_request") or {}).get(sys.argv[2]) or {})
print(side.get("sha") or "")
PY
}
base="${INPUT_BASE:-}"
if [ -z "$base" ]; then base="$(event_field base)"; fi

base_args=()
if [ -n "$base" ]; then
  # The base comes from an input or the event: a value, never an option of git's.
  if ! valid_revision "$base"; then
    annotate error "the base '${base:0:80}' is not a revision name (a commit id, a branch or a tag); set the 'base' input to one"
    exit 2
  fi
  # actions/checkout fetches one commit by default: fetch the base if it is missing.
  if ! git cat-file -e "${base}^{commit}" 2>/dev/null; then
    if ! git fetch --no-tags --quiet --depth=1 -- origin "$base"; then
      annotate error "base commit ${base} is not available and could not be fetched; check out with 'fetch-depth: 0' (actions/checkout) or fetch it before this step"
      exit 2
    fi
  fi
  base_args=("--base=$base")
fi

# One check writes every output: annotations on the YAML lines on stdout (the most
# severe first; the rest counted in one notice), the JSON numbers, SARIF for
# github/codeql-action/upload-sarif, and the headline and new findings for the summary and
# the comment, each linked to its line at the pull request's head.
head_sha="$(event_field head)"
head_sha="${head_sha:-${GITHUB_SHA:-}}"
links=()
if [ -n "${GITHUB_REPOSITORY:-}" ] && [[ "$head_sha" =~ ^[0-9a-f]{40}$ ]]; then
  links=(--links "${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY}/blob/${head_sha}")
fi
sarif="$work/bearing.sarif"
status=0
"$bearing" "${config[@]}" check "${base_args[@]}" --format github "${links[@]}" \
  --write "json=$work/bearing-check.json" --write "sarif=$sarif" \
  --write "markdown=$work/bearing-check.md" || status=$?
if [ "$status" -ge 2 ]; then
  annotate error "bearing could not read the plan (exit $status); see the log above"
  exit "$status"
fi

# The numbers, from the JSON shape (docs/json-output.md).
python3 - "$work/bearing-check.json" >> "$GITHUB_OUTPUT" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
summary = report.get("summary", {})
score = (report.get("measures", {}).get("alignment") or {}).get("score")
new = sum(1 for f in report.get("findings", []) if f.get("status") == "new" and f.get("level") in ("error", "warning"))
print(f"alignment-score={'' if score is None else round(score, 4)}")
print(f"errors={summary.get('errors', 0)}")
print(f"warnings={summary.get('warnings', 0)}")
print(f"new-findings={new}")
PY

echo "sarif-file=$sarif" >> "$GITHUB_OUTPUT"

# The summary and the comment body: the check's Markdown, then the semantic diff and its
# impact (without a base, the report).
comment="$work/bearing-comment.md"
{
  echo "<!-- bearing-comment -->"
  cat "$work/bearing-check.md"
  if [ -n "$base" ]; then
    "$bearing" "${config[@]}" diff --format markdown -- "$base" || echo "_bearing could not compute the diff against \`${base}\`._"
  else
    "$bearing" "${config[@]}" report --format markdown || true
  fi
} > "$comment.full"
# A PR comment holds at most 65,536 characters: keep the most important part, say so.
python3 - "$comment.full" "$comment" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
limit = 65536 - 200
if len(text) > limit:
    cut = text.rfind("\n", 0, limit)
    text = text[: cut if cut > 0 else limit] + "\n\n> Truncated: the full report is in the job summary and `bearing report`.\n"
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY
cat "$comment" >> "${GITHUB_STEP_SUMMARY:-/dev/null}"
echo "comment-path=$comment" >> "$GITHUB_OUTPUT"

# The report site, ready for actions/upload-pages-artifact.
if [ -n "${INPUT_REPORT_DIR:-}" ]; then
  "$bearing" "${config[@]}" report --format html --out "$INPUT_REPORT_DIR"
  echo "report-dir=$INPUT_REPORT_DIR" >> "$GITHUB_OUTPUT"
else
  echo "report-dir=" >> "$GITHUB_OUTPUT"
fi
