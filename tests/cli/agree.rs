//! One truth across commands (issue 14): `check --format json`, `report --format json`
//! and `trace ID --format json` compute every measure the same way from the same inputs,
//! git history included. Checked on the worked example's repository (a year of
//! history, check-ins newer and older than the commits that changed `current`) at two
//! dates; `benches/agree.sh` runs the same comparison on the 5,000-commit workload.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::Plan;

/// `kind id field` → the value, for every measure an output shows.
type Measures = BTreeMap<String, Value>;

fn put(out: &mut Measures, kind: &str, entity: &Value, fields: &[(&str, &str)]) {
    let id = entity["id"].as_str().unwrap_or_default();
    for (field, name) in fields {
        out.insert(format!("{kind} {id} {name}"), entity[*field].clone());
    }
}

const KR: [(&str, &str); 3] = [
    ("progress", "progress"),
    ("expected", "expected"),
    ("track", "track"),
];

/// A key result's value and last update: `check` reads history from the start of
/// `stale-kr`'s window only (issue 19), `report` all of it; both must come to the same.
const KR_UPDATE: [(&str, &str); 2] = [("value", "value"), ("last_update", "last_update")];

fn from_check(json: &Value) -> Measures {
    let m = &json["measures"];
    let mut out = Measures::new();
    for (kind, list) in [
        ("goal", "goals"),
        ("objective", "objectives"),
        ("key-result", "key_results"),
    ] {
        for e in m[list].as_array().into_iter().flatten() {
            put(&mut out, kind, e, &KR);
        }
    }
    for e in m["key_results"].as_array().into_iter().flatten() {
        put(&mut out, "key-result", e, &KR_UPDATE);
    }
    for e in m["projects"].as_array().into_iter().flatten() {
        put(
            &mut out,
            "project",
            e,
            &[("impact", "progress"), ("aligned", "aligned")],
        );
    }
    out
}

fn from_report(json: &Value) -> Measures {
    let mut out = Measures::new();
    for (kind, list) in [
        ("goal", "goals"),
        ("objective", "objectives"),
        ("key-result", "key_results"),
    ] {
        for e in json[list].as_array().into_iter().flatten() {
            put(&mut out, kind, e, &KR);
        }
    }
    for e in json["key_results"].as_array().into_iter().flatten() {
        put(&mut out, "key-result", e, &KR_UPDATE);
    }
    for e in json["projects"].as_array().into_iter().flatten() {
        put(
            &mut out,
            "project",
            e,
            &[("impact", "progress"), ("aligned", "aligned")],
        );
    }
    out
}

/// The measures of the traced entity itself (trace leaves out what is unknown).
fn from_trace(json: &Value) -> Measures {
    let e = &json["entity"];
    let kind = match e["kind"].as_str().unwrap_or_default() {
        "Goal" => "goal",
        "Objective" => "objective",
        "KeyResult" => "key-result",
        _ => "project",
    };
    let mut out = Measures::new();
    let fields: &[(&str, &str)] = if kind == "project" {
        &[("progress", "progress")]
    } else {
        &KR
    };
    put(&mut out, kind, e, fields);
    out
}

#[test]
fn check_report_and_trace_agree_on_every_measure_of_every_entity() {
    let plan = Plan::new();
    plan.run(&["init", "--example", "acme"]).expect_code(0);
    let acme = plan.path().join("acme");
    for as_of in ["2026-10-01", "2026-12-20", "2027-02-15"] {
        let check =
            crate::support::bearing(&["check", "--format", "json", "--as-of", as_of], &acme);
        let report =
            crate::support::bearing(&["report", "--format", "json", "--as-of", as_of], &acme);
        report.expect_code(0);
        let from_check = from_check(&check.json());
        let from_report = from_report(&report.json());
        assert!(from_check.len() > 100, "{}", from_check.len());
        for (key, value) in &from_check {
            let other = from_report.get(key).cloned().unwrap_or(Value::Null);
            assert_eq!(
                &other, value,
                "{key} at {as_of}: check says {value}, report {other}"
            );
        }
        let ids: Vec<String> = from_check
            .keys()
            .filter_map(|k| k.split(' ').nth(1).map(str::to_owned))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        for id in ids {
            let run = crate::support::bearing(
                &["trace", &id, "--format", "json", "--as-of", as_of],
                &acme,
            );
            run.expect_code(0);
            for (key, value) in from_trace(&run.json()) {
                let expected = from_check.get(&key).cloned().unwrap_or(Value::Null);
                assert_eq!(
                    value, expected,
                    "{key} at {as_of}: trace says {value}, check {expected}"
                );
            }
        }
    }
}
