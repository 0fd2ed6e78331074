#!/usr/bin/env python3
"""Compare `bearing check --format json` with a generated workload's truth.json.

Usage: compare_truth.py TRUTH_JSON BEARING_JSON [--at initial|head]

For every rule the truth lists, prints expected / found / missing / extra, matching
findings by entity id (and by file and line where the truth gives them). Exits 1 when a
finding is missing or extra, so CI can use it.
"""
import json
import sys
from collections import defaultdict

RULES = ["schema", "duplicate-id", "unknown-reference", "cycle",
         "orphan-project", "orphan-objective", "unmeasurable-kr"]


def main() -> int:
    truth = json.load(open(sys.argv[1]))
    found = json.load(open(sys.argv[2]))
    by_rule = defaultdict(list)
    for f in found["findings"]:
        by_rule[f["rule"]].append(f)

    injected = defaultdict(list)
    for v in truth["violations"]:
        injected[v["rule"]].append(v)

    failed = False
    print(f"{'rule':<20}{'expected':>9}{'found':>7}{'missing':>9}{'extra':>7}{'at line':>9}")
    for rule in RULES:
        got = by_rule.get(rule, [])
        if rule == "schema":
            expected = {(v["file"], v["line"]) for v in injected[rule]}
            have = {(f.get("file"), f.get("line")) for f in got}
            at_line = len(expected & have)
        elif rule == "cycle":
            expected = set(truth["findings"]["cycle"])
            have = set()
            for f in got:
                have.add(f["entity"])
                for r in f.get("related", []):
                    have.add(r["message"].split("`")[1])
            at_line = sum(1 for v in injected[rule] if any(
                f.get("file") == v["file"] and f.get("line") == v["line"] for f in got))
        elif rule == "unknown-reference":
            expected = {(x["id"], x["missing"]) for x in truth["findings"][rule]}
            have = {(f["entity"], f["message"].split("`")[3]) for f in got}
            at_line = sum(1 for v in injected[rule] if any(
                f.get("file") == v["file"] and f.get("line") == v["line"] and f.get("column") == v["column"] for f in got))
        else:
            expected = set(truth["findings"][rule])
            have = {f["entity"] for f in got}
            at_line = 0
            for v in injected[rule]:
                places = {(v["file"], v["line"])}
                if "other" in v:
                    places.add((v["other"]["file"], v["other"]["line"]))
                if any((f.get("file"), f.get("line")) in places for f in got if f["entity"] == v["id"]):
                    at_line += 1
        missing = expected - have
        extra = have - expected
        failed |= bool(missing or extra)
        print(f"{rule:<20}{len(expected):>9}{len(have):>7}{len(missing):>9}{len(extra):>7}{at_line:>9}")
        for m in sorted(missing)[:5]:
            print("    missing:", m)
        for e in sorted(extra)[:5]:
            print("    extra:  ", e)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
