#!/usr/bin/env bash
# Creates or updates ONE pull-request comment, found by its hidden marker, through the
# GitHub REST API. Edits in place; makes no call at all when the body is unchanged.
# A fork's pull request gets a read-only token: the comment is skipped with a notice
# (docs/workflows/pr-comment.yml shows the two-workflow pattern for forks).
set -euo pipefail

marker="<!-- bearing-comment -->"
event="${GITHUB_EVENT_PATH:-}"
if [ -z "$event" ] || [ ! -f "$event" ] || [ ! -f "${COMMENT_PATH:-}" ]; then
  echo "::notice title=bearing::no pull request event or no comment body; comment skipped"
  exit 0
fi

read -r pr fork < <(python3 - "$event" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
pr = e.get("pull_request") or {}
head = ((pr.get("head") or {}).get("repo") or {}).get("full_name")
base = ((pr.get("base") or {}).get("repo") or {}).get("full_name")
print(pr.get("number") or "", "fork" if head and base and head != base else "same")
PY
)
if [ -z "$pr" ]; then
  echo "::notice title=bearing::not a pull request; comment skipped"
  exit 0
fi
if [ "$fork" = "fork" ]; then
  echo "::notice title=bearing::pull request from a fork: its token is read-only, so the comment is skipped (see the two-workflow pattern in the bearing docs)"
  exit 0
fi

api="${GITHUB_API_URL:-https://api.github.com}/repos/${GITHUB_REPOSITORY}"
auth=(-H "Authorization: Bearer ${GITHUB_TOKEN}" -H "Accept: application/vnd.github+json" -H "X-GitHub-Api-Version: 2022-11-28")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Find our comment among the pull request's comments (100 per page, at most 20 pages).
existing=""
for page in $(seq 1 20); do
  curl -sS --fail "${auth[@]}" "$api/issues/$pr/comments?per_page=100&page=$page" > "$work/page.json"
  found="$(python3 - "$work/page.json" "$marker" <<'PY'
import json, sys
comments = json.load(open(sys.argv[1]))
for c in comments:
    if sys.argv[2] in (c.get("body") or ""):
        print(c["id"]); break
else:
    print("none" if comments else "end")
PY
)"
  if [ "$found" = "end" ]; then break; fi
  if [ "$found" != "none" ]; then existing="$found"; cp "$work/page.json" "$work/ours.json"; break; fi
done

python3 - "$COMMENT_PATH" > "$work/payload.json" <<'PY'
import json, sys
print(json.dumps({"body": open(sys.argv[1], encoding="utf-8").read()}))
PY

if [ -n "$existing" ]; then
  same="$(python3 - "$work/ours.json" "$existing" "$COMMENT_PATH" <<'PY'
import json, sys
comments = {str(c["id"]): c.get("body") or "" for c in json.load(open(sys.argv[1]))}
print("same" if comments.get(sys.argv[2]) == open(sys.argv[3], encoding="utf-8").read() else "changed")
PY
)"
  if [ "$same" = "same" ]; then
    echo "bearing: the comment is up to date; no edit"
    exit 0
  fi
  curl -sS --fail -X PATCH "${auth[@]}" "$api/issues/comments/$existing" --data @"$work/payload.json" > /dev/null
  echo "bearing: updated comment $existing"
else
  curl -sS --fail -X POST "${auth[@]}" "$api/issues/$pr/comments" --data @"$work/payload.json" > /dev/null
  echo "bearing: created the comment"
fi
