//! Drafts to plan files: one file per group (a team, a period or a Tability plan),
//! documents in the export's order, every note as a `# import:` comment beside the
//! entity it is about.
//! The same draft always gives the same bytes, so a re-import changes nothing.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Draft, Item, Kind, slug, yaml_number, yaml_string};

/// Which check-ins a snapshot holds: `(item, check-in)` indexes.
pub(crate) type Included<'a> = &'a dyn Fn(usize, usize) -> bool;

/// The plan files of a draft, `plans/<group>.yaml` → text. `included` picks the
/// check-ins (all, for the final files); without all of them, a key result's `current`
/// is its latest included check-in.
pub(crate) fn files(draft: &Draft, included: Option<Included>) -> BTreeMap<String, String> {
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for item in &draft.items {
        let doc = match item.kind.unwrap_or(Kind::Objective) {
            Kind::KeyResult => continue,
            Kind::Objective => {
                let krs: Vec<(usize, &Item)> = draft
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(_, k)| {
                        k.kind == Some(Kind::KeyResult) && k.parents.first() == Some(&item.id)
                    })
                    .collect();
                objective(item, &krs, included)
            }
            Kind::Goal => goal(item),
            Kind::Project => project(item),
        };
        let group = match slug(&item.group, 48) {
            s if s.is_empty() => "okrs".to_owned(),
            s => s,
        };
        groups
            .entry(format!("plans/{group}.yaml"))
            .or_default()
            .push(doc);
    }
    groups
        .into_iter()
        .map(|(path, docs)| {
            let header = format!(
                "# Imported from {} by `bearing import`. Lines starting `# import:` say what\n# the export had that bearing did not map, or how a value was read.\n",
                draft.tool
            );
            (path, format!("{header}{}", docs.join("---\n")))
        })
        .collect()
}

fn notes(out: &mut String, indent: &str, notes: &[String]) {
    for note in notes {
        for line in note.lines() {
            let _ = writeln!(out, "{indent}# import: {line}");
        }
    }
}

fn text_field(out: &mut String, indent: &str, key: &str, value: &str) {
    if value.contains('\n') {
        let _ = writeln!(out, "{indent}{key}: |-");
        for line in value.trim_end().lines() {
            let line = line.trim_end();
            if line.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "{indent}  {line}");
            }
        }
    } else {
        let _ = writeln!(out, "{indent}{key}: {}", yaml_string(value));
    }
}

fn metric(out: &mut String, indent: &str, item: &Item, current: Option<f64>) {
    if let Some(unit) = &item.unit {
        let _ = writeln!(out, "{indent}unit: {}", yaml_string(unit));
    }
    for (key, value) in [
        ("baseline", item.baseline),
        ("target", item.target),
        ("current", current),
    ] {
        if let Some(v) = value {
            let _ = writeln!(out, "{indent}{key}: {}", yaml_number(v));
        }
    }
}

fn common_head(out: &mut String, kind: &str, item: &Item) {
    notes(out, "", &item.notes);
    let _ = writeln!(out, "kind: {kind}");
    let _ = writeln!(out, "id: {}", item.id);
    text_field(out, "", "title", &item.title);
    if let Some(owner) = &item.owner {
        let _ = writeln!(out, "owner: {}", yaml_string(owner));
    }
}

fn list(ids: &[String]) -> String {
    format!("[{}]", ids.join(", "))
}

fn goal(item: &Item) -> String {
    let mut out = String::new();
    common_head(&mut out, "Goal", item);
    if let Some(status) = &item.status {
        let _ = writeln!(out, "status: {status}");
    }
    if let Some(parent) = item.parents.first() {
        let _ = writeln!(out, "parent: {parent}");
    }
    if let Some(start) = item.start {
        let _ = writeln!(out, "start: {start}");
    }
    if let Some(due) = item.end {
        let _ = writeln!(out, "due: {due}");
    }
    metric(&mut out, "", item, item.current);
    if let Some(d) = &item.description {
        text_field(&mut out, "", "description", d);
    }
    out
}

fn objective(item: &Item, krs: &[(usize, &Item)], included: Option<Included>) -> String {
    let mut out = String::new();
    common_head(&mut out, "Objective", item);
    if !item.parents.is_empty() {
        let _ = writeln!(out, "supports: {}", list(&item.parents));
    }
    match (&item.period, item.start, item.end) {
        (Some(p), _, _) => {
            let _ = writeln!(out, "period: {p}");
        }
        (None, Some(s), Some(e)) => {
            let _ = writeln!(out, "period: {{start: {s}, end: {e}}}");
        }
        _ => {}
    }
    if let Some(status) = &item.status {
        let _ = writeln!(out, "status: {status}");
    }
    if let Some(d) = &item.description {
        text_field(&mut out, "", "description", d);
    }
    if !krs.is_empty() {
        out.push_str("key_results:\n");
    }
    for (index, kr) in krs {
        notes(&mut out, "  ", &kr.notes);
        let _ = writeln!(out, "  - id: {}", kr.id);
        text_field(&mut out, "    ", "title", &kr.title);
        if let Some(owner) = &kr.owner {
            let _ = writeln!(out, "    owner: {}", yaml_string(owner));
        }
        let checkins: Vec<_> = kr
            .checkins
            .iter()
            .enumerate()
            .filter(|(c, _)| included.is_none_or(|f| f(*index, *c)))
            .map(|(_, c)| c)
            .collect();
        let current = match included {
            None => kr.current,
            Some(_) if kr.checkins.is_empty() => kr.current,
            Some(_) => checkins.last().map(|c| c.value),
        };
        metric(&mut out, "    ", kr, current);
        if let Some(d) = &kr.description {
            text_field(&mut out, "    ", "description", d);
        }
        if !checkins.is_empty() {
            out.push_str("    checkins:\n");
        }
        for c in checkins {
            let entry = crate::model::CheckIn {
                date: c.date,
                value: c.value,
                confidence: c.confidence,
                note: c.note.clone(),
                author: c.author.as_ref().map(|(name, _)| name.clone()),
            };
            let _ = writeln!(out, "      - {}", crate::checkin::entry_text(&entry));
        }
    }
    out
}

fn project(item: &Item) -> String {
    let mut out = String::new();
    common_head(&mut out, "Project", item);
    if let Some(status) = &item.status {
        let _ = writeln!(out, "status: {status}");
    }
    if !item.parents.is_empty() {
        let _ = writeln!(out, "contributes_to: {}", list(&item.parents));
    }
    if let Some(start) = item.start {
        let _ = writeln!(out, "start: {start}");
    }
    if let Some(due) = item.end {
        let _ = writeln!(out, "due: {due}");
    }
    if let Some(d) = &item.description {
        text_field(&mut out, "", "description", d);
    }
    out
}
