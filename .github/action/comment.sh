#!/usr/bin/env bash
# Creates or updates ONE pull-request comment through the GitHub REST API: the comment
# that carries the hidden marker AND was written by the token's own identity. A comment
# by anyone else is never touched, marker or not (quoting the marker used to make the job
# fail with a 403, or worse). Edits in place; makes no call at all when the body is
# unchanged.
#
# The pull request comes from the event, never from data:
# - `pull_request`: the event's pull request. A fork's pull request gets a read-only
#   token: the comment is skipped with a notice (use the two-workflow pattern).
# - `workflow_run` (the second workflow of the fork-safe pair, docs/workflows/): the
#   pull request whose head is the run's head SHA, from the event, or looked up by the
#   run's head branch and checked against that SHA. A number in the artifact is ignored.
#
# Needs: COMMENT_PATH (the body), GITHUB_TOKEN, GITHUB_EVENT_PATH, GITHUB_REPOSITORY.
set -euo pipefail
# shellcheck source=.github/action/annotate.sh
. "$(dirname "${BASH_SOURCE[0]}")/annotate.sh"

marker="<!-- bearing-comment -->"
event="${GITHUB_EVENT_PATH:-}"
if [ -z "$event" ] || [ ! -f "$event" ] || [ ! -f "${COMMENT_PATH:-}" ]; then
  annotate notice "no event payload or no comment body; comment skipped"
  exit 0
fi

api="${GITHUB_API_URL:-https://api.github.com}"
repo_api="$api/repos/${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}"
auth=(-H "Authorization: Bearer ${GITHUB_TOKEN:?GITHUB_TOKEN is not set}" -H "Accept: application/vnd.github+json" -H "X-GitHub-Api-Version: 2022-11-28")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# What the event says: the pull request (or how to find it) and whether it is a fork's.
python3 - "$event" "${GITHUB_REPOSITORY}" > "$work/event.txt" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
repo = sys.argv[2]
def number(n):
    return str(n) if isinstance(n, int) and n > 0 else "-"
if "workflow_run" in e:
    run = e["workflow_run"] or {}
    sha = run.get("head_sha") or ""
    # Same-repository pull requests are listed in the event; a fork's are not.
    listed = [p for p in run.get("pull_requests") or []
              if ((p.get("head") or {}).get("sha") == sha)
              and (((p.get("base") or {}).get("repo") or {}).get("name") == repo.split("/")[-1])]
    head_repo = (run.get("head_repository") or {}).get("full_name") or ""
    owner = head_repo.split("/")[0] if "/" in head_repo else ""
    print("workflow_run", number(listed[0].get("number")) if listed else "-", sha or "-", owner or "-", run.get("head_branch") or "-")
else:
    pr = e.get("pull_request") or {}
    head = ((pr.get("head") or {}).get("repo") or {}).get("full_name")
    base = ((pr.get("base") or {}).get("repo") or {}).get("full_name")
    fork = "fork" if head and base and head != base else "same"
    print("pull_request", number(pr.get("number")), (pr.get("head") or {}).get("sha") or "-", fork, "-")
PY
# Five words, "-" for none (a branch name holds no space).
read -r kind pr head_sha fork_or_owner branch < "$work/event.txt"
if [ "$pr" = "-" ]; then pr=""; fi

if [ "$kind" = pull_request ]; then
  if [ -z "$pr" ]; then
    annotate notice "not a pull request; comment skipped"
    exit 0
  fi
  if [ "$fork_or_owner" = fork ]; then
    annotate notice "pull request from a fork: its token is read-only, so the comment is skipped (see the two-workflow pattern in the bearing docs)"
    exit 0
  fi
elif [ -z "$pr" ]; then
  # A fork's pull request: find the open pull request whose head is that branch of that
  # owner, and accept it only if its head is still the commit this run checked.
  if ! [[ "$head_sha" =~ ^[0-9a-f]{40}$ ]] || [ "$fork_or_owner" = "-" ] || [ "$branch" = "-" ]; then
    annotate notice "the workflow_run event names no pull request head; comment skipped"
    exit 0
  fi
  python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1] + ":" + sys.argv[2], safe=""))' \
    "$fork_or_owner" "$branch" > "$work/head.txt"
  curl -sS --fail "${auth[@]}" "$repo_api/pulls?state=open&per_page=100&head=$(cat "$work/head.txt")" > "$work/pulls.json"
  pr="$(python3 - "$work/pulls.json" "$head_sha" <<'PY'
import json, sys
pulls = json.load(open(sys.argv[1]))
match = [p for p in pulls if (p.get("head") or {}).get("sha") == sys.argv[2]]
print(match[0]["number"] if len(match) == 1 and isinstance(match[0].get("number"), int) else "")
PY
)"
  if [ -z "$pr" ]; then
    annotate notice "no open pull request has head ${head_sha} (it may have moved on); comment skipped"
    exit 0
  fi
fi

# Who the token is: only its own comments are candidates.
printf '%s' '{"query":"query { viewer { login databaseId } }"}' > "$work/viewer-query.json"
if ! curl -sS --fail -X POST "${auth[@]}" "${GITHUB_GRAPHQL_URL:-$api/graphql}" --data @"$work/viewer-query.json" > "$work/viewer.json"; then
  annotate warning "could not tell which identity the token has, so no comment can be safely edited; comment skipped"
  exit 0
fi
read -r me_login me_id < <(python3 - "$work/viewer.json" <<'PY'
import json, sys
viewer = ((json.load(open(sys.argv[1])).get("data") or {}).get("viewer") or {})
login = viewer.get("login") or ""
ident = viewer.get("databaseId")
print(login or "-", ident if isinstance(ident, int) else "-")
PY
)
if [ "$me_login" = "-" ]; then
  annotate warning "the token has no identity to recognise its own comment by; comment skipped"
  exit 0
fi

# The body: the marker first (an artifact is data and may lack it), at most 65,536 characters.
python3 - "$COMMENT_PATH" "$marker" > "$work/payload.json" <<'PY'
import json, sys
body = open(sys.argv[1], encoding="utf-8", errors="replace").read()
marker = sys.argv[2]
if not body.startswith(marker):
    body = marker + "\n" + body
if len(body) > 65536:
    cut = body.rfind("\n", 0, 65536 - 200)
    body = body[: cut if cut > 0 else 65536 - 200] + "\n\n> Truncated.\n"
print(json.dumps({"body": body}))
PY

# Our comment: the marker, written by us (by id where the API gives one, else by login).
existing=""
for page in $(seq 1 20); do
  curl -sS --fail "${auth[@]}" "$repo_api/issues/$pr/comments?per_page=100&page=$page" > "$work/page.json"
  found="$(python3 - "$work/page.json" "$marker" "$me_login" "$me_id" <<'PY'
import json, sys
comments = json.load(open(sys.argv[1]))
marker, login, ident = sys.argv[2], sys.argv[3], sys.argv[4]
def ours(c):
    user = c.get("user") or {}
    if ident != "-":
        return str(user.get("id")) == ident
    return user.get("login") == login
for c in comments:
    if marker in (c.get("body") or "") and ours(c):
        print(c["id"]); break
else:
    print("none" if comments else "end")
PY
)"
  if [ "$found" = "end" ]; then break; fi
  if [ "$found" != "none" ]; then existing="$found"; cp "$work/page.json" "$work/ours.json"; break; fi
done

if [ -n "$existing" ]; then
  same="$(python3 - "$work/ours.json" "$existing" "$work/payload.json" <<'PY'
import json, sys
comments = {str(c["id"]): c.get("body") or "" for c in json.load(open(sys.argv[1]))}
print("same" if comments.get(sys.argv[2]) == json.load(open(sys.argv[3]))["body"] else "changed")
PY
)"
  if [ "$same" = "same" ]; then
    echo "bearing: the comment is up to date; no edit"
    exit 0
  fi
  curl -sS --fail -X PATCH "${auth[@]}" "$repo_api/issues/comments/$existing" --data @"$work/payload.json" > /dev/null
  echo "bearing: updated comment $existing on pull request #$pr"
else
  curl -sS --fail -X POST "${auth[@]}" "$repo_api/issues/$pr/comments" --data @"$work/payload.json" > /dev/null
  echo "bearing: created the comment on pull request #$pr"
fi
