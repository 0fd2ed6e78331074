//! Tability: the API v2 list responses (plans, objectives, outcomes, checkins,
//! initiatives) saved as one JSON object of lists, or as one list per file in a folder,
//! read by the field names of the API's types (luquimbo/tability-mcp, `src/types.ts`;
//! guides.tability.io/api documents the endpoints).
//!
//! A plan is a file, and its dates are its objectives' period; outcomes become key
//! results (`from` → baseline, `to` → target, `score_format` → unit), check-ins keep
//! their date, score, confidence colour, body and author, and initiatives become
//! projects contributing to their outcome. The API types `from` as a number, never
//! empty, so a `from` of 0 cannot be told from "not set" and is no baseline. Every
//! field not mapped is reported and kept as a comment.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use super::viva::{is_empty, str_of, text};
use super::{Draft, Item, Kind, Report, set_baseline, set_status, values};

mod checkins;
mod fields;

use checkins::read_checkins;
use fields::{date_of, id_of, non_empty, number_field, person, unmapped};

/// The lists a source holds, by the names of the API's endpoints.
const COLLECTIONS: [&str; 5] = ["plans", "objectives", "outcomes", "checkins", "initiatives"];

/// The fields each entity's reader maps; every other field is reported.
const PLAN_FIELDS: &[&str] = &["id", "title", "start_at", "finish_at"];
const OBJECTIVE_FIELDS: &[&str] = &["id", "plan_id", "plan", "title", "description"];
const OUTCOME_FIELDS: &[&str] = &[
    "id",
    "objective_id",
    "title",
    "description",
    "from",
    "to",
    "score_format",
    "membership",
    "current_checkin",
    "previous_checkin",
];
const INITIATIVE_FIELDS: &[&str] = &[
    "id",
    "outcome_id",
    "title",
    "state",
    "work_state",
    "due_at",
    "body",
    "membership",
];

/// A plan as its objectives need it: the file they go to, their period, and what the
/// plan had that bearing does not keep.
struct PlanInfo {
    title: String,
    start: Option<jiff::civil::Date>,
    end: Option<jiff::civil::Date>,
    notes: Vec<String>,
}

/// Reads the source's JSON documents (file name, bytes) into a draft.
pub(crate) fn read(documents: &[(String, Vec<u8>)]) -> Result<Draft, String> {
    let mut draft = Draft {
        tool: "a Tability export".to_owned(),
        ..Draft::default()
    };
    let mut lists = collect(documents, &mut draft.report)?;
    let mut take = |name: &str| lists.remove(name).unwrap_or_default();
    let mut plans = take("plans");
    let objectives = take("objectives");
    let outcomes = take("outcomes");
    let checkins = take("checkins");
    let initiatives = take("initiatives");
    if objectives.is_empty() {
        return Err("the source holds no objectives".to_owned());
    }
    // Some responses embed the objective's plan; it counts when the plans list lacks it.
    let mut listed: HashSet<String> = plans.iter().filter_map(id_of).collect();
    for embedded in objectives.iter().filter_map(|o| o.get("plan")) {
        if id_of(embedded).is_some_and(|id| listed.insert(id)) {
            plans.push(embedded.clone());
        }
    }
    let plans: HashMap<String, PlanInfo> = plans
        .iter()
        .filter_map(|p| Some((id_of(p)?, plan_info(p, &mut draft.report))))
        .collect();

    let mut group_of_objective: HashMap<String, String> = HashMap::new();
    for o in &objectives {
        let mut item = Item {
            kind: Some(Kind::Objective),
            source_id: id_of(o),
            title: str_of(o, "title"),
            description: non_empty(o, "description"),
            ..Item::default()
        };
        let plan_id = str_of(o, "plan_id");
        match plans.get(&plan_id) {
            Some(plan) => {
                item.group = plan.title.clone();
                item.start = plan.start;
                item.end = plan.end;
                item.notes.extend(plan.notes.iter().cloned());
            }
            None if plan_id.is_empty() => {}
            None => draft
                .report
                .dangling
                .push(format!("objective `{}` → plan `{plan_id}`", item.title)),
        }
        unmapped(
            o,
            OBJECTIVE_FIELDS,
            "objective",
            &mut item,
            &mut draft.report,
        );
        if let Some(id) = &item.source_id {
            group_of_objective.insert(id.clone(), item.group.clone());
        }
        draft.items.push(item);
    }

    let mut group_of_outcome: HashMap<String, String> = HashMap::new();
    let mut embedded_checkins: Vec<Value> = Vec::new();
    for o in &outcomes {
        let item = outcome(o, &mut draft.report);
        let objective = str_of(o, "objective_id");
        if let Some(id) = &item.source_id {
            let group = group_of_objective.get(&objective).cloned();
            group_of_outcome.insert(id.clone(), group.unwrap_or_default());
            // An outcome carries its latest two check-ins; they count when the
            // checkins list lacks them (deduplicated by id below).
            for key in ["previous_checkin", "current_checkin"] {
                if let Some(Value::Object(c)) = o.get(key) {
                    let mut c = c.clone();
                    c.entry("outcome_id")
                        .or_insert_with(|| Value::String(id.clone()));
                    embedded_checkins.push(Value::Object(c));
                }
            }
        }
        draft.items.push(item);
    }

    for i in &initiatives {
        let mut item = initiative(i, &mut draft.report);
        item.group = group_of_outcome
            .get(&str_of(i, "outcome_id"))
            .cloned()
            .unwrap_or_default();
        draft.items.push(item);
    }

    let all_checkins = checkins.into_iter().chain(embedded_checkins);
    read_checkins(&mut draft, all_checkins);
    draft.resolve();
    Ok(draft)
}

/// The source's lists by name: an object of lists, or a list in a file named after it.
fn collect(
    documents: &[(String, Vec<u8>)],
    report: &mut Report,
) -> Result<BTreeMap<&'static str, Vec<Value>>, String> {
    let mut lists: BTreeMap<&'static str, Vec<Value>> = BTreeMap::new();
    for (name, bytes) in documents {
        let value: Value =
            serde_json::from_slice(bytes).map_err(|e| format!("`{name}` is not JSON: {e}"))?;
        match value {
            Value::Object(fields) if COLLECTIONS.iter().any(|c| fields.contains_key(*c)) => {
                for (key, value) in fields {
                    let Some(&list) = COLLECTIONS.iter().find(|c| **c == key) else {
                        if !is_empty(&value) {
                            report.unmapped(&format!("top-level {key}"), &value.to_string());
                        }
                        continue;
                    };
                    match value {
                        Value::Array(rows) => lists.entry(list).or_default().extend(rows),
                        Value::Null => {}
                        _ => return Err(format!("`{key}` in `{name}` is not a list")),
                    }
                }
            }
            Value::Array(rows) => {
                let list = list_named(name).ok_or_else(|| {
                    format!(
                        "`{name}` is a list of nothing it names: call it after its endpoint ({}.json)",
                        COLLECTIONS.join(".json, ")
                    )
                })?;
                lists.entry(list).or_default().extend(rows);
            }
            _ => {
                return Err(format!(
                    "`{name}` holds none of the lists {}",
                    COLLECTIONS.join(", ")
                ));
            }
        }
    }
    Ok(lists)
}

/// `checkins.json`, `Outcomes-page-2.json` → the list they hold.
fn list_named(file_name: &str) -> Option<&'static str> {
    // Check-ins first: `checkins` is the only name that may contain another's stem
    // (`plan-checkins.json`).
    const STEMS: [(&str, &str); 5] = [
        ("checkin", "checkins"),
        ("initiative", "initiatives"),
        ("outcome", "outcomes"),
        ("objective", "objectives"),
        ("plan", "plans"),
    ];
    let name = file_name.to_lowercase().replace(['-', '_', ' '], "");
    STEMS
        .iter()
        .find(|(stem, _)| name.contains(stem))
        .map(|(_, list)| *list)
}

fn plan_info(plan: &Value, report: &mut Report) -> PlanInfo {
    let title = str_of(plan, "title");
    let mut info = PlanInfo {
        start: date_of(plan, "start_at"),
        end: date_of(plan, "finish_at"),
        title,
        notes: Vec::new(),
    };
    // The plan has no document of its own: what it had that bearing does not keep goes
    // on each of its objectives, and once into the report.
    if let Value::Object(fields) = plan {
        for (key, value) in fields {
            let unreadable_date =
                matches!(key.as_str(), "start_at" | "finish_at") && date_of(plan, key).is_none();
            if (PLAN_FIELDS.contains(&key.as_str()) && !unreadable_date) || is_empty(value) {
                continue;
            }
            let shown = text(value).unwrap_or_else(|| value.to_string());
            report.unmapped(&format!("plan {key}"), &shown);
            info.notes
                .push(format!("plan `{}` {key}: {shown}", info.title));
        }
    }
    info
}

fn outcome(o: &Value, report: &mut Report) -> Item {
    let mut item = Item {
        kind: Some(Kind::KeyResult),
        source_id: id_of(o),
        title: str_of(o, "title"),
        description: non_empty(o, "description"),
        owner: o.get("membership").and_then(person).map(|(name, _)| name),
        parents: Some(str_of(o, "objective_id"))
            .filter(|p| !p.is_empty())
            .into_iter()
            .collect(),
        ..Item::default()
    };
    let format = str_of(o, "score_format");
    if format.contains("_number_") {
        item.unit =
            Some(format.replace("_number_", "").trim().to_owned()).filter(|u| !u.is_empty());
    } else if !format.trim().is_empty() {
        report.unmapped("outcome score_format", &format);
        item.notes
            .push(format!("score_format: {format} (no `_number_` in it)"));
    }
    item.target = number_field(o, "to", &mut item, report).map(|n| n.value);
    match o.get("from").filter(|v| !v.is_null()) {
        None => set_baseline(&mut item, None, false, report),
        Some(_) => {
            let from = number_field(o, "from", &mut item, report).map(|n| n.value);
            set_baseline(&mut item, from, from == Some(0.0), report);
        }
    }
    // `default` is the only outcome type whose meaning is sure (a number from `from` to
    // `to`); any other is kept for the person to read.
    let kind = str_of(o, "outcome_type");
    if !kind.is_empty() && kind != "default" {
        report.unmapped("outcome outcome_type", &kind);
        item.notes.push(format!("outcome_type: {kind}"));
    }
    // Bearing reads whether a key result is met from its values, so `completed` is
    // only worth saying when it is set.
    if o.get("completed") == Some(&Value::Bool(true)) {
        report.unmapped("outcome completed", "true");
        item.notes
            .push("completed in Tability: true (bearing reads it from the values)".to_owned());
    }
    let mut mapped = OUTCOME_FIELDS.to_vec();
    mapped.extend(["outcome_type", "completed"]);
    unmapped(o, &mapped, "outcome", &mut item, report);
    item
}

fn initiative(i: &Value, report: &mut Report) -> Item {
    let mut item = Item {
        kind: Some(Kind::Project),
        source_id: id_of(i),
        title: str_of(i, "title"),
        description: non_empty(i, "body"),
        owner: i.get("membership").and_then(person).map(|(name, _)| name),
        end: date_of(i, "due_at"),
        parents: Some(str_of(i, "outcome_id"))
            .filter(|p| !p.is_empty())
            .into_iter()
            .collect(),
        ..Item::default()
    };
    // `state` says open or closed; while it is open, `work_state` says how far the
    // work is (planned, backlog, in_progress). A closed initiative's work state is
    // history, kept as a comment.
    let state = str_of(i, "state");
    let work = str_of(i, "work_state");
    let open = state.is_empty() || values::status(&state) == Some(values::Status::Active);
    if open && !work.is_empty() {
        set_status(&mut item, Kind::Project, &work, report);
    } else {
        set_status(&mut item, Kind::Project, &state, report);
        if !work.is_empty() {
            report.unmapped("initiative work_state", &work);
            item.notes.push(format!("work_state: {work}"));
        }
    }
    let mut mapped = INITIATIVE_FIELDS.to_vec();
    // `membership_id` only repeats the embedded member's id.
    if i.get("membership").is_some_and(|m| !m.is_null()) {
        mapped.push("membership_id");
    }
    if item.end.is_none() {
        // An unreadable due date is reported with the other fields.
        mapped.retain(|f| *f != "due_at");
    }
    unmapped(i, &mapped, "initiative", &mut item, report);
    item
}

#[cfg(test)]
mod tests;
