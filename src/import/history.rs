//! The commits that replay an export's check-ins: first the plan without check-ins,
//! then one commit per check-in on its day, by its author, adding the check-in line and
//! setting `current`; the last tree is the imported plan exactly. Fixed times (noon UTC
//! on the check-in's day) make the same export give the same commits.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::{Draft, emit};

/// One commit to write.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    /// Path (relative to the import folder) → text.
    pub files: BTreeMap<String, String>,
    pub author: (String, String),
    pub date: Date,
    pub message: String,
}

/// Who the commits of check-ins with no known author, and the first commit, are by.
const IMPORTER: (&str, &str) = ("bearing import", "import@bearing.invalid");

/// The replay of `draft`, oldest first; `extra` files (bearing.yaml) are in every tree.
pub(crate) fn snapshots(draft: &Draft, extra: &BTreeMap<String, String>) -> Vec<Snapshot> {
    let mut order: Vec<(Date, usize, usize)> = Vec::new();
    for (i, item) in draft.items.iter().enumerate() {
        for (c, checkin) in item.checkins.iter().enumerate() {
            order.push((checkin.date, i, c));
        }
    }
    order.sort();
    let with_extra = |mut files: BTreeMap<String, String>| {
        files.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
        files
    };
    let importer = (IMPORTER.0.to_owned(), IMPORTER.1.to_owned());
    let first_day = order
        .first()
        .map(|(d, _, _)| *d)
        .or_else(|| draft.items.iter().find_map(|i| i.start))
        .unwrap_or(jiff::civil::date(2000, 1, 1));
    let mut out = vec![Snapshot {
        files: with_extra(emit::files(draft, Some(&|_, _| false))),
        author: importer.clone(),
        date: first_day,
        message: format!(
            "import: the plan from {}, before its check-ins\n",
            draft.tool
        ),
    }];
    for (n, (date, i, c)) in order.iter().enumerate() {
        let done = &order[..=n];
        let included =
            |item: usize, checkin: usize| done.iter().any(|(_, a, b)| *a == item && *b == checkin);
        let item = &draft.items[*i];
        let checkin = &item.checkins[*c];
        let mut message = format!(
            "chore(checkin): {} = {} on {date}\n",
            item.id,
            super::yaml_number(checkin.value)
        );
        if let Some(note) = &checkin.note {
            message.push('\n');
            message.push_str(note.trim());
            message.push('\n');
        }
        message.push_str(&format!("\nImported from {}.\n", draft.tool));
        out.push(Snapshot {
            files: with_extra(emit::files(draft, Some(&included))),
            author: checkin
                .author
                .clone()
                .filter(|(n, _)| !n.is_empty())
                .unwrap_or_else(|| importer.clone()),
            date: *date,
            message,
        });
    }
    let last = with_extra(emit::files(draft, None));
    if out.last().is_some_and(|s| s.files != last) {
        let date = out.last().map_or(first_day, |s| s.date);
        out.push(Snapshot {
            files: last,
            author: importer,
            date,
            message: format!("import: values as exported from {}\n", draft.tool),
        });
    }
    out
}
