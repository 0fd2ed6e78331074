#!/usr/bin/env python3
"""Compare bearing's history outputs with a generated workload's truth.json.

Usage: compare_history.py TRUTH_JSON LOG_JSON CHECK_BASE_JSON

  LOG_JSON         `bearing log --format json` over the whole history
  CHECK_BASE_JSON  `bearing check --base <first commit> --format json` at HEAD

Prints expected / found / missing / extra for:

- key-result series: truth `history.kr_values` against the log's
  `series.key_results`, keeping the points where `current` changed (`source: current`;
  check-ins written without a change of `current` are points of their own in bearing's
  series, and the truth does not list them). A series matches when every point
  (commit, date, author, value, explicit_checkin) matches, in order.
- goal series: truth `history.goal_values` against `series.goals`, likewise.
- lowered targets, per commit: truth `history.lowered_targets` against the `target`
  field changes the log marks `lowered` (commit, key result, from, to).
- lowered targets against the first commit: the key results whose target at HEAD is
  nearer the baseline than at the first commit (computed from truth
  `history.target_changes`) against the `lowered-target` findings of `check --base`.
  A key result lowered and later raised past its first target is lowered in the
  history but not against the first commit; the last line says how many.

Exits 1 when anything is missing or extra.
"""
import json
import sys
from collections import defaultdict


def row(name, expected, found):
    missing = expected - found
    extra = found - expected
    print(f"{name:<34}{len(expected):>9}{len(found):>7}{len(missing):>9}{len(extra):>7}")
    for m in sorted(missing, key=str)[:5]:
        print("    missing:", m)
    for e in sorted(extra, key=str)[:5]:
        print("    extra:  ", e)
    return bool(missing or extra)


def series(points, with_explicit=True):
    out = []
    for p in points:
        key = (p["commit"], p["date"], p["author"], float(p["value"]))
        if with_explicit:
            key += (bool(p["explicit_checkin"]),)
        out.append(key)
    return tuple(out)


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    truth = json.load(open(sys.argv[1]))
    log = json.load(open(sys.argv[2]))
    check = json.load(open(sys.argv[3]))
    h = truth["history"]
    first = h["first_commit"]
    failed = False
    print(f"{'':<34}{'expected':>9}{'found':>7}{'missing':>9}{'extra':>7}")

    # Key-result series.
    expected = {kr: series(points) for kr, points in h["kr_values"].items()}
    found = {}
    for kr, points in log["series"]["key_results"].items():
        current = [p for p in points if p["source"] == "current"]
        if any(p["commit"] != first for p in current):
            found[kr] = series(current)
    failed |= row("key results with a series", set(expected), set(found))
    failed |= row("key-result series (exact)",
                  {(k, v) for k, v in expected.items()}, {(k, v) for k, v in found.items()})
    failed |= row("key-result points",
                  {(k, p) for k, v in expected.items() for p in v},
                  {(k, p) for k, v in found.items() for p in v})

    # Goal series.
    expected = {g: series(points, False) for g, points in h["goal_values"].items()}
    found = {}
    for g, points in log["series"]["goals"].items():
        if any(p["commit"] != first for p in points):
            found[g] = series(points, False)
    failed |= row("goal series (exact)",
                  {(k, v) for k, v in expected.items()}, {(k, v) for k, v in found.items()})

    # Lowered targets commit by commit.
    expected = {(t["commit"], t["kr"], float(t["from"]), float(t["to"])) for t in h["lowered_targets"]}
    found = set()
    for c in log["commits"]:
        for change in c["changes"]:
            for f in change.get("fields", []):
                if f["field"] == "target" and f.get("lowered"):
                    found.add((c["commit"], change["id"], float(f["old"]), float(f["new"])))
    failed |= row("lowered targets in the log", expected, found)

    # Lowered targets against the first commit.
    by_kr = defaultdict(list)
    for t in h["target_changes"]:
        by_kr[t["kr"]].append(t)
    net = set()
    for kr, changes in by_kr.items():
        base, start, end = changes[0]["baseline"], changes[0]["from"], changes[-1]["to"]
        if abs(end - base) < abs(start - base):
            net.add(kr)
    found = {f["entity"] for f in check["findings"] if f["rule"] == "lowered-target"}
    failed |= row("check --base: lowered-target", net, found)
    ever = {t["kr"] for t in h["lowered_targets"]}
    print(f"    ({len(ever)} key results were lowered at some commit; "
          f"{len(ever - net)} of them were raised again past their first target)")
    news = sum(1 for f in check["findings"] if f["rule"] == "lowered-target" and f.get("status") == "new")
    print(f"    (lowered-target findings marked new: {news} of {len(found)})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
