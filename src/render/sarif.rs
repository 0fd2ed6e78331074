//! `--format sarif`: SARIF 2.1.0 for code scanning, with every rule described.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::check::CheckReport;
use crate::vocab::Level;
use crate::vocab::Location;
use crate::vocab::Rule;

fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        _ => "note",
    }
}

fn physical(at: &Location) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": {"uri": at.file, "uriBaseId": "%SRCROOT%"},
            "region": {
                "startLine": at.line,
                "startColumn": at.column,
                "endLine": at.end_line,
                "endColumn": at.end_column
            }
        }
    })
}

pub(crate) fn render(report: &CheckReport, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.code(),
                "name": r.code(),
                "shortDescription": {"text": r.summary()},
                "fullDescription": {"text": r.summary()},
                "defaultConfiguration": {"level": level(r.default_level())},
                "helpUri": format!("https://github.com/bearing-plan/bearing#rule-{}", r.code())
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|l| {
            let f = &l.finding;
            let mut text = f.message.clone();
            if let Some(help) = &f.help {
                text.push_str(". Help: ");
                text.push_str(help);
            }
            let rule_index = Rule::ALL.iter().position(|r| *r == f.rule).unwrap_or(0);
            let mut result = json!({
                "ruleId": f.rule.code(),
                "ruleIndex": rule_index,
                "level": level(f.level),
                "message": {"text": text},
                "locations": l.at.iter().map(physical).collect::<Vec<_>>(),
            });
            // SARIF's own words for "new in this change" and "already at the base".
            if let Some(status) = l.status {
                result["baselineState"] = json!(match status {
                    crate::finding::Novelty::New => "new",
                    crate::finding::Novelty::Existing => "unchanged",
                });
            }
            if let Some(entity) = &f.entity {
                result["partialFingerprints"] =
                    json!({"bearingEntity/v1": format!("{}:{}", f.rule.code(), entity)});
            }
            let related: Vec<Value> = l
                .related
                .iter()
                .enumerate()
                .filter_map(|(i, (message, at))| {
                    let mut loc = physical(at.as_ref()?);
                    loc["id"] = json!(i);
                    loc["message"] = json!({"text": message});
                    Some(loc)
                })
                .collect();
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            result
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "bearing",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/bearing-plan/bearing",
                "rules": rules
            }},
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    writeln!(out)
}
