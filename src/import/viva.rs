//! The Microsoft Viva Goals admin export: a ZIP of JSON files (time periods, teams,
//! users, objectives, check-ins), read by the field names a third-party importer
//! documents (chris-mcnulty/synozur-vega; Microsoft does not document the export).
//!
//! Big rocks become objectives, KPIs key results, projects projects; teams become the
//! files, owners are kept. `Outcome.Start` defaults to 0 in Viva, so a start of 0 is no
//! baseline. Every field not mapped is reported and kept as a comment.

use std::collections::HashMap;
use std::io::Read;

use serde_json::Value;

use super::{Draft, DraftCheckin, Item, Kind, set_baseline, set_current, set_status, values};

/// The most the export may hold, unpacked: an admin export is megabytes, not more.
const MAX_UNPACKED: u64 = 256 << 20;

/// Objective fields this reader maps (everything else is reported).
const MAPPED: &[&str] = &[
    "ID",
    "Title",
    "Type",
    "Owner",
    "Teams",
    "Time Period",
    "Start Date",
    "End Date",
    "Alignment",
    "Description",
    "Progress",
    "Status",
    "Outcome",
    "Parent IDs",
    "Children",
];

/// Reads the ZIP into a draft.
pub(crate) fn read(bytes: &[u8]) -> Result<Draft, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut tables: HashMap<&str, Vec<Value>> = HashMap::new();
    let mut budget = MAX_UNPACKED;
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).map_err(|e| e.to_string())?;
        let name = file.name().to_lowercase();
        if !name.ends_with(".json") {
            continue;
        }
        let table = if name.contains("checkin") || name.contains("check-in") {
            "checkins"
        } else if name.contains("timeperiod") || name.contains("time period") {
            "periods"
        } else if name.contains("team") {
            "teams"
        } else if name.contains("user") {
            "users"
        } else if name.contains("objective") || name.contains("okr") {
            "objectives"
        } else {
            continue;
        };
        let mut text = Vec::new();
        (&mut file)
            .take(budget + 1)
            .read_to_end(&mut text)
            .map_err(|e| e.to_string())?;
        budget = budget
            .checked_sub(text.len() as u64)
            .ok_or_else(|| "the export unpacks to more than 256 MiB".to_owned())?;
        let value: Value = serde_json::from_slice(&text)
            .map_err(|e| format!("`{}` is not JSON: {e}", file.name()))?;
        let rows = match value {
            Value::Array(rows) => rows,
            Value::Object(mut o) => match o.remove("value").or_else(|| o.remove("data")) {
                Some(Value::Array(rows)) => rows,
                _ => vec![Value::Object(o)],
            },
            _ => Vec::new(),
        };
        tables.entry(table).or_default().extend(rows);
    }
    let objectives = tables.remove("objectives").unwrap_or_default();
    if objectives.is_empty() {
        return Err("the ZIP holds no objectives file".to_owned());
    }
    let users: HashMap<String, (String, String)> = tables
        .remove("users")
        .unwrap_or_default()
        .iter()
        .filter_map(|u| Some((text(u.get("ID")?)?, (str_of(u, "Name"), str_of(u, "Email")))))
        .collect();
    let teams: HashMap<String, String> = tables
        .remove("teams")
        .unwrap_or_default()
        .iter()
        .filter_map(|t| Some((text(t.get("ID")?)?, str_of(t, "Team Name"))))
        .collect();
    let periods: HashMap<String, (String, String, String)> = tables
        .remove("periods")
        .unwrap_or_default()
        .iter()
        .filter_map(|p| {
            Some((
                text(p.get("ID")?)?,
                (
                    str_of(p, "Time Period Name"),
                    str_of(p, "Start Date"),
                    str_of(p, "End Date"),
                ),
            ))
        })
        .collect();
    let mut draft = Draft {
        tool: "a Viva Goals export".to_owned(),
        ..Draft::default()
    };
    let person = |v: &Value| -> Option<(String, String)> {
        match v {
            Value::Object(_) => {
                let id = v.get("ID").and_then(text);
                id.and_then(|id| users.get(&id).cloned())
                    .or_else(|| Some((str_of(v, "Name"), str_of(v, "Email"))))
            }
            other => {
                let id = text(other)?;
                Some(users.get(&id).cloned().unwrap_or((id, String::new())))
            }
        }
    };
    for o in &objectives {
        let kind = match str_of(o, "Type")
            .to_lowercase()
            .replace(['_', '-'], " ")
            .as_str()
        {
            "kpi" | "key result" | "keyresult" | "kr" => Kind::KeyResult,
            "project" | "initiative" => Kind::Project,
            _ => Kind::Objective,
        };
        let mut item = Item {
            kind: Some(kind),
            source_id: o.get("ID").and_then(text),
            title: str_of(o, "Title"),
            ..Item::default()
        };
        item.owner = first(o.get("Owner"))
            .and_then(person)
            .map(|(name, email)| if name.is_empty() { email } else { name })
            .filter(|s| !s.is_empty());
        let team = first(o.get("Teams")).and_then(|t| {
            t.get("Name").and_then(text).or_else(|| {
                t.get("ID")
                    .and_then(text)
                    .and_then(|id| teams.get(&id).cloned())
            })
        });
        let period = o.get("Time Period").map(|p| {
            let id = p.get("ID").and_then(text).unwrap_or_default();
            let name = p.get("Name").and_then(text);
            let known = periods.get(&id).cloned();
            (
                name.or_else(|| known.as_ref().map(|k| k.0.clone()))
                    .unwrap_or_default(),
                known,
            )
        });
        if let Some((name, known)) = &period {
            match values::period(name) {
                Some(p) => item.period = Some(p),
                None => {
                    if let Some((_, start, end)) = known {
                        item.start = values::date(start);
                        item.end = values::date(end);
                    }
                    item.notes.push(format!("time period: {name}"));
                    if item.start.is_none() {
                        draft.report.unmapped("Time Period", name);
                    }
                }
            }
        }
        if kind == Kind::Project || item.period.is_none() {
            item.start = item.start.or_else(|| {
                o.get("Start Date")
                    .and_then(text)
                    .and_then(|t| values::date(&t))
            });
            item.end = item.end.or_else(|| {
                o.get("End Date")
                    .and_then(text)
                    .and_then(|t| values::date(&t))
            });
        }
        item.group = team
            .or_else(|| period.as_ref().map(|p| p.0.clone()))
            .unwrap_or_default();
        item.description = o
            .get("Description")
            .and_then(text)
            .filter(|d| !d.trim().is_empty());
        let mut parents: Vec<String> = Vec::new();
        if let Some(Value::Array(ids)) = o.get("Parent IDs") {
            parents.extend(ids.iter().filter_map(text));
        }
        if let Some(Value::Array(aligned)) = o.get("Alignment") {
            for a in aligned {
                if let Some(id) = a.get("ID").and_then(text) {
                    if let Some(w) = a
                        .get("Weight")
                        .and_then(text)
                        .filter(|w| w != "0" && !w.is_empty())
                    {
                        item.notes
                            .push(format!("alignment weight to {}: {w}", str_of(a, "Title")));
                    }
                    if !parents.contains(&id) {
                        parents.push(id);
                    }
                }
            }
        }
        item.parents = parents;
        if let Some(outcome) = o.get("Outcome").filter(|v| v.is_object()) {
            let percentage = str_of(outcome, "Outcome Type").eq_ignore_ascii_case("percentage");
            item.unit = if percentage {
                Some("%".to_owned())
            } else {
                outcome
                    .get("Metric Unit")
                    .and_then(text)
                    .filter(|u| !u.is_empty())
            };
            if let Some(metric) = outcome
                .get("Metric Name")
                .and_then(text)
                .filter(|m| !m.is_empty())
            {
                item.notes.push(format!("metric: {metric}"));
            }
            item.target = outcome
                .get("Target")
                .and_then(text)
                .and_then(|t| values::number(&t))
                .map(|n| n.value);
            let start = outcome
                .get("Start")
                .and_then(text)
                .and_then(|t| values::number(&t))
                .map(|n| n.value);
            // Viva fills `Start` with 0 when nobody set it (MicrosoftDocs/Viva,
            // how-to-track-okrs-using-kpi-metrics.md): 0 is no baseline.
            set_baseline(&mut item, start, start == Some(0.0), &mut draft.report);
            match str_of(outcome, "Target Type").to_lowercase().as_str() {
                "" | "increase" | "decrease" | "increase to" | "decrease to" => {}
                other => {
                    item.notes.push(format!("target type: {other}"));
                    draft.report.unmapped("Outcome.Target Type", other);
                }
            }
        } else if kind == Kind::KeyResult {
            item.notes.push("no metric in the export".to_owned());
        }
        if let Some(progress) = o.get("Progress").and_then(text) {
            if kind == Kind::KeyResult {
                set_current(&mut item, &progress, &mut draft.report);
            } else {
                item.notes
                    .push(format!("progress in the export: {progress}"));
            }
        }
        if let Some(status) = o.get("Status").and_then(text) {
            set_status(&mut item, kind, &status, &mut draft.report);
        }
        if let Value::Object(fields) = o {
            for (key, value) in fields {
                if MAPPED.contains(&key.as_str()) || is_empty(value) {
                    continue;
                }
                let shown = text(value).unwrap_or_else(|| value.to_string());
                draft.report.unmapped(key, &shown);
                item.notes.push(format!("{key}: {shown}"));
            }
        }
        draft.items.push(item);
    }
    read_checkins(
        &mut draft,
        tables.remove("checkins").unwrap_or_default(),
        &person,
    );
    draft.resolve();
    Ok(draft)
}

fn read_checkins(
    draft: &mut Draft,
    rows: Vec<Value>,
    person: &dyn Fn(&Value) -> Option<(String, String)>,
) {
    let index: HashMap<String, usize> = draft
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| Some((item.source_id.clone()?, i)))
        .collect();
    for c in rows {
        let okr = c.get("OKR ID").and_then(text).unwrap_or_default();
        let Some(&i) = index.get(&okr) else {
            draft.report.dangling.push(format!("a check-in of `{okr}`"));
            continue;
        };
        let date = c
            .get("CheckIn Date")
            .and_then(text)
            .and_then(|d| values::date(&d));
        let value = c
            .get("Current Value")
            .and_then(text)
            .and_then(|v| values::number(&v));
        let (Some(date), Some(value)) = (date, value) else {
            draft
                .report
                .unmapped("check-in without a date or value", &c.to_string());
            continue;
        };
        let note = c
            .get("Check In Note")
            .and_then(|n| n.get("Check In Note").and_then(text).or_else(|| text(n)))
            .filter(|n| !n.trim().is_empty());
        for key in ["Status", "Metric Name", "Activity Date"] {
            if let Some(v) = c.get(key).and_then(text).filter(|v| !v.is_empty()) {
                draft.report.unmapped(&format!("check-in {key}"), &v);
            }
        }
        let author = c.get("Check In Owner").and_then(person);
        draft.items[i].checkins.push(DraftCheckin {
            date,
            value: value.value,
            confidence: None,
            note,
            author,
        });
    }
    for item in &mut draft.items {
        item.checkins.sort_by_key(|c| c.date);
        // The latest check-in is the value; `Progress` is only used without one.
        if let Some(last) = item.checkins.last() {
            item.current = Some(last.value);
        }
    }
}

/// Whether a field holds nothing worth reporting (shared by the JSON formats).
pub(super) fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn first(v: Option<&Value>) -> Option<&Value> {
    match v? {
        Value::Array(a) => a.first(),
        Value::Null => None,
        other => Some(other),
    }
}

/// A scalar as text: strings as they are, numbers as JSON writes them.
pub(super) fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(super) fn str_of(v: &Value, key: &str) -> String {
    v.get(key).and_then(text).unwrap_or_default()
}
