//! Time series of key-result and goal values, from history: every commit that changes a
//! `current` value is a point (date, author, commit, value), merged with the explicit
//! check-ins written in the plan. Pure: the walk hands in the two versions of an entity.
//!
//! Merging: a commit that changes `current` and adds a check-in with the same value is
//! one point with `explicit_checkin: true`. Any other check-in added by a commit is a
//! point of its own (`source: checkin`, dated by the check-in). Points are in commit
//! order, oldest first; the first point of a key result is the commit that gave it a
//! value (the first commit, for a plan that starts with one).

use std::collections::BTreeMap;

use foldhash::{HashMap, HashSet};

use jiff::civil::Date;
use serde::Serialize;

use super::state::EntityRef;
use crate::model::{Id, KeyResult};

/// Where a point comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// A commit changed `current`.
    Current,
    /// A commit added an explicit check-in without changing `current` to its value.
    Checkin,
}

/// One value of a key result or goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub commit: String,
    /// The author date (ISO 8601 with the author's offset), or a check-in's own date.
    pub date: String,
    /// `Name <email>`: the commit's author, or a check-in's `author`.
    pub author: String,
    pub value: f64,
    /// The commit also recorded an explicit check-in of this value.
    pub explicit_checkin: bool,
    pub source: Source,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The calendar day of the point, for "last updated".
    #[serde(skip)]
    pub day: Date,
}

/// The commit a change is observed at.
#[derive(Debug, Clone, Copy)]
pub struct Stamp<'a> {
    pub commit: &'a str,
    pub date: &'a str,
    pub day: Date,
    pub author: &'a str,
}

#[derive(Debug, Default)]
struct Trail {
    points: Vec<Point>,
    last: Option<f64>,
}

/// Collects points along a walk.
#[derive(Debug, Default)]
pub struct SeriesBuilder {
    /// Key results by (objective, key result): an id reused in two objectives is two
    /// tracks until [`SeriesBuilder::finish`] picks the one the plan uses.
    key_results: HashMap<(Id, Id), Trail>,
    goals: HashMap<Id, Trail>,
}

/// The series, by id.
#[derive(Debug, Default, Serialize)]
pub struct Series {
    pub key_results: BTreeMap<Id, Vec<Point>>,
    pub goals: BTreeMap<Id, Vec<Point>>,
}

impl Series {
    /// The series of one entity: a key result's or a goal's own.
    pub fn only(&self, id: &str) -> Series {
        let mut out = Series::default();
        out.key_results.extend(
            self.key_results
                .iter()
                .filter(|(kr, _)| kr.as_str() == id)
                .map(|(kr, points)| (kr.clone(), points.clone())),
        );
        out.goals.extend(
            self.goals
                .iter()
                .filter(|(goal, _)| goal.as_str() == id)
                .map(|(goal, points)| (goal.clone(), points.clone())),
        );
        out
    }

    /// Per key result, the day its `current` value last changed in a commit authored
    /// on or before `as_of` (figures "as of" a day ignore later commits).
    pub fn last_current_change(&self, as_of: Date) -> HashMap<Id, Date> {
        self.key_results
            .iter()
            .filter_map(|(id, points)| {
                let last = points
                    .iter()
                    .filter(|p| p.source == Source::Current && p.day <= as_of)
                    .max_by_key(|p| p.day)?;
                Some((id.clone(), last.day))
            })
            .collect()
    }

    /// The value of `current` at its latest change, per key result.
    pub fn last_current_value(&self) -> HashMap<&Id, f64> {
        self.key_results
            .iter()
            .filter_map(|(id, points)| {
                let last = points.iter().rev().find(|p| p.source == Source::Current)?;
                Some((id, last.value))
            })
            .collect()
    }
}

impl SeriesBuilder {
    /// Records what changed between two versions of one entity at a commit.
    pub fn observe(&mut self, at: Stamp, old: Option<EntityRef>, new: Option<EntityRef>) {
        match new {
            Some(EntityRef::Objective(n)) => {
                let before = match old {
                    Some(EntityRef::Objective(o)) => o.key_results.as_slice(),
                    _ => &[],
                };
                for kr in &n.key_results {
                    let old_kr = before.iter().find(|k| k.id == kr.id);
                    let track = self
                        .key_results
                        .entry((n.id.clone(), kr.id.clone()))
                        .or_default();
                    observe_key_result(track, at, old_kr, kr);
                }
            }
            Some(EntityRef::Goal(g)) => {
                let track = self.goals.entry(g.id.clone()).or_default();
                if let Some(value) = g.metric.current {
                    if track.last != Some(value) {
                        track.points.push(point(at, value, false));
                        track.last = Some(value);
                    }
                }
            }
            _ => {}
        }
    }

    /// Remembers an entity's values as the starting point of a walk that does not begin
    /// at the first commit: only later changes become points.
    pub fn seed(&mut self, entity: EntityRef) {
        match entity {
            EntityRef::Objective(o) => {
                for kr in &o.key_results {
                    self.key_results
                        .entry((o.id.clone(), kr.id.clone()))
                        .or_default()
                        .last = kr.metric.current;
                }
            }
            EntityRef::Goal(g) => {
                self.goals.entry(g.id.clone()).or_default().last = g.metric.current
            }
            EntityRef::Project(_) => {}
        }
    }

    /// The key results that have a value now (after [`SeriesBuilder::seed`]: at the
    /// commit a walk starts from).
    pub fn valued_key_results(&self) -> HashSet<Id> {
        self.key_results
            .iter()
            .filter(|(_, track)| track.last.is_some())
            .map(|((_, kr), _)| kr.clone())
            .collect()
    }

    /// The series by id. Where two objectives hold a key result with the same id,
    /// `owner_rank` says which one the plan uses (lowest first; `None`: gone).
    pub fn finish(self, owner_rank: impl Fn(&Id) -> Option<String>) -> Series {
        let mut by_kr: BTreeMap<Id, Vec<(Id, Trail)>> = BTreeMap::new();
        for ((objective, kr), track) in self.key_results {
            if !track.points.is_empty() {
                by_kr.entry(kr).or_default().push((objective, track));
            }
        }
        let mut series = Series::default();
        for (kr, mut tracks) in by_kr {
            tracks.sort_by(|(a, ta), (b, tb)| {
                let (ra, rb) = (owner_rank(a), owner_rank(b));
                match (ra, rb) {
                    (Some(x), Some(y)) => super::state::path_order(&x, &y).then_with(|| a.cmp(b)),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => tb.points.len().cmp(&ta.points.len()),
                }
            });
            if let Some((_, track)) = tracks.into_iter().next() {
                series.key_results.insert(kr, in_date_order(track.points));
            }
        }
        for (id, track) in self.goals {
            if !track.points.is_empty() {
                series.goals.insert(id, in_date_order(track.points));
            }
        }
        series
    }
}

/// A series reads by date (issue 14): a check-in dated before the commit that records it
/// comes before that commit's point. Points of one day keep the order they were seen in.
fn in_date_order(mut points: Vec<Point>) -> Vec<Point> {
    points.sort_by_key(|p| p.day);
    points
}

fn point(at: Stamp, value: f64, explicit_checkin: bool) -> Point {
    Point {
        commit: at.commit.to_owned(),
        date: at.date.to_owned(),
        author: at.author.to_owned(),
        value,
        explicit_checkin,
        source: Source::Current,
        note: None,
        day: at.day,
    }
}

fn observe_key_result(track: &mut Trail, at: Stamp, old: Option<&KeyResult>, new: &KeyResult) {
    let added_checkins: Vec<_> = match old {
        Some(o) => new
            .checkins
            .iter()
            .filter(|c| {
                !o.checkins
                    .iter()
                    .any(|x| x.date == c.date && x.value == c.value)
            })
            .collect(),
        // A key result that appears brings its check-ins as history, not as this
        // commit's record.
        None => new.checkins.iter().collect(),
    };
    let mut merged = None;
    if let Some(value) = new.metric.current {
        if track.last != Some(value) {
            merged = old.and(added_checkins.iter().position(|c| c.value == value));
            let mut p = point(at, value, merged.is_some());
            p.note = merged.and_then(|i| added_checkins[i].note.clone());
            track.points.push(p);
            track.last = Some(value);
        }
    }
    for (i, c) in added_checkins.iter().enumerate() {
        if merged == Some(i) {
            continue;
        }
        track.points.push(Point {
            commit: at.commit.to_owned(),
            date: c.date.to_string(),
            author: c.author.clone().unwrap_or_else(|| at.author.to_owned()),
            value: c.value,
            explicit_checkin: true,
            source: Source::Checkin,
            note: c.note.clone(),
            day: c.date,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Objective;

    fn objective(current: f64, checkins: &[(Date, f64)]) -> std::sync::Arc<Objective> {
        let checkins = checkins
            .iter()
            .map(|(d, v)| format!("{{date: {d}, value: {v}}}"))
            .collect::<Vec<_>>()
            .join(", ");
        let text = format!(
            "kind: Objective\nid: O-a\ntitle: A\nkey_results:\n  - {{id: KR-a, title: A, baseline: 0, target: 10, current: {current}, checkins: [{checkins}]}}\n"
        );
        let loaded = crate::load::load(
            vec![crate::load::RawFile {
                path: "a.yaml".into(),
                content: crate::load::FileContent::Bytes(text.into_bytes()),
            }],
            &crate::yaml::parse::YamlLimits::default(),
        );
        loaded.plan.objectives.into_iter().next().expect("valid")
    }

    fn stamp(commit: &str, day: Date) -> Stamp<'_> {
        Stamp {
            commit,
            date: "2026-01-01T00:00:00+00:00",
            day,
            author: "A <a@x>",
        }
    }

    #[test]
    fn a_checkin_with_the_new_value_merges_into_the_commit() {
        let d = Date::constant(2026, 3, 1);
        let (o1, o2) = (
            objective(1.0, &[(d, 0.5)]),
            objective(2.0, &[(d, 0.5), (d, 2.0)]),
        );
        let o3 = objective(
            2.0,
            &[(d, 0.5), (d, 2.0), (Date::constant(2026, 3, 9), 2.5)],
        );
        let mut b = SeriesBuilder::default();
        b.observe(stamp("c1", d), None, Some(EntityRef::Objective(&o1)));
        b.observe(
            stamp("c2", d),
            Some(EntityRef::Objective(&o1)),
            Some(EntityRef::Objective(&o2)),
        );
        b.observe(
            stamp("c3", d),
            Some(EntityRef::Objective(&o2)),
            Some(EntityRef::Objective(&o3)),
        );
        let s = b.finish(|_| Some("a.yaml".into()));
        let points = &s.key_results[&Id::from("KR-a")];
        let shape: Vec<(&str, f64, bool, Source)> = points
            .iter()
            .map(|p| (p.commit.as_str(), p.value, p.explicit_checkin, p.source))
            .collect();
        assert_eq!(
            shape,
            [
                ("c1", 1.0, false, Source::Current),
                ("c1", 0.5, true, Source::Checkin),
                ("c2", 2.0, true, Source::Current),
                ("c3", 2.5, true, Source::Checkin),
            ]
        );
        assert_eq!(s.last_current_change(d)[&Id::from("KR-a")], d);
        assert!(s.last_current_change(Date::constant(2026, 2, 1)).is_empty());
    }

    #[test]
    fn a_checkin_older_than_its_commit_comes_first() {
        let (early, late) = (Date::constant(2026, 3, 1), Date::constant(2026, 3, 10));
        let o1 = objective(1.0, &[]);
        let o2 = objective(2.0, &[(early, 1.5)]);
        let mut b = SeriesBuilder::default();
        b.observe(
            stamp("c1", Date::constant(2026, 2, 1)),
            None,
            Some(EntityRef::Objective(&o1)),
        );
        b.observe(
            stamp("c2", late),
            Some(EntityRef::Objective(&o1)),
            Some(EntityRef::Objective(&o2)),
        );
        let s = b.finish(|_| Some("a.yaml".into()));
        let days: Vec<Date> = s.key_results[&Id::from("KR-a")]
            .iter()
            .map(|p| p.day)
            .collect();
        let mut sorted = days.clone();
        sorted.sort();
        assert_eq!(days, sorted, "the series reads by date");
        assert_eq!(days.len(), 3);
    }
}
