//! Generic sheets (`csv`, `xlsx`): one row per entity, columns found by their usual
//! headers or named in a small YAML column map.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Draft, Item, Kind, Report, set_baseline, set_current, set_status, values};

/// The fields a sheet's columns can fill, with the headers tools usually give them.
const FIELDS: &[(&str, &[&str])] = &[
    ("id", &["id", "row id", "goal id", "key"]),
    (
        "title",
        &[
            "title",
            "goal title",
            "name",
            "goal",
            "objective",
            "summary",
        ],
    ),
    ("type", &["type", "goal type", "kind", "level", "item type"]),
    (
        "parent",
        &[
            "parent",
            "parent id",
            "parent ids",
            "parent row id",
            "parent row ids",
            "aligned to",
            "parent goal",
        ],
    ),
    (
        "owner",
        &[
            "owner",
            "owners",
            "owner email",
            "owner emails",
            "assignee",
            "lead",
        ],
    ),
    ("team", &["team", "group", "department"]),
    (
        "period",
        &[
            "period",
            "goal cycle",
            "cycle",
            "time period",
            "quarter",
            "timeframe",
        ],
    ),
    ("start", &["start", "start date", "start on"]),
    ("end", &["end", "end date", "due", "due date", "due on"]),
    (
        "start_value",
        &[
            "start value",
            "starting value",
            "baseline",
            "metric start value",
            "initial value",
            "from",
        ],
    ),
    (
        "target_value",
        &["target", "target value", "metric target value", "to"],
    ),
    (
        "current_value",
        &[
            "current",
            "current value",
            "metric current value",
            "progress",
            "value",
        ],
    ),
    ("unit", &["unit", "metric unit", "units"]),
    ("status", &["status", "progress status", "state"]),
    ("description", &["description", "notes", "details"]),
];

/// The column map file (`--map FILE`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ColumnMap {
    /// bearing field → the sheet's header.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Whether a start value of 0 is the tool's default rather than a baseline.
    #[serde(default)]
    pub start_zero_is_default: bool,
}

impl ColumnMap {
    /// Reads a map file, refusing fields that are not a sheet field.
    pub(crate) fn parse(text: &str) -> Result<ColumnMap, String> {
        let map: ColumnMap = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
        for field in map.columns.keys() {
            if !FIELDS.iter().any(|(f, _)| f == field) {
                let known: Vec<&str> = FIELDS.iter().map(|(f, _)| *f).collect();
                return Err(format!(
                    "`{field}` is not a field a column can fill (one of {})",
                    known.join(", ")
                ));
            }
        }
        Ok(map)
    }
}

fn normal(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads CSV bytes (a BOM and `;` separators are fine) into rows of text.
pub(crate) fn csv_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let text = String::from_utf8_lossy(bytes);
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| {
            r.map(|r| r.iter().map(str::to_owned).collect())
                .map_err(|e| e.to_string())
        })
        .collect()
}

/// Reads the first sheet of an `.xlsx` workbook into rows of text. Numbers come out as
/// the cell's number (no display format), dates as `YYYY-MM-DD`.
pub(crate) fn xlsx_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    use calamine::{Data, Reader};
    let mut book =
        calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).map_err(|e| e.to_string())?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| "the workbook has no sheet".to_owned())?;
    let range = book.worksheet_range(&name).map_err(|e| e.to_string())?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => super::yaml_number(*f),
                    Data::Int(i) => i.to_string(),
                    Data::Bool(b) => b.to_string(),
                    Data::DateTime(d) => excel_date(d.as_f64()),
                    Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                    Data::Error(e) => format!("#{e:?}"),
                    #[allow(unreachable_patterns)] // calamine may add cell kinds
                    _ => String::new(),
                })
                .collect()
        })
        .collect())
}

/// An Excel serial day (1900 system) as `YYYY-MM-DD`.
fn excel_date(serial: f64) -> String {
    let epoch = jiff::civil::date(1899, 12, 30);
    #[allow(clippy::cast_possible_truncation)] // a day number, far inside i64
    let days = serial.floor() as i64;
    epoch
        .checked_add(jiff::Span::new().days(days))
        .map_or_else(|_| super::yaml_number(serial), |d| d.to_string())
}

/// One row's mapped cells: field → non-empty text.
type Cells<'a> = BTreeMap<&'a str, &'a str>;

/// Rows (the first is the header) to a draft.
pub(crate) fn read(rows: &[Vec<String>], map: &ColumnMap, tool: &str) -> Result<Draft, String> {
    let Some((header, rows)) = rows.split_first() else {
        return Err("the sheet is empty".to_owned());
    };
    let mut column: BTreeMap<&str, usize> = BTreeMap::new();
    for (field, names) in FIELDS {
        let found = match map.columns.get(*field) {
            Some(name) => Some(header.iter().position(|h| normal(h) == normal(name)).ok_or_else(
                || format!("the column map names `{name}` for `{field}`, but the sheet has no such column"),
            )?),
            None => header
                .iter()
                .position(|h| names.contains(&normal(h).as_str()) && !map.columns.values().any(|v| normal(v) == normal(h))),
        };
        if let Some(i) = found {
            column.insert(field, i);
        }
    }
    if !column.contains_key("title") {
        return Err(format!(
            "no title column among {}",
            header
                .iter()
                .map(|h| format!("`{h}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let used: Vec<usize> = column.values().copied().collect();
    let mut draft = Draft {
        tool: tool.to_owned(),
        ..Draft::default()
    };
    if !column.contains_key("start_value") {
        draft.report.interpreted.push(
            "the sheet has no start-value column: key results are imported without a baseline"
                .to_owned(),
        );
    }
    for (n, row) in rows.iter().enumerate() {
        let cells: Cells = column
            .iter()
            .filter_map(|(f, i)| Some((*f, row.get(*i)?.trim())))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let cell = |field: &str| cells.get(field).copied();
        let Some(title) = cell("title") else { continue };
        let mut item = Item {
            title: title.to_owned(),
            source_id: Some(cell("id").map_or_else(|| format!("row {}", n + 2), str::to_owned)),
            owner: cell("owner").map(str::to_owned),
            unit: cell("unit").map(str::to_owned),
            description: cell("description").map(str::to_owned),
            ..Item::default()
        };
        item.parents = cell("parent")
            .map(|p| {
                p.split([',', ';'])
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        item.kind = Some(kind_of(
            cell("type"),
            &item,
            cell("target_value").is_some(),
            &mut draft.report,
        ));
        let kind = item.kind.unwrap_or(Kind::Objective);
        read_row_values(&mut item, &cells, map, &mut draft.report);
        if let Some(word) = cell("status") {
            set_status(&mut item, kind, word, &mut draft.report);
        }
        item.group = cell("team").or(cell("period")).unwrap_or("okrs").to_owned();
        for (i, value) in row.iter().enumerate() {
            let value = value.trim();
            if used.contains(&i) || value.is_empty() {
                continue;
            }
            let name = header
                .get(i)
                .map_or_else(|| format!("column {}", i + 1), |h| h.trim().to_owned());
            draft.report.unmapped(&name, value);
            item.notes.push(format!("{name}: {value}"));
        }
        draft.items.push(item);
    }
    // A key result's parent is given by the tool's id or by the objective's title.
    let titles: BTreeMap<String, String> = draft
        .items
        .iter()
        .filter_map(|i| Some((i.title.to_lowercase(), i.source_id.clone()?)))
        .collect();
    let ids: Vec<String> = draft
        .items
        .iter()
        .filter_map(|i| i.source_id.clone())
        .collect();
    for item in &mut draft.items {
        for parent in &mut item.parents {
            if !ids.contains(parent) {
                if let Some(id) = titles.get(&parent.to_lowercase()) {
                    *parent = id.clone();
                }
            }
        }
    }
    draft.resolve();
    Ok(draft)
}

fn read_row_values(item: &mut Item, cells: &Cells, map: &ColumnMap, report: &mut Report) {
    let cell = |field: &str| cells.get(field).copied();
    let mut number = |field: &str, label: &str, item: &mut Item| {
        let text = cell(field)?;
        match values::number(text) {
            Some(n) => {
                if n.percent && item.unit.is_none() {
                    item.unit = Some("%".to_owned());
                }
                Some(n.value)
            }
            None => {
                report.unmapped(label, text);
                item.notes.push(format!("{label}: {text} (not a number)"));
                None
            }
        }
    };
    item.target = number("target_value", "target value", item);
    let start = number("start_value", "start value", item);
    let defaulted = map.start_zero_is_default && start == Some(0.0);
    set_baseline(item, start, defaulted, report);
    if let Some(text) = cell("current_value") {
        set_current(item, text, report);
    }
    if let Some(text) = cell("period") {
        match values::period(text) {
            Some(p) => item.period = Some(p),
            None => {
                if cell("start").is_none() || cell("end").is_none() {
                    report.unmapped("period", text);
                }
                item.notes.push(format!(
                    "period: {text} (read from the start and end dates where given)"
                ));
            }
        }
    }
    for (field, slot) in [("start", &mut item.start), ("end", &mut item.end)] {
        if let Some(text) = cell(field) {
            match values::date(text) {
                Some(d) => *slot = Some(d),
                None => {
                    report.unmapped(field, text);
                }
            }
        }
    }
}

fn kind_of(word: Option<&str>, item: &Item, has_target: bool, report: &mut Report) -> Kind {
    let inferred = if has_target {
        Kind::KeyResult
    } else if item.parents.is_empty() {
        Kind::Objective
    } else {
        Kind::Project
    };
    let Some(word) = word else { return inferred };
    match normal(word).as_str() {
        "goal" | "business goal" | "company goal" | "strategic goal" => Kind::Goal,
        "objective" | "okr" | "big rock" | "o" => Kind::Objective,
        "key result" | "kr" | "kpi" | "metric" | "keyresult" | "key results" => Kind::KeyResult,
        "project" | "initiative" | "task" | "epic" => Kind::Project,
        _ => {
            report.unmapped("type", word);
            inferred
        }
    }
}
