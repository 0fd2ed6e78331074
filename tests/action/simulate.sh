#!/usr/bin/env bash
# Runs the action's steps as a GitHub runner would, on a temporary repository with a base
# and a head commit, a pull_request event payload, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY
# files, and a fake curl that records the API calls. Exits non-zero on the first failed
# expectation. Needs: $BEARING (the binary), git, python3.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
repo="$tmp/repo"
mkdir -p "$repo"
cp -r "$root/fixtures/example/." "$repo/"
git -C "$repo" init -q -b main
git -C "$repo" add -A
GIT_AUTHOR_DATE=2026-09-01T10:00:00Z GIT_COMMITTER_DATE=2026-09-01T10:00:00Z git -C "$repo" commit -q -m base
base="$(git -C "$repo" rev-parse HEAD)"
# The head: a hostile title (A2) on a project that now serves nothing.
python3 - "$repo/plans/projects/data.yaml" <<'PY'
import sys
p = sys.argv[1]
text = open(p).read()
text = text.replace("title: New CRM system", 'title: "::error file=README.md,line=1::pwned"', 1)
open(p, "w").write(text)
PY
cat >> "$repo/plans/projects/data.yaml" <<'YAML'
---
kind: Project
id: P-side-quest
title: A project that serves nothing
status: active
YAML
git -C "$repo" add -A
GIT_AUTHOR_DATE=2026-09-02T10:00:00Z GIT_COMMITTER_DATE=2026-09-02T10:00:00Z git -C "$repo" commit -q -m head

export GITHUB_EVENT_PATH="$tmp/event.json"
cat > "$GITHUB_EVENT_PATH" <<JSON
{"pull_request": {"number": 7,
  "base": {"sha": "$base", "repo": {"full_name": "acme/plan"}},
  "head": {"sha": "$(git -C "$repo" rev-parse HEAD)", "repo": {"full_name": "acme/plan"}}}}
JSON
export GITHUB_REPOSITORY=acme/plan GITHUB_API_URL=https://api.example.invalid
export RUNNER_TEMP="$tmp/runner" GITHUB_ACTION_PATH="$root"
mkdir -p "$RUNNER_TEMP"
export BEARING_BIN="$BEARING" INPUT_WORKING_DIRECTORY="$repo" INPUT_CONFIG="" INPUT_BASE="" INPUT_REPORT_DIR="$tmp/site"

# --- install: uses the given binary and sets `bin`
export GITHUB_OUTPUT="$tmp/install-output"; : > "$GITHUB_OUTPUT"
bash "$root/.github/action/install.sh" > /dev/null
grep -q "^bin=$BEARING$" "$GITHUB_OUTPUT" || fail "install did not set bin"

# --- check
export GITHUB_OUTPUT="$tmp/output" GITHUB_STEP_SUMMARY="$tmp/summary.md"
: > "$GITHUB_OUTPUT"; : > "$GITHUB_STEP_SUMMARY"
bash "$root/.github/action/check.sh" > "$tmp/stdout" 2> "$tmp/stderr" || { cat "$tmp/stdout" "$tmp/stderr"; fail "check.sh failed"; }
grep -q '^::error file=plans/projects/data.yaml,line=' "$tmp/stdout" || { cat "$tmp/stdout"; fail "no annotation on the plan file"; }
if grep -q '^::error file=README.md' "$tmp/stdout" || grep -q '^::error::pwned' "$tmp/stdout"; then fail "a plan title injected a workflow command"; fi
for key in alignment-score errors warnings new-findings comment-path report-dir; do
  grep -q "^$key=" "$GITHUB_OUTPUT" || fail "output $key missing"
done
errors="$(sed -n 's/^errors=//p' "$GITHUB_OUTPUT")"; [ "$errors" -ge 1 ] || fail "errors=$errors"
new="$(sed -n 's/^new-findings=//p' "$GITHUB_OUTPUT")"; [ "$new" -ge 1 ] || fail "new-findings=$new"
grep -q 'bearing-comment' "$GITHUB_STEP_SUMMARY" || fail "summary not written"
[ -f "$tmp/site/index.html" ] || fail "report site not built"
comment="$(sed -n 's/^comment-path=//p' "$GITHUB_OUTPUT")"
[ "$(wc -c < "$comment")" -le 65536 ] || fail "comment over 65,536 characters"

# --- A5: with 10,000 findings the comment still fits in 65,536 characters
python3 - "$repo/plans/projects" <<'PY'
import sys
for part in range(10):
    with open(f"{sys.argv[1]}/many-{part}.yaml", "w") as f:
        for i in range(part * 1000, part * 1000 + 1000):
            f.write(f"---\nkind: Project\nid: P-many-{i}\ntitle: Project {i}\nstatus: active\ncontributes_to: [KR-missing-{i}]\n")
PY
git -C "$repo" add -A
GIT_AUTHOR_DATE=2026-09-03T10:00:00Z GIT_COMMITTER_DATE=2026-09-03T10:00:00Z git -C "$repo" commit -q -m many
: > "$GITHUB_OUTPUT"; : > "$GITHUB_STEP_SUMMARY"
INPUT_REPORT_DIR="" bash "$root/.github/action/check.sh" > "$tmp/stdout-many" 2>&1 || { tail -20 "$tmp/stdout-many"; fail "check.sh failed with 10,000 findings"; }
many="$(sed -n 's/^comment-path=//p' "$GITHUB_OUTPUT")"
chars="$(python3 -c 'import sys; print(len(open(sys.argv[1], encoding="utf-8").read()))' "$many")"
[ "$chars" -le 65536 ] || fail "comment has $chars characters"
[ "$(grep -c '^::error ' "$tmp/stdout-many")" -le 10 ] || fail "more than 10 error annotations"
grep -q '^::notice.*more findings' "$tmp/stdout-many" || fail "no notice counting the rest"
git -C "$repo" reset -q --hard HEAD~1
: > "$GITHUB_OUTPUT"
INPUT_REPORT_DIR="" bash "$root/.github/action/check.sh" > /dev/null 2>&1
comment="$(sed -n 's/^comment-path=//p' "$GITHUB_OUTPUT")"

# --- comment: created once, then left alone when unchanged, edited when changed
export FAKE_API="$tmp/api"; mkdir -p "$FAKE_API"; echo '[{"id": 1, "body": "an unrelated comment"}]' > "$FAKE_API/comments.json"
mkdir -p "$tmp/bin"; cp "$here/fake-curl" "$tmp/bin/curl"; chmod +x "$tmp/bin/curl"
export PATH="$tmp/bin:$PATH" GITHUB_TOKEN=fake COMMENT_PATH="$comment"
bash "$root/.github/action/comment.sh" > /dev/null
[ "$(grep -c '^POST ' "$FAKE_API/calls.log")" = 1 ] || fail "first run did not create one comment"
bash "$root/.github/action/comment.sh" > /dev/null
[ "$(grep -c '^POST ' "$FAKE_API/calls.log")" = 1 ] || fail "second run created another comment"
grep -q '^PATCH ' "$FAKE_API/calls.log" && fail "an unchanged body was edited"
echo "one more line" >> "$comment"
bash "$root/.github/action/comment.sh" > /dev/null
[ "$(grep -c '^PATCH ' "$FAKE_API/calls.log")" = 1 ] || fail "a changed body was not edited in place"
[ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$FAKE_API/comments.json")" = 2 ] || fail "comments were duplicated"

# --- a fork's pull request: the comment is skipped with a notice
python3 - "$GITHUB_EVENT_PATH" <<'PY'
import json, sys
e = json.load(open(sys.argv[1])); e["pull_request"]["head"]["repo"]["full_name"] = "someone/plan"
json.dump(e, open(sys.argv[1], "w"))
PY
bash "$root/.github/action/comment.sh" | grep -q '^::notice.*fork' || fail "fork comment not skipped with a notice"

# --- fail-on
for case in "error 3 0 0 1" "error 0 5 5 0" "warning 0 5 0 1" "new 4 4 0 0" "new 0 0 1 1" "never 9 9 9 0"; do
  set -- $case
  status=0
  INPUT_FAIL_ON=$1 ERRORS=$2 WARNINGS=$3 NEW_FINDINGS=$4 bash "$root/.github/action/gate.sh" > /dev/null || status=$?
  [ "$status" = "$5" ] || fail "fail-on $1 with $2/$3/$4: exit $status, expected $5"
done
status=0; INPUT_FAIL_ON=sometimes bash "$root/.github/action/gate.sh" > /dev/null || status=$?
[ "$status" = 2 ] || fail "an unknown fail-on value was accepted"

echo "action simulation: ok"
