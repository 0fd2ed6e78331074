//! The plan as the generator holds it (typed entities, their files) and how each is
//! written as YAML. Keys come out in one fixed order per kind, so inserting a key later
//! (a violation, a check-in) puts it where a person would have written it.

use crate::date::{Date, quarter_end};
use crate::yaml::{fmt_num, literal, string};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Goal,
    Objective,
    Project,
}

/// A document: which entity, by index into its kind's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Doc {
    Goal(usize),
    Objective(usize),
    Project(usize),
}

impl Doc {
    pub fn kind(self) -> Kind {
        match self {
            Doc::Goal(_) => Kind::Goal,
            Doc::Objective(_) => Kind::Objective,
            Doc::Project(_) => Kind::Project,
        }
    }
}

/// What the history may do with an entity.
#[derive(Clone, Copy, Debug, Default)]
pub struct Marks {
    /// Set aside while the plan is built, for a violation.
    pub reserved: bool,
    /// Carries (or stands beside) an injected violation: the history never changes it.
    pub frozen: bool,
}

#[derive(Clone, Debug)]
pub struct Metric {
    pub unit: &'static str,
    pub direction: Option<&'static str>,
    pub baseline: f64,
    pub target: f64,
    pub current: Option<f64>,
    pub decimals: u32,
}

#[derive(Clone, Debug)]
pub struct Goal {
    pub id: String,
    pub title: String,
    pub owner: &'static str,
    pub category: &'static str,
    pub status: &'static str,
    pub parent: Option<String>,
    pub start: Option<Date>,
    pub due: Option<Date>,
    pub metric: Option<Metric>,
    pub description: String,
    pub comment: Option<String>,
    pub marks: Marks,
    pub file: usize,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Period {
    Quarter(i64, u32),
    Half(i64, u32),
    Month(i64, u32),
    Year(i64),
    Span(Date, Date),
}

impl Period {
    pub fn bounds(self) -> (Date, Date) {
        match self {
            Period::Quarter(y, q) => (Date::ymd(y, q * 3 - 2, 1), quarter_end(y, q)),
            Period::Half(y, h) => (Date::ymd(y, h * 6 - 5, 1), quarter_end(y, h * 2)),
            Period::Month(y, m) => (Date::ymd(y, m, 1), crate::date::month_end(y, m)),
            Period::Year(y) => (Date::ymd(y, 1, 1), Date::ymd(y, 12, 31)),
            Period::Span(a, b) => (a, b),
        }
    }

    pub fn year(self) -> i64 {
        match self {
            Period::Quarter(y, _) | Period::Half(y, _) | Period::Month(y, _) | Period::Year(y) => y,
            Period::Span(a, _) => a.year(),
        }
    }

    /// The form's name in the truth file's `periods_by_form`.
    pub fn form(self) -> &'static str {
        match self {
            Period::Quarter(..) => "YYYY-Qn",
            Period::Half(..) => "YYYY-Hn",
            Period::Month(..) => "YYYY-MM",
            Period::Year(_) => "YYYY",
            Period::Span(..) => "start-end",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Confidence {
    Num(f64),
    /// A word where a number belongs (a schema violation).
    Word(&'static str),
}

#[derive(Clone, Debug)]
pub struct Checkin {
    pub date: Date,
    pub value: f64,
    pub confidence: Option<f64>,
    pub note: Option<&'static str>,
}

#[derive(Clone, Debug)]
pub struct KeyResult {
    pub id: String,
    pub title: String,
    pub unit: &'static str,
    pub direction: Option<&'static str>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub current: Option<f64>,
    pub confidence: Option<Confidence>,
    pub checkins: Vec<Checkin>,
    pub decimals: u32,
}

impl KeyResult {
    /// Baseline and target both numbers, and a numeric confidence if any: the history
    /// moves only these.
    pub fn measurable(&self) -> bool {
        self.baseline.is_some()
            && self.target.is_some()
            && !matches!(self.confidence, Some(Confidence::Word(_)))
    }
}

#[derive(Clone, Debug)]
pub struct Objective {
    pub id: String,
    pub title: String,
    pub owner: String,
    /// `None`: no `supports` key at all; `Some([])`: `supports: []`.
    pub supports: Option<Vec<String>>,
    pub period: Period,
    pub status: &'static str,
    pub status_note: Option<&'static str>,
    pub description: Option<String>,
    pub key_results: Vec<KeyResult>,
    pub flow_supports: bool,
    pub flow_period: bool,
    pub marks: Marks,
    pub file: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Contribution {
    Id(String),
    Expected(String, f64),
}

impl Contribution {
    pub fn id(&self) -> &str {
        match self {
            Contribution::Id(id) | Contribution::Expected(id, _) => id,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Budget {
    pub planned: f64,
    pub spent: Option<f64>,
    pub currency: &'static str,
}

#[derive(Clone, Debug)]
pub enum Amount {
    Num(f64),
    /// Text where a number belongs (a schema violation).
    Text(&'static str),
}

#[derive(Clone, Debug)]
pub struct Deliverable {
    pub title: &'static str,
    /// A date, or text where a date belongs (a schema violation).
    pub due: Result<Date, &'static str>,
    pub done: bool,
}

#[derive(Clone, Debug, Default)]
pub struct ProjectFlow {
    pub contributes_to: bool,
    pub budget: bool,
    pub expected_value: bool,
    pub depends_on: bool,
}

#[derive(Clone, Debug)]
pub struct Project {
    pub id: String,
    pub title: Option<String>,
    pub owner: String,
    pub status: &'static str,
    /// A property the schema does not know (a schema violation).
    pub priority: Option<&'static str>,
    pub contributes_to: Option<Vec<Contribution>>,
    pub stage: Option<&'static str>,
    pub validated_by: Option<String>,
    pub start: Option<Date>,
    pub due: Option<Date>,
    pub budget: Option<Budget>,
    pub expected_value: Option<(Amount, &'static str)>,
    pub outcome: Option<&'static str>,
    pub deliverables: Vec<Deliverable>,
    pub depends_on: Vec<String>,
    pub description: Option<String>,
    pub flow: ProjectFlow,
    pub marks: Marks,
    /// The project this document duplicates (a `duplicate-id` violation).
    pub copy_of: Option<usize>,
    pub file: usize,
}

pub struct PlanFile {
    pub path: String,
    pub kind: Kind,
    pub header: Option<String>,
    /// Starts with `---` even before the first document.
    pub leading_marker: bool,
    pub docs: Vec<Doc>,
}

// ---------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------

fn line(out: &mut String, pad: &str, key: &str, value: &str) {
    out.push_str(pad);
    out.push_str(key);
    out.push_str(": ");
    out.push_str(value);
    out.push('\n');
}

fn str_line(out: &mut String, pad: &str, key: &str, value: &str) {
    line(out, pad, key, &string(value, false));
}

fn num_line(out: &mut String, pad: &str, key: &str, value: f64) {
    line(out, pad, key, &fmt_num(value));
}

/// A list of plain ids, flow (`[a, b]`) or block style.
fn id_list(out: &mut String, pad: &str, key: &str, ids: &[String], flow: bool) {
    if ids.is_empty() {
        line(out, pad, key, "[]");
    } else if flow {
        let items: Vec<_> = ids.iter().map(|s| string(s, true)).collect();
        line(out, pad, key, &format!("[{}]", items.join(", ")));
    } else {
        out.push_str(pad);
        out.push_str(key);
        out.push_str(":\n");
        for id in ids {
            out.push_str(pad);
            out.push_str("  - ");
            out.push_str(&string(id, false));
            out.push('\n');
        }
    }
}

/// `{k: v, ...}` from already written values.
fn flow_map(pairs: &[(&str, String)]) -> String {
    let inner: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{{{}}}", inner.join(", "))
}

/// A small mapping, flow or block style.
fn small_map(out: &mut String, pad: &str, key: &str, pairs: &[(&str, String)], flow: bool) {
    if flow {
        line(out, pad, key, &flow_map(pairs));
    } else {
        out.push_str(pad);
        out.push_str(key);
        out.push_str(":\n");
        let inner = format!("{pad}  ");
        for (k, v) in pairs {
            line(out, &inner, k, v);
        }
    }
}

impl Goal {
    pub fn write(&self, out: &mut String) {
        if let Some(comment) = &self.comment {
            out.push_str("# ");
            out.push_str(comment);
            out.push('\n');
        }
        line(out, "", "kind", "Goal");
        str_line(out, "", "id", &self.id);
        str_line(out, "", "title", &self.title);
        str_line(out, "", "owner", self.owner);
        str_line(out, "", "category", self.category);
        str_line(out, "", "status", self.status);
        if let Some(parent) = &self.parent {
            str_line(out, "", "parent", parent);
        }
        if let Some(start) = self.start {
            line(out, "", "start", &start.to_string());
        }
        if let Some(due) = self.due {
            line(out, "", "due", &due.to_string());
        }
        if let Some(m) = &self.metric {
            str_line(out, "", "unit", m.unit);
            if let Some(direction) = m.direction {
                line(out, "", "direction", direction);
            }
            num_line(out, "", "baseline", m.baseline);
            num_line(out, "", "target", m.target);
            if let Some(current) = m.current {
                num_line(out, "", "current", current);
            }
        }
        literal(out, "", "description", &self.description);
    }
}

fn period_text(p: Period, flow: bool, out: &mut String) {
    match p {
        Period::Quarter(y, q) => line(out, "", "period", &format!("{y}-Q{q}")),
        Period::Half(y, h) => line(out, "", "period", &format!("{y}-H{h}")),
        Period::Month(y, m) => line(out, "", "period", &format!("{y}-{m:02}")),
        Period::Year(y) => line(out, "", "period", &y.to_string()),
        Period::Span(a, b) => small_map(
            out,
            "",
            "period",
            &[("start", a.to_string()), ("end", b.to_string())],
            flow,
        ),
    }
}

impl KeyResult {
    fn write(&self, out: &mut String) {
        out.push_str("  - id: ");
        out.push_str(&string(&self.id, false));
        out.push('\n');
        let pad = "    ";
        str_line(out, pad, "title", &self.title);
        str_line(out, pad, "unit", self.unit);
        if let Some(direction) = self.direction {
            line(out, pad, "direction", direction);
        }
        if let Some(v) = self.baseline {
            num_line(out, pad, "baseline", v);
        }
        if let Some(v) = self.target {
            num_line(out, pad, "target", v);
        }
        if let Some(v) = self.current {
            num_line(out, pad, "current", v);
        }
        match self.confidence {
            Some(Confidence::Num(v)) => num_line(out, pad, "confidence", v),
            Some(Confidence::Word(w)) => str_line(out, pad, "confidence", w),
            None => {}
        }
        if !self.checkins.is_empty() {
            out.push_str(pad);
            out.push_str("checkins:\n");
            for c in &self.checkins {
                let mut pairs = vec![("date", c.date.to_string()), ("value", fmt_num(c.value))];
                if let Some(conf) = c.confidence {
                    pairs.push(("confidence", fmt_num(conf)));
                }
                if let Some(note) = c.note {
                    pairs.push(("note", string(note, true).into_owned()));
                }
                out.push_str(pad);
                out.push_str("  - ");
                out.push_str(&flow_map(&pairs));
                out.push('\n');
            }
        }
    }
}

impl Objective {
    pub fn write(&self, out: &mut String) {
        line(out, "", "kind", "Objective");
        str_line(out, "", "id", &self.id);
        str_line(out, "", "title", &self.title);
        str_line(out, "", "owner", &self.owner);
        if let Some(supports) = &self.supports {
            id_list(out, "", "supports", supports, self.flow_supports);
        }
        period_text(self.period, self.flow_period, out);
        match self.status_note {
            Some(note) => line(out, "", "status", &format!("{}  # {note}", self.status)),
            None => str_line(out, "", "status", self.status),
        }
        if let Some(d) = &self.description {
            literal(out, "", "description", d);
        }
        out.push_str("key_results:\n");
        for kr in &self.key_results {
            kr.write(out);
        }
    }
}

fn contribution_text(c: &Contribution) -> String {
    match c {
        Contribution::Id(id) => string(id, true).into_owned(),
        Contribution::Expected(id, v) => flow_map(&[
            ("id", string(id, true).into_owned()),
            ("expected", fmt_num(*v)),
        ]),
    }
}

impl Project {
    pub fn write(&self, out: &mut String) {
        line(out, "", "kind", "Project");
        str_line(out, "", "id", &self.id);
        if let Some(title) = &self.title {
            str_line(out, "", "title", title);
        }
        str_line(out, "", "owner", &self.owner);
        str_line(out, "", "status", self.status);
        if let Some(p) = self.priority {
            str_line(out, "", "priority", p);
        }
        if let Some(refs) = &self.contributes_to {
            let items: Vec<String> = refs.iter().map(contribution_text).collect();
            if items.is_empty() {
                line(out, "", "contributes_to", "[]");
            } else if self.flow.contributes_to {
                line(
                    out,
                    "",
                    "contributes_to",
                    &format!("[{}]", items.join(", ")),
                );
            } else {
                out.push_str("contributes_to:\n");
                for item in items {
                    out.push_str("  - ");
                    out.push_str(&item);
                    out.push('\n');
                }
            }
        }
        if let Some(stage) = self.stage {
            line(out, "", "stage", stage);
        }
        if let Some(v) = &self.validated_by {
            str_line(out, "", "validated_by", v);
        }
        if let Some(d) = self.start {
            line(out, "", "start", &d.to_string());
        }
        if let Some(d) = self.due {
            line(out, "", "due", &d.to_string());
        }
        if let Some(b) = &self.budget {
            let mut pairs = vec![("planned", fmt_num(b.planned))];
            if let Some(spent) = b.spent {
                pairs.push(("spent", fmt_num(spent)));
            }
            pairs.push(("currency", b.currency.to_string()));
            small_map(out, "", "budget", &pairs, self.flow.budget);
        }
        if let Some((amount, currency)) = &self.expected_value {
            let amount = match amount {
                Amount::Num(v) => fmt_num(*v),
                Amount::Text(t) => string(t, true).into_owned(),
            };
            let pairs = [("amount", amount), ("currency", currency.to_string())];
            small_map(out, "", "expected_value", &pairs, self.flow.expected_value);
        }
        if let Some(o) = self.outcome {
            str_line(out, "", "outcome", o);
        }
        if !self.deliverables.is_empty() {
            out.push_str("deliverables:\n");
            for d in &self.deliverables {
                let due = match d.due {
                    Ok(date) => date.to_string(),
                    Err(text) => string(text, true).into_owned(),
                };
                let pairs = [
                    ("title", string(d.title, true).into_owned()),
                    ("due", due),
                    ("done", d.done.to_string()),
                ];
                out.push_str("  - ");
                out.push_str(&flow_map(&pairs));
                out.push('\n');
            }
        }
        if !self.depends_on.is_empty() {
            id_list(
                out,
                "",
                "depends_on",
                &self.depends_on,
                self.flow.depends_on,
            );
        }
        if let Some(d) = &self.description {
            literal(out, "", "description", d);
        }
    }
}
