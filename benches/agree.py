#!/usr/bin/env python3
"""One truth across commands (issue 14): `check`, `report` and `trace` agree on every
measure of every entity of a plan repository.

Usage: agree.py BEARING REPO AS_OF [TRACE_SAMPLE]

Runs `check --format json` and `report --format json` at AS_OF in REPO and compares,
for every goal, objective, key result and project, progress, expected progress, track
(and a key result's value, a project's impact and alignment). Then traces TRACE_SAMPLE
entities (default 60, spread over the kinds; 0 for all) and compares the traced
entity's measures with check's. Prints the counts; exits 1 on any difference.
"""
import json
import subprocess
import sys

FIELDS = {"goals": ["progress", "expected", "track"],
          "objectives": ["progress", "expected", "track"],
          "key_results": ["progress", "expected", "track", "value", "last_update"]}


def run(bearing, repo, *args):
    out = subprocess.run([bearing, *args], cwd=repo, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"bearing {' '.join(args)} failed ({out.returncode}): {out.stderr}")
    return json.loads(out.stdout)


def measures(lists, project_key):
    got = {}
    for kind, fields in FIELDS.items():
        for e in lists[kind]:
            for f in fields:
                got[(kind, e["id"], f)] = e.get(f)
    for p in lists["projects"]:
        got[("projects", p["id"], "progress")] = p.get(project_key)
        got[("projects", p["id"], "aligned")] = p.get("aligned")
    return got


def main():
    bearing, repo, as_of = sys.argv[1:4]
    sample = int(sys.argv[4]) if len(sys.argv) > 4 else 60
    check = run(bearing, repo, "check", "--as-of", as_of, "--format", "json")["measures"]
    report = run(bearing, repo, "report", "--as-of", as_of, "--format", "json")
    a, b = measures(check, "impact"), measures(report, "impact")
    differ = [k for k in a if a[k] != b.get(k)]
    print(f"check vs report at {as_of}: {len(a)} measures, {len(differ)} differ")
    for k in differ[:10]:
        print("   ", k, a[k], b.get(k))
    ids = [("goals", e["id"]) for e in check["goals"]] + \
          [("objectives", e["id"]) for e in check["objectives"]] + \
          [("key_results", e["id"]) for e in check["key_results"]] + \
          [("projects", e["id"]) for e in check["projects"]]
    if sample:
        step = max(1, len(ids) // sample)
        ids = ids[::step]
    traced = 0
    trace_differ = []
    for kind, id_ in ids:
        t = run(bearing, repo, "trace", id_, "--as-of", as_of, "--format", "json")["entity"]
        fields = ["progress"] if kind == "projects" else ["progress", "expected", "track"]
        for f in fields:
            if t.get(f) != a.get((kind, id_, f)):
                trace_differ.append((kind, id_, f, t.get(f), a.get((kind, id_, f))))
        traced += 1
    print(f"trace vs check at {as_of}: {traced} entities traced, {len(trace_differ)} measures differ")
    for d in trace_differ[:10]:
        print("   ", d)
    return 1 if differ or trace_differ else 0


if __name__ == "__main__":
    sys.exit(main())
