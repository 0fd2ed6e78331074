//! History from git as report input: the value of every key result over time, the
//! commits that changed the plan, and the semantic changes since a base commit. Pure
//! mapping; the walk itself is `history::walk`.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::Change;
use super::input::{Commit, EditKind, Input, TrendPoint};
use crate::change::diff::{ChangeKind, Delta, EntityChange};
use crate::history::walk::History;

/// Commits listed on the changes page: enough for a quarter of weekly work.
const MAX_COMMITS: usize = 200;

/// The report input of a walk, as of `as_of`. `base` (as given, and its commit): only
/// the commits after it contribute changes; without a base the changes are left out, as
/// a whole history is not "what changed".
///
/// Authors are shown by name: an e-mail address only when `show_emails`, since a report
/// is often published (`report.show-emails`).
pub fn input(
    history: &History,
    as_of: Date,
    rev: Option<String>,
    base: Option<(String, String)>,
    show_emails: bool,
) -> Input {
    let who = |author: &str| shown_author(author, show_emails);
    let mut trends = BTreeMap::new();
    for (kr, points) in &history.series.key_results {
        // The report is as of `as_of`: later values are not part of it.
        let mut series: Vec<TrendPoint> = points
            .iter()
            .filter(|p| p.day <= as_of)
            .map(|p| TrendPoint {
                date: p.day,
                value: p.value,
                commit: (!p.commit.is_empty()).then(|| short(&p.commit)),
                author: Some(who(&p.author)),
            })
            .collect();
        series.sort_by_key(|p| p.date);
        trends.insert(kr.clone(), series);
    }
    let commits = history
        .commits
        .iter()
        .filter(|c| day(&c.date) <= as_of)
        .take(MAX_COMMITS)
        .map(|c| Commit {
            hash: short(&c.commit),
            date: day(&c.date),
            author: who(&c.author),
            subject: c.subject.clone(),
        })
        .collect();
    let mut changes = Vec::new();
    if let Some((_, base_commit)) = &base {
        for c in history
            .commits
            .iter()
            .take_while(|c| &c.commit != base_commit)
        {
            for e in &c.changes {
                changes.extend(entity_changes(e, &c.commit, &who(&c.author), day(&c.date)));
            }
        }
    }
    Input {
        rev,
        base: base.map(|(rev, _)| rev),
        changes,
        trends,
        commits,
    }
}

fn entity_changes(e: &EntityChange, commit: &str, author: &str, date: Date) -> Vec<Change> {
    let make =
        |kind, field: Option<String>, old: Option<String>, new: Option<String>, summary: String| {
            Change {
                entity: e.id.clone(),
                kind,
                field,
                old,
                new,
                commit: Some(short(commit)),
                author: Some(author.to_owned()),
                date: Some(date),
                summary,
            }
        };
    match e.change {
        ChangeKind::Added => vec![make(
            EditKind::Added,
            None,
            None,
            None,
            format!("{} `{}` added: {}", e.kind.noun(), e.id, e.title),
        )],
        ChangeKind::Removed => vec![make(
            EditKind::Removed,
            None,
            None,
            None,
            format!("{} `{}` removed: {}", e.kind.noun(), e.id, e.title),
        )],
        ChangeKind::Changed => e
            .fields
            .iter()
            .map(|f| {
                let (old, new, words) = match &f.delta {
                    Delta::Value { old, new } => {
                        (None, None, format!("{} → {}", text(old), text(new)))
                    }
                    Delta::Set { added, removed } => {
                        let mut parts = Vec::new();
                        if !added.is_empty() {
                            parts.push(format!(
                                "+ {}",
                                added.iter().map(text).collect::<Vec<_>>().join(", ")
                            ));
                        }
                        if !removed.is_empty() {
                            parts.push(format!(
                                "− {}",
                                removed.iter().map(text).collect::<Vec<_>>().join(", ")
                            ));
                        }
                        (None, None, parts.join("; "))
                    }
                };
                let lowered = f
                    .lowered
                    .map(|l| {
                        format!(
                            " (lowered, {} of the planned improvement given up)",
                            crate::format::percent(l.given_up)
                        )
                    })
                    .unwrap_or_default();
                make(
                    EditKind::Modified,
                    Some(f.field.clone()),
                    old,
                    new,
                    format!("{words}{lowered}"),
                )
            })
            .collect(),
    }
}

/// A value in a few words: long texts (descriptions) by their length only.
fn text(v: &serde_json::Value) -> String {
    let shown = match v {
        serde_json::Value::Null => "—".to_owned(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if shown.chars().count() > 60 || shown.contains('\n') {
        format!("({} characters)", shown.chars().count())
    } else {
        shown
    }
}

/// `Ada Lovelace <ada@example.com>` as `Ada Lovelace`, unless e-mails are to be shown.
/// An author with no name is shown by the part of the address before the `@`.
pub fn shown_author(author: &str, show_emails: bool) -> String {
    if show_emails {
        return author.to_owned();
    }
    let Some(open) = author
        .rfind(" <")
        .or_else(|| author.starts_with('<').then_some(0))
    else {
        return author.to_owned();
    };
    let name = author[..open].trim();
    if !name.is_empty() {
        return name.to_owned();
    }
    let address = author[open..]
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>');
    address.split('@').next().unwrap_or_default().to_owned()
}

fn short(commit: &str) -> String {
    commit.chars().take(7).collect()
}

/// The calendar day of an ISO 8601 date-time (`2026-09-28T17:20:00-07:00`).
fn day(date: &str) -> Date {
    date.get(..10)
        .and_then(|d| d.parse().ok())
        .unwrap_or_else(|| Date::constant(1970, 1, 1))
}

#[cfg(test)]
mod tests {
    use super::shown_author;

    #[test]
    fn authors_are_shown_by_name_unless_emails_are_asked_for() {
        assert_eq!(
            shown_author("Ada Lovelace <ada@example.com>", false),
            "Ada Lovelace"
        );
        assert_eq!(
            shown_author("Ada Lovelace <ada@example.com>", true),
            "Ada Lovelace <ada@example.com>"
        );
        assert_eq!(shown_author(" <ada@example.com>", false), "ada");
        assert_eq!(shown_author("<ada@example.com>", false), "ada");
        assert_eq!(shown_author("Ada", false), "Ada");
    }
}
