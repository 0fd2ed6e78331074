//! `--format sarif`: SARIF 2.1.0 that GitHub code scanning accepts without a warning
//! (`sarif-multitool validate --rule-kind "Sarif;Gh"` in `.ci/run`).
//!
//! Every rule carries its help as Markdown, taken from its section of `docs/rules.md`
//! (compiled in), and a `helpUri` to that section's anchor at the release's tag. Files are
//! named from the top of the repository, where code scanning looks for them. Each result
//! has a fingerprint of its own that survives unrelated edits: the identity `check --base`
//! uses to tell new findings from existing ones (rule, entity or file, field) and, for
//! findings that share it, their rank among them — never a line number, which any edit
//! above would move.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Value, json};

use crate::change::novelty;
use crate::check::CheckReport;
use crate::finding::{Located, Novelty};
use crate::vocab::{Level, Location, PathBase, Rule};

/// The rules page, one `## <rule>` section per rule.
pub(crate) const RULES_PAGE: &str = include_str!("../../docs/rules.md");

/// The repository the rules page is published in (`repository` of Cargo.toml).
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The key under which each result's fingerprint is given: a name and a version, as
/// SARIF suggests, bumped if the fingerprint ever changes meaning.
pub(crate) const FINGERPRINT: &str = "bearingFinding/v1";

fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        _ => "note",
    }
}

/// The Markdown of a rule's section in `docs/rules.md`, without its heading; `None` when
/// the page has no section for it (a test keeps every rule covered).
pub(crate) fn rule_help(rule: Rule) -> Option<&'static str> {
    let heading = format!("## {}\n", rule.code());
    let start = RULES_PAGE.find(&heading)? + heading.len();
    let rest = &RULES_PAGE[start..];
    let end = rest.find("\n## ").map_or(rest.len(), |n| n + 1);
    Some(rest[..end].trim())
}

/// The address of a rule's section: the rules page at the tag of this version.
pub(crate) fn help_uri(rule: Rule) -> String {
    format!(
        "{REPOSITORY}/blob/v{}/docs/rules.md#{}",
        env!("CARGO_PKG_VERSION"),
        rule.code()
    )
}

/// `orphan-project` as SARIF's friendly name: `OrphanProject`. A name must differ from
/// the id (SARIF1001, compared without case), so the one-word ones say more.
fn friendly_name(rule: Rule) -> String {
    let words = match rule {
        Rule::Input => "unreadable-plan-file",
        Rule::Schema => "schema-violation",
        Rule::Cycle => "reference-cycle",
        Rule::Gate => "alignment-gate",
        other => other.code(),
    };
    words
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// Markdown read as plain text: code spans and emphasis unmarked, code fences dropped.
fn plain(markdown: &str) -> String {
    markdown
        .lines()
        .filter(|line| !line.starts_with("```"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("**", "")
        .replace('`', "")
}

/// The paragraph of a rule's help that says when it fires (the one after its level).
fn when_it_fires(markdown: &str) -> &str {
    markdown.split("\n\n").nth(1).unwrap_or(markdown).trim()
}

fn describe(rule: Rule) -> Value {
    let help = rule_help(rule).unwrap_or_else(|| rule.summary());
    let mut summary = rule.summary().to_owned();
    if let Some(first) = summary.get(..1) {
        summary = first.to_uppercase() + &summary[1..];
    }
    summary.push('.');
    json!({
        "id": rule.code(),
        "name": friendly_name(rule),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": plain(when_it_fires(help))},
        "help": {"text": plain(help), "markdown": help},
        "helpUri": help_uri(rule),
        "defaultConfiguration": {"level": level(rule.default_level())},
        "properties": {"tags": ["bearing", "planning"]}
    })
}

fn physical(at: &Location, base: &PathBase) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": {"uri": base.file(&at.file), "uriBaseId": "%SRCROOT%"},
            "region": {
                "startLine": at.line,
                "startColumn": at.column,
                "endLine": at.end_line,
                "endColumn": at.end_column
            }
        }
    })
}

/// Each finding's fingerprint, in the order of `findings`: its identity across
/// revisions, and its rank among the findings that share that identity.
pub(crate) fn fingerprints(findings: &[Located]) -> Vec<String> {
    let mut seen: HashMap<novelty::Key, usize> = HashMap::new();
    findings
        .iter()
        .map(|l| {
            let key = novelty::key(l);
            let rank = seen.entry(key.clone()).or_default();
            *rank += 1;
            format!("{key}:{rank}")
        })
        .collect()
}

fn result(l: &Located, fingerprint: String, base: &PathBase) -> Value {
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
        "locations": l.at.iter().map(|at| physical(at, base)).collect::<Vec<_>>(),
        "partialFingerprints": {FINGERPRINT: fingerprint},
    });
    // SARIF's own words for "new in this change" and "already at the base".
    if let Some(status) = l.status {
        result["baselineState"] = json!(match status {
            Novelty::New => "new",
            Novelty::Existing => "unchanged",
        });
    }
    let related: Vec<Value> = l
        .related
        .iter()
        .enumerate()
        .filter_map(|(i, (message, at))| {
            let mut loc = physical(at.as_ref()?, base);
            loc["id"] = json!(i);
            loc["message"] = json!({"text": message});
            Some(loc)
        })
        .collect();
    if !related.is_empty() {
        result["relatedLocations"] = json!(related);
    }
    result
}

/// The SARIF log of a check; `base` names each file from the top of the repository.
pub(crate) fn render(report: &CheckReport, base: &PathBase, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = Rule::ALL.iter().copied().map(describe).collect();
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [RunLog {
            column_kind: "unicodeCodePoints",
            results: Results { report, base },
            tool: json!({"driver": {
                "name": "bearing",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": REPOSITORY,
                "rules": rules
            }}),
        }],
        version: "2.1.0",
    };
    super::pretty_json(out, &log)
}

// The log as `json!` wrote it (keys in order), but each result is made and written one at
// a time: tens of thousands of findings held as JSON values took hundreds of megabytes.
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [RunLog<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunLog<'a> {
    column_kind: &'static str,
    results: Results<'a>,
    tool: Value,
}

struct Results<'a> {
    report: &'a CheckReport,
    base: &'a PathBase,
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let findings = &self.report.findings;
        let mut seq = serializer.serialize_seq(Some(findings.len()))?;
        for (l, fingerprint) in findings.iter().zip(fingerprints(findings)) {
            seq.serialize_element(&result(l, fingerprint, self.base))?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_section_and_every_section_is_a_rule() {
        for rule in Rule::ALL {
            let help = rule_help(*rule).unwrap_or_else(|| panic!("no `## {}`", rule.code()));
            assert!(help.starts_with("**Default: "), "{}: {help}", rule.code());
            assert!(!help.contains("\n## "), "{}", rule.code());
        }
        let sections: Vec<&str> = RULES_PAGE
            .lines()
            .filter_map(|l| l.strip_prefix("## "))
            .collect();
        assert_eq!(sections.len(), Rule::ALL.len(), "{sections:?}");
        for section in sections {
            assert!(
                Rule::from_code(section).is_some(),
                "`## {section}` is no rule"
            );
        }
    }

    #[test]
    fn names_are_pascal_case_and_differ_from_ids() {
        assert_eq!(friendly_name(Rule::OrphanProject), "OrphanProject");
        assert_eq!(friendly_name(Rule::KrOffTrack), "KrOffTrack");
        assert_eq!(friendly_name(Rule::Gate), "AlignmentGate");
        for rule in Rule::ALL {
            assert!(
                !friendly_name(*rule).eq_ignore_ascii_case(rule.code()),
                "{rule}"
            );
        }
    }

    #[test]
    fn help_text_is_plain_and_the_description_says_when_it_fires() {
        let help = rule_help(Rule::KrOffTrack).expect("a section");
        assert!(help.contains("```yaml"));
        let text = plain(help);
        assert!(!text.contains('`') && !text.contains("**"), "{text}");
        assert!(
            when_it_fires(help).starts_with("A key result's progress is behind"),
            "{help}"
        );
    }
}
