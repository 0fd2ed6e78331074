//! Tability's check-ins: each outcome's history of scores, kept with its date,
//! confidence colour, body and author.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::{date_of, id_of, non_empty, person};
use crate::import::viva::{is_empty, str_of, text};
use crate::import::{Draft, DraftCheckin, Kind, metric_value, values};

const CHECKIN_FIELDS: &[&str] = &[
    "id",
    "outcome_id",
    "checkin_date",
    "score",
    "confidence",
    "body",
    "membership",
];

/// Tability's confidence colours as bearing's 0..1 belief that the target will be met.
/// Tability keeps only the colour; these are the readings `docs/import.md` documents.
const CONFIDENCE_COLOURS: [(&str, f64); 3] = [("red", 0.2), ("yellow", 0.5), ("green", 0.8)];

pub(super) fn read_checkins(draft: &mut Draft, rows: impl Iterator<Item = Value>) {
    let index: HashMap<String, usize> = draft
        .items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.kind == Some(Kind::KeyResult))
        .filter_map(|(i, item)| Some((item.source_id.clone()?, i)))
        .collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut coloured: Vec<usize> = Vec::new();
    for c in rows {
        if let Some(id) = id_of(&c) {
            if !seen.insert(id) {
                continue;
            }
        }
        let outcome = str_of(&c, "outcome_id");
        let Some(&i) = index.get(&outcome) else {
            draft
                .report
                .dangling
                .push(format!("a check-in of `{outcome}`"));
            continue;
        };
        let date = date_of(&c, "checkin_date");
        let score = c
            .get("score")
            .and_then(text)
            .and_then(|s| values::number(&s));
        let (Some(date), Some(score)) = (date, score) else {
            draft
                .report
                .unmapped("check-in without a date or score", &c.to_string());
            continue;
        };
        let item = &mut draft.items[i];
        let what = format!("the check-in of {date}");
        let Some(value) = metric_value(item, score, &what, &mut draft.report) else {
            continue;
        };
        let colour = str_of(&c, "confidence").to_lowercase();
        let confidence = CONFIDENCE_COLOURS
            .iter()
            .find(|(name, _)| *name == colour)
            .map(|(_, v)| *v);
        if confidence.is_some() {
            coloured.push(i);
        } else if !colour.is_empty() {
            draft.report.unmapped("check-in confidence", &colour);
            item.notes.push(format!("{what} confidence: {colour}"));
        }
        if let Value::Object(fields) = &c {
            for (key, value) in fields {
                if CHECKIN_FIELDS.contains(&key.as_str()) || is_empty(value) {
                    continue;
                }
                let shown = text(value).unwrap_or_else(|| value.to_string());
                draft.report.unmapped(&format!("check-in {key}"), &shown);
                item.notes.push(format!("{what} {key}: {shown}"));
            }
        }
        item.checkins.push(DraftCheckin {
            date,
            value,
            confidence,
            note: non_empty(&c, "body"),
            author: c.get("membership").and_then(person),
        });
    }
    // Said once per key result, not per check-in: the reading is the same for all.
    coloured.sort_unstable();
    coloured.dedup();
    for i in coloured {
        let note = "check-in confidence colours read as red 0.2, yellow 0.5, green 0.8".to_owned();
        let item = &mut draft.items[i];
        draft
            .report
            .interpreted
            .push(format!("`{}`: {note}", item.title));
        item.notes.push(note);
    }
    for item in &mut draft.items {
        item.checkins.sort_by_key(|c| c.date);
        if let Some(last) = item.checkins.last() {
            item.current = Some(last.value);
        }
    }
}
