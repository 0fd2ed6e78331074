//! `bearing import`: other OKR tools' exports to plan files.
//!
//! Each format reads its export into the same [`Draft`] (entities with the tool's own
//! ids and links, and every field that could not be mapped); [`Draft::resolve`] gives
//! them bearing ids derived from their titles (the same export gives the same ids) and
//! links them; [`emit`] writes one readable YAML file per team, period or plan. Nothing is
//! guessed silently: every reading that is an interpretation (a percentage taken as
//! progress, a status word, a default start value) and every field left out goes into
//! the [`Report`] and, on the entity, into a YAML comment.
//!
//! Pure: bytes in, texts out. The command layer reads and writes the files.

pub(crate) mod emit;
pub(crate) mod history;
pub(crate) mod sheet;
pub(crate) mod tability;
pub(crate) mod values;
pub(crate) mod viva;

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;

/// What an imported entity becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Goal,
    Objective,
    KeyResult,
    Project,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Goal => "G",
            Kind::Objective => "O",
            Kind::KeyResult => "KR",
            Kind::Project => "P",
        }
    }
}

/// One check-in of the export.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DraftCheckin {
    pub date: Date,
    pub value: f64,
    pub confidence: Option<f64>,
    pub note: Option<String>,
    /// Who checked in: name and e-mail, when the export says.
    pub author: Option<(String, String)>,
}

/// One entity as read from an export, before it has a bearing id.
#[derive(Debug, Clone, Default)]
pub(crate) struct Item {
    pub kind: Option<Kind>,
    /// The tool's own id (a row id, a Viva `ID`), for links.
    pub source_id: Option<String>,
    pub title: String,
    pub owner: Option<String>,
    /// A bearing status word for the kind.
    pub status: Option<String>,
    /// `2026-Q3`, or none.
    pub period: Option<String>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// The tool's ids of what this entity belongs to or serves.
    pub parents: Vec<String>,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub current: Option<f64>,
    pub description: Option<String>,
    /// The file it goes to: a team, a period or a plan.
    pub group: String,
    pub checkins: Vec<DraftCheckin>,
    /// YAML comments: what was interpreted, and every field not mapped.
    pub notes: Vec<String>,
    /// Filled by [`Draft::resolve`].
    pub id: String,
}

/// Everything an import read, and what it could not map.
#[derive(Debug, Clone, Default)]
pub(crate) struct Draft {
    /// The tool, for headers and messages (`Viva Goals`, `CSV`).
    pub tool: String,
    pub items: Vec<Item>,
    pub report: Report,
}

/// What the import report lists.
#[derive(Debug, Clone, Default)]
pub(crate) struct Report {
    /// Field → how many entities had it, with an example value: fields not mapped.
    pub unmapped: BTreeMap<String, (usize, String)>,
    /// Readings that are interpretations, one line each, naming the entity.
    pub interpreted: Vec<String>,
    /// Links to entities the export does not hold.
    pub dangling: Vec<String>,
}

impl Report {
    pub(crate) fn unmapped(&mut self, field: &str, value: &str) {
        let entry = self
            .unmapped
            .entry(field.to_owned())
            .or_insert((0, value.to_owned()));
        entry.0 += 1;
    }

    /// The report as text: what the person should review after the import.
    pub(crate) fn text(&self, tool: &str) -> String {
        let mut out = format!("import report ({tool})\n");
        if self.unmapped.is_empty() {
            out.push_str("every field was mapped\n");
        } else {
            out.push_str("fields not mapped (kept as `# import:` comments on the entities):\n");
            for (field, (count, example)) in &self.unmapped {
                out.push_str(&format!(
                    "  - {field}: {} (e.g. {})\n",
                    crate::format::count(*count, "entity", "entities"),
                    short(example)
                ));
            }
        }
        if !self.interpreted.is_empty() {
            out.push_str("interpreted (each also noted in the YAML):\n");
            for line in &self.interpreted {
                out.push_str(&format!("  - {line}\n"));
            }
        }
        if !self.dangling.is_empty() {
            out.push_str("links to entities not in the export (left out):\n");
            for line in &self.dangling {
                out.push_str(&format!("  - {line}\n"));
            }
        }
        out
    }
}

fn short(text: &str) -> String {
    let one_line = text.replace(['\n', '\r'], " ");
    if one_line.chars().count() > 40 {
        format!(
            "{:?}",
            format!("{}…", one_line.chars().take(40).collect::<String>())
        )
    } else {
        format!("{one_line:?}")
    }
}

/// `Raise repeat-purchase rate from 22% to 30%` → `raise-repeat-purchase-rate-from`.
pub(crate) fn slug(title: &str, max_len: usize) -> String {
    let mut out = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_ascii_lowercase();
        if !out.is_empty() && out.len() + 1 + word.len() > max_len {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word[..word.len().min(max_len)]);
    }
    out
}

impl Draft {
    /// Gives every item its bearing id (from its kind and title; a repeated title gets
    /// `-2`, `-3` in the export's order) and turns the tool's parent ids into bearing
    /// ids. Key results without a known objective are reported and left out.
    pub(crate) fn resolve(&mut self) {
        let mut taken: HashMap<String, usize> = HashMap::new();
        for item in &mut self.items {
            let kind = item.kind.unwrap_or(Kind::Objective);
            let base = match slug(&item.title, 40) {
                s if s.is_empty() => format!("{}-untitled", kind.prefix()),
                s => format!("{}-{s}", kind.prefix()),
            };
            let n = taken.entry(base.to_lowercase()).or_insert(0);
            *n += 1;
            item.id = if *n == 1 { base } else { format!("{base}-{n}") };
        }
        let by_source: HashMap<String, (String, Kind)> = self
            .items
            .iter()
            .filter_map(|i| {
                Some((
                    i.source_id.clone()?,
                    (i.id.clone(), i.kind.unwrap_or(Kind::Objective)),
                ))
            })
            .collect();
        let mut dangling = Vec::new();
        for item in &mut self.items {
            let mut ids = Vec::new();
            for parent in &item.parents {
                match by_source.get(parent) {
                    Some((id, _)) => ids.push(id.clone()),
                    None => dangling.push(format!("`{}` → `{parent}`", item.id)),
                }
            }
            item.parents = ids;
        }
        self.report.dangling.extend(dangling);
        let kinds: HashMap<String, Kind> = by_source.into_values().collect();
        // Keep only links that make sense for the kind: a key result's first objective.
        for item in &mut self.items {
            let kind = item.kind.unwrap_or(Kind::Objective);
            let allowed = |k: &Kind| match kind {
                Kind::Goal => *k == Kind::Goal,
                Kind::Objective => *k == Kind::Goal,
                Kind::KeyResult => *k == Kind::Objective,
                Kind::Project => matches!(k, Kind::KeyResult | Kind::Objective),
            };
            let (keep, drop): (Vec<String>, Vec<String>) = item
                .parents
                .iter()
                .cloned()
                .partition(|p| kinds.get(p).is_some_and(allowed));
            for p in drop {
                let note = format!(
                    "aligned to `{p}`, which bearing cannot link from {} (kept as a comment)",
                    article(kind)
                );
                self.report
                    .interpreted
                    .push(format!("`{}`: {note}", item.id));
                item.notes.push(note);
            }
            item.parents = keep;
        }
    }
}

fn article(kind: Kind) -> &'static str {
    match kind {
        Kind::Goal => "a goal",
        Kind::Objective => "an objective",
        Kind::KeyResult => "a key result",
        Kind::Project => "a project",
    }
}

/// Sets `item.status` from another tool's status word, noting the word where bearing
/// keeps less (`At Risk` is active: the trend says the rest).
pub(crate) fn set_status(item: &mut Item, kind: Kind, word: &str, report: &mut Report) {
    use values::Status;
    let word = word.trim();
    if word.is_empty() {
        return;
    }
    let Some(status) = values::status(word) else {
        report.unmapped("status", word);
        item.notes
            .push(format!("status: {word} (not a status bearing knows)"));
        return;
    };
    let mapped = match (kind, status) {
        (Kind::KeyResult, _) => None,
        (Kind::Goal, Status::Active | Status::NotStarted) => Some("active"),
        (Kind::Goal, Status::Done) => Some("achieved"),
        (Kind::Goal, Status::Dropped) => Some("dropped"),
        (Kind::Goal, Status::Paused) => Some("on-hold"),
        (Kind::Objective, Status::Active | Status::NotStarted | Status::Paused) => Some("active"),
        (Kind::Objective, Status::Done) => Some("done"),
        (Kind::Objective, Status::Dropped) => Some("dropped"),
        (Kind::Project, Status::Active) => Some("active"),
        (Kind::Project, Status::NotStarted) => Some("proposed"),
        (Kind::Project, Status::Done) => Some("done"),
        (Kind::Project, Status::Dropped) => Some("cancelled"),
        (Kind::Project, Status::Paused) => Some("paused"),
    };
    item.status = mapped.map(str::to_owned);
    let same = mapped.is_some_and(|m| m.eq_ignore_ascii_case(word));
    if !same {
        item.notes
            .push(format!("status in {}: {word}", "the export"));
    }
}

/// Reads a start value: one the tool filled in by default is no baseline.
pub(crate) fn set_baseline(
    item: &mut Item,
    value: Option<f64>,
    defaulted: bool,
    report: &mut Report,
) {
    match value {
        Some(v) if defaulted => {
            let note = format!(
                "the start value {} is the export's default, not a measured baseline: add `baseline:` when it is known",
                yaml_number(v)
            );
            report.interpreted.push(format!("`{}`: {note}", item.title));
            item.notes.push(note);
        }
        Some(v) => item.baseline = Some(v),
        None if item.kind == Some(Kind::KeyResult) => {
            item.notes
                .push("no start value in the export: add `baseline:` when it is known".to_owned());
        }
        None => {}
    }
}

/// Reads a current value that may be a percentage of the way from start to target.
pub(crate) fn set_current(item: &mut Item, text: &str, report: &mut Report) {
    let Some(n) = values::number(text) else {
        if !text.trim().is_empty() {
            report.unmapped("current value", text);
            item.notes
                .push(format!("current value: {text} (not a number)"));
        }
        return;
    };
    if let Some(value) = metric_value(item, n, "current", report) {
        item.current = Some(value);
    }
}

/// A number read in the key result's terms: a percentage where the unit is not percent
/// is progress from the baseline to the target (noted); without a target it is left
/// out. `what` names the value in the note: `current`, `the check-in of 2026-09-01`.
pub(crate) fn metric_value(
    item: &mut Item,
    n: values::Number,
    what: &str,
    report: &mut Report,
) -> Option<f64> {
    let unit_is_percent = item
        .unit
        .as_deref()
        .is_some_and(|u| u.trim() == "%" || u.eq_ignore_ascii_case("percent"));
    if !n.percent || unit_is_percent {
        return Some(n.value);
    }
    let note = match item.target {
        Some(target) => {
            let from = item.baseline.unwrap_or(0.0);
            let value = round(from + n.value / 100.0 * (target - from));
            let note = format!(
                "{what} given as {}% of the way to the target: read as {}",
                yaml_number(n.value),
                yaml_number(value)
            );
            report.interpreted.push(format!("`{}`: {note}", item.title));
            item.notes.push(note);
            return Some(value);
        }
        None => format!(
            "{what} given as {}% with no target: left out",
            yaml_number(n.value)
        ),
    };
    report.interpreted.push(format!("`{}`: {note}", item.title));
    item.notes.push(note);
    None
}

fn round(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

pub(crate) use crate::checkin::{yaml_number, yaml_string};
