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

head_sha="$(git -C "$repo" rev-parse HEAD)"
export GITHUB_EVENT_PATH="$tmp/event.json"
cat > "$GITHUB_EVENT_PATH" <<JSON
{"pull_request": {"number": 7,
  "base": {"sha": "$base", "repo": {"full_name": "acme/plan"}},
  "head": {"sha": "$head_sha", "repo": {"full_name": "acme/plan"}}}}
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
for key in alignment-score errors warnings new-findings comment-path sarif-file report-dir; do
  grep -q "^$key=" "$GITHUB_OUTPUT" || fail "output $key missing"
done
errors="$(sed -n 's/^errors=//p' "$GITHUB_OUTPUT")"; [ "$errors" -ge 1 ] || fail "errors=$errors"
new="$(sed -n 's/^new-findings=//p' "$GITHUB_OUTPUT")"; [ "$new" -ge 1 ] || fail "new-findings=$new"
grep -q 'bearing-comment' "$GITHUB_STEP_SUMMARY" || fail "summary not written"
[ -f "$tmp/site/index.html" ] || fail "report site not built"
comment="$(sed -n 's/^comment-path=//p' "$GITHUB_OUTPUT")"
[ "$(wc -c < "$comment")" -le 65536 ] || fail "comment over 65,536 characters"
cmp -s "$comment" "$GITHUB_STEP_SUMMARY" || fail "the job summary is not the comment body"
sarif_file="$(sed -n 's/^sarif-file=//p' "$GITHUB_OUTPUT")"
python3 - "$sarif_file" <<'PY' || fail "the SARIF output is not a SARIF 2.1.0 log with results"
import json, sys
log = json.load(open(sys.argv[1]))
assert log["version"] == "2.1.0" and log["runs"][0]["results"], log
PY
# What matters first: the headline, then the new findings (errors before warnings, each
# linked to its line at the head commit), then the semantic diff.
python3 - "$comment" "$head_sha" <<'PY' || fail "the summary does not put the headline and the new findings first"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
head = sys.argv[2]
lines = text.splitlines()
assert lines[0] == "<!-- bearing-comment -->", lines[:2]
assert re.match(r"### bearing: alignment \S+ → \S+ · \d+ errors? · \d+ warnings? · \d+ new$", lines[1]), lines[1]
new_at = text.index("#### New findings")
diff_at = text.index("### bearing: plan change")
assert new_at < diff_at, "new findings after the diff"
section = text[new_at:diff_at]
levels = re.findall(r"^- \*\*(error|warning)\*\*", section, re.M)
assert levels and levels == sorted(levels, key=["error", "warning"].index), levels
assert f"](https://github.com/acme/plan/blob/{head}/plans/projects/data.yaml#L" in section, section
PY

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

# --- comment: only the token's own comment carrying the marker is ever edited. A hostile
# comment that quotes the marker is left alone; ours is created once, left alone when
# unchanged, edited in place when changed.
export FAKE_API="$tmp/api"; mkdir -p "$FAKE_API"
cat > "$FAKE_API/comments.json" <<'JSON'
[{"id": 1, "body": "an unrelated comment", "user": {"login": "alice", "id": 11}},
 {"id": 2, "body": "> <!-- bearing-comment -->\nquoted, by someone else", "user": {"login": "mallory", "id": 66}}]
JSON
echo '{"login": "github-actions[bot]", "databaseId": 41898282}' > "$FAKE_API/viewer.json"
mkdir -p "$tmp/bin"; cp "$here/fake-curl" "$tmp/bin/curl"; chmod +x "$tmp/bin/curl"
export PATH="$tmp/bin:$PATH" GITHUB_TOKEN=fake COMMENT_PATH="$comment"
bash "$root/.github/action/comment.sh" > /dev/null || fail "comment.sh failed with a hostile comment present"
[ "$(grep -c '^POST .*/issues/7/comments$' "$FAKE_API/calls.log")" = 1 ] || fail "first run did not create one comment"
grep -q '^PATCH ' "$FAKE_API/calls.log" && fail "the hostile comment carrying the marker was edited"
hostile() { python3 -c 'import json,sys; print([c for c in json.load(open(sys.argv[1])) if c["id"] == 2][0]["body"])' "$FAKE_API/comments.json"; }
[ "$(hostile)" = "$(printf '> <!-- bearing-comment -->\nquoted, by someone else')" ] || fail "the hostile comment changed"
bash "$root/.github/action/comment.sh" > /dev/null
[ "$(grep -c '^POST .*/comments$' "$FAKE_API/calls.log")" = 1 ] || fail "second run created another comment"
grep -q '^PATCH ' "$FAKE_API/calls.log" && fail "an unchanged body was edited"
echo "one more line" >> "$comment"
bash "$root/.github/action/comment.sh" > /dev/null
[ "$(grep -c '^PATCH .*/issues/comments/1002$' "$FAKE_API/calls.log")" = 1 ] || fail "our changed body was not edited in place"
[ "$(grep -c '^PATCH ' "$FAKE_API/calls.log")" = 1 ] || fail "another comment was edited"
[ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$FAKE_API/comments.json")" = 3 ] || fail "comments were duplicated"

# --- the fork-safe poster (comment/action.yml on workflow_run): the pull request comes
# from the event — the open pull request whose head is the run's head SHA — never from
# the artifact, even when the artifact plants a number.
artifact="$tmp/artifact"; mkdir -p "$artifact"
cp "$comment" "$artifact/body.md"; echo 99 > "$artifact/pr-number"
run_event="$tmp/workflow-run.json"
cat > "$run_event" <<JSON
{"workflow_run": {"event": "pull_request", "head_sha": "$head_sha", "head_branch": "feature",
  "head_repository": {"full_name": "someone/plan"}, "pull_requests": []}}
JSON
cat > "$FAKE_API/pulls.json" <<JSON
[{"number": 7, "head": {"sha": "$head_sha", "ref": "feature", "label": "someone:feature"}},
 {"number": 99, "head": {"sha": "0000000000000000000000000000000000000000", "ref": "x", "label": "someone:x"}}]
JSON
: > "$FAKE_API/calls.log"; echo '[]' > "$FAKE_API/comments.json"
GITHUB_EVENT_PATH="$run_event" COMMENT_PATH="$artifact/body.md" GITHUB_ACTION_PATH="$root/comment" \
  bash "$root/.github/action/comment.sh" > "$tmp/poster.out" || { cat "$tmp/poster.out"; fail "the poster failed"; }
grep -q '^GET .*/pulls?.*head=someone%3Afeature' "$FAKE_API/calls.log" || fail "the poster did not look the pull request up by the run's head"
grep -q '/issues/99/' "$FAKE_API/calls.log" && fail "the poster used the number planted in the artifact"
[ "$(grep -c '^POST .*/issues/7/comments$' "$FAKE_API/calls.log")" = 1 ] || fail "the poster did not comment on the run's pull request"
# The pull request moved on to another head: the stale body is not posted.
python3 - "$FAKE_API/pulls.json" <<'PY'
import json, sys
pulls = json.load(open(sys.argv[1])); pulls[0]["head"]["sha"] = "1" * 40
json.dump(pulls, open(sys.argv[1], "w"))
PY
: > "$FAKE_API/calls.log"
GITHUB_EVENT_PATH="$run_event" COMMENT_PATH="$artifact/body.md" bash "$root/.github/action/comment.sh" | grep -q '^::notice.*no open pull request has head' \
  || fail "a stale run posted on a pull request whose head moved on"
grep -q '^POST \|^PATCH ' "$FAKE_API/calls.log" && fail "a stale run wrote a comment"
# A same-repository pull request is listed in the event itself (checked against the SHA).
cat > "$run_event" <<JSON
{"workflow_run": {"event": "pull_request", "head_sha": "$head_sha", "head_branch": "feature",
  "head_repository": {"full_name": "acme/plan"},
  "pull_requests": [{"number": 8, "head": {"sha": "$head_sha"}, "base": {"repo": {"name": "plan"}}}]}}
JSON
: > "$FAKE_API/calls.log"
GITHUB_EVENT_PATH="$run_event" COMMENT_PATH="$artifact/body.md" bash "$root/.github/action/comment.sh" > /dev/null
[ "$(grep -c '^POST .*/issues/8/comments$' "$FAKE_API/calls.log")" = 1 ] || fail "the poster did not use the event's own pull request"
grep -q '/pulls?' "$FAKE_API/calls.log" && fail "the poster looked up a pull request the event already names"

# --- a fork's pull request: the comment is skipped with a notice
python3 - "$GITHUB_EVENT_PATH" <<'PY'
import json, sys
e = json.load(open(sys.argv[1])); e["pull_request"]["head"]["repo"]["full_name"] = "someone/plan"
json.dump(e, open(sys.argv[1], "w"))
PY
bash "$root/.github/action/comment.sh" | grep -q '^::notice.*fork' || fail "fork comment not skipped with a notice"

# --- the plan in a subfolder of the repository (strategy/), reached through
# working-directory (or config): every annotation's file= and every SARIF uri names a
# file that exists relative to the repository root, where GitHub looks for it.
mono="$tmp/mono"
mkdir -p "$mono/strategy"
cp -r "$root/fixtures/example/." "$mono/strategy/"
echo "# the repository's own readme" > "$mono/README.md"
git -C "$mono" init -q -b main
git -C "$mono" add -A
GIT_AUTHOR_DATE=2026-09-01T10:00:00Z GIT_COMMITTER_DATE=2026-09-01T10:00:00Z git -C "$mono" commit -q -m base
mono_base="$(git -C "$mono" rev-parse HEAD)"
printf -- '---\nkind: Project\nid: P-stray\ntitle: Serves nothing\nstatus: active\n' >> "$mono/strategy/plans/projects/data.yaml"
git -C "$mono" add -A
GIT_AUTHOR_DATE=2026-09-02T10:00:00Z GIT_COMMITTER_DATE=2026-09-02T10:00:00Z git -C "$mono" commit -q -m head
for how in "strategy|" "strategy/plans|" ".|strategy/bearing.yaml"; do
  wd="${how%%|*}"; cfg="${how#*|}"
  : > "$GITHUB_OUTPUT"; : > "$GITHUB_STEP_SUMMARY"
  (cd "$mono" && INPUT_WORKING_DIRECTORY="$wd" INPUT_CONFIG="$cfg" INPUT_BASE="$mono_base" INPUT_REPORT_DIR="" \
    GITHUB_EVENT_PATH="" bash "$root/.github/action/check.sh") > "$tmp/mono.out" 2>&1 \
    || { cat "$tmp/mono.out"; fail "check.sh failed with working-directory '$wd'"; }
  files="$(sed -n 's/^::\(error\|warning\|notice\) file=\([^,]*\),.*/\2/p' "$tmp/mono.out")"
  [ -n "$files" ] || { cat "$tmp/mono.out"; fail "no annotation with working-directory '$wd'"; }
  for f in $files; do
    [ -f "$mono/$f" ] || fail "working-directory '$wd': annotation file=$f does not exist at the repository root"
  done
  echo "$files" | grep -q '^strategy/plans/projects/data.yaml$' || fail "working-directory '$wd': no annotation on strategy/plans/projects/data.yaml"
  python3 - "$(sed -n 's/^sarif-file=//p' "$GITHUB_OUTPUT")" "$mono" <<'PY' || fail "working-directory '$wd': a SARIF uri does not exist at the repository root"
import json, os, sys
log = json.load(open(sys.argv[1]))
uris = [loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"] for key in ("locations", "relatedLocations")
        for loc in r.get(key, [])]
assert uris, "no result has a location"
missing = [u for u in uris if not os.path.isfile(os.path.join(sys.argv[2], u))]
assert not missing, missing
PY
done

# --- fail-on
for case in "error 3 0 0 1" "error 0 5 5 0" "warning 0 5 0 1" "new 4 4 0 0" "new 0 0 1 1" "never 9 9 9 0"; do
  set -- $case
  status=0
  INPUT_FAIL_ON=$1 ERRORS=$2 WARNINGS=$3 NEW_FINDINGS=$4 bash "$root/.github/action/gate.sh" > /dev/null || status=$?
  [ "$status" = "$5" ] || fail "fail-on $1 with $2/$3/$4: exit $status, expected $5"
done
status=0; INPUT_FAIL_ON=sometimes bash "$root/.github/action/gate.sh" > /dev/null || status=$?
[ "$status" = 2 ] || fail "an unknown fail-on value was accepted"

# --- hostile values (docs/threat-model.md, issue 20): a base that is an option of git's
# runs nothing, a line break in a value forges no workflow command; each is one error.
for hostile in "--upload-pack=touch $tmp/pwned" "-oProxyCommand=touch $tmp/pwned" $'x\n::error::pwned' $'main\r\n::add-mask::x' "a..b"; do
  status=0
  INPUT_BASE="$hostile" INPUT_REPORT_DIR="" bash "$root/.github/action/check.sh" > "$tmp/stdout-hostile" 2>&1 || status=$?
  [ "$status" = 2 ] || { cat "$tmp/stdout-hostile"; fail "a hostile base was not refused (exit $status)"; }
  [ ! -e "$tmp/pwned" ] || fail "a base input ran a command"
  grep -q "^::error title=bearing::the base '" "$tmp/stdout-hostile" || { cat "$tmp/stdout-hostile"; fail "no error naming the base"; }
  [ "$(grep -c '^::' "$tmp/stdout-hostile")" = 1 ] || { cat "$tmp/stdout-hostile"; fail "a hostile base forged a workflow command"; }
done
status=0; INPUT_FAIL_ON=$'x\n::error::pwned' bash "$root/.github/action/gate.sh" > "$tmp/stdout-hostile" || status=$?
[ "$status" = 2 ] && [ "$(grep -c '^::' "$tmp/stdout-hostile")" = 1 ] || fail "a hostile fail-on forged a workflow command"

echo "action simulation: ok"
