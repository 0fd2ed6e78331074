//! Two versions of the plan read together — a diff's base and head — so that a
//! document both sides hold is parsed once, and the semantic diff of the two. Pure: the
//! caller reads the files (from git or the working tree).

use std::sync::Arc;

use rayon::prelude::*;

use super::diff::{EntityChange, Move, PlanDiff, diff_entity, rank};
use super::state::FileProblem;
use super::state::{Declaration, FileEntities, PlanState};
use super::versions::{ChunkCache, parse_versions};
use crate::config::Limits;
use crate::load::RawFile;
use crate::model::{Id, Plan};

/// One side: the plan file by file, and the files that could not be read.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub state: PlanState,
    pub problems: Vec<FileProblem>,
}

impl Snapshot {
    pub fn plan(&self) -> Plan {
        self.state.to_plan()
    }
}

/// Which side of a comparison something belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Base,
    Head,
}

/// Parses both sides with the plan loader, each distinct document text once.
pub fn read_pair(base: Vec<RawFile>, head: Vec<RawFile>, limits: &Limits) -> (Snapshot, Snapshot) {
    let versions: Vec<((bool, String), crate::load::FileContent)> = base
        .into_iter()
        .map(|f| ((false, f.path), f.content))
        .chain(head.into_iter().map(|f| ((true, f.path), f.content)))
        .collect();
    let cache = ChunkCache::default();
    let parse = || parse_versions(versions, &cache, limits, None).0;
    let files = crate::pool::run(&limits.yaml, parse);
    let (head, base): (Vec<_>, Vec<_>) = files.into_iter().partition(|((is_head, _), _)| *is_head);
    rayon::join(|| snapshot(base), || snapshot(head))
}

fn snapshot<K>(files: Vec<((K, String), FileEntities)>) -> Snapshot {
    let mut side = Snapshot::default();
    for ((_, path), file) in files {
        side.problems.extend(file.problems().map(|m| FileProblem {
            path: path.clone(),
            message: m.clone(),
        }));
        side.state.replace(&path, Some(Arc::new(file)));
    }
    side
}

/// The semantic diff of two snapshots, with moves between files. Each id is compared
/// on its own, on every core; the result keeps the order of the ids.
pub fn diff_snapshots(old: &Snapshot, new: &Snapshot) -> PlanDiff {
    let mut ranked: Vec<(u8, &Id)> = [&old.state, &new.state]
        .into_iter()
        .flat_map(|s| s.files())
        .flat_map(|(_, f)| f.entities())
        .map(|e| (rank(e.kind()), e.id()))
        .collect();
    ranked.par_sort_unstable();
    ranked.dedup();
    // An id declared as two kinds is compared once, at its first rank.
    let mut seen = foldhash::HashSet::default();
    let ids: Vec<&Id> = ranked
        .into_iter()
        .map(|(_, id)| id)
        .filter(|id| seen.insert(*id))
        .collect();
    let (before, after) = rayon::join(|| old.state.declarations(), || new.state.declarations());
    let per_id: Vec<(Vec<EntityChange>, Option<Move>)> = ids
        .into_par_iter()
        .map(|id| compare(before.get(id), after.get(id), id))
        .collect();
    let mut diff = PlanDiff::default();
    for (changes, moved) in per_id {
        diff.changes.extend(changes);
        diff.moves.extend(moved);
    }
    diff
}

/// What became of one id between two snapshots, from its first declaration on each side.
fn compare(
    before: Option<&Declaration>,
    after: Option<&Declaration>,
    id: &Id,
) -> (Vec<EntityChange>, Option<Move>) {
    if let (Some(b), Some(a)) = (before, after) {
        // The same parsed piece at the same path: nothing changed.
        if Arc::ptr_eq(b.chunk, a.chunk) && b.path == a.path {
            return (Vec::new(), None);
        }
    }
    let (o, n) = (before.and_then(|d| d.entity), after.and_then(|d| d.entity));
    let moved = match (before, after, o, n) {
        (Some(b), Some(a), Some(oe), Some(ne)) if b.path != a.path && oe.kind() == ne.kind() => {
            Some(Move {
                id: id.clone(),
                kind: ne.kind(),
                from: b.path.to_owned(),
                to: a.path.to_owned(),
            })
        }
        _ => None,
    };
    (diff_entity(o, n), moved)
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::change::diff::{ChangeKind, Delta};
    use crate::change::state::raw;

    fn diff_loaded(old: &[(&str, &str)], new: &[(&str, &str)]) -> PlanDiff {
        let files = |f: &[(&str, &str)]| f.iter().map(|(p, t)| raw(p, t)).collect();
        let (a, b) = read_pair(files(old), files(new), &Limits::default());
        diff_snapshots(&a, &b)
    }

    const OKR: &str = "kind: Objective\nid: O-a\ntitle: A\nsupports: [G-a, G-b]\nperiod: 2026-Q3\nkey_results:\n  - {id: KR-churn, title: Churn, baseline: 4.0, target: 3.2, current: 3.8}\n  - {id: KR-x, title: X, baseline: 0, target: 10}\n";

    #[test]
    fn a_move_between_files_is_not_a_change() {
        let d = diff_loaded(
            &[("a.yaml", OKR), ("b.yaml", "")],
            &[("a.yaml", ""), ("b.yaml", OKR)],
        );
        assert!(d.changes.is_empty(), "{:?}", d.changes);
        assert_eq!(d.moves.len(), 1);
        assert_eq!(
            (d.moves[0].from.as_str(), d.moves[0].to.as_str()),
            ("a.yaml", "b.yaml")
        );
    }

    #[test]
    fn key_results_match_by_id_and_lists_compare_as_sets() {
        let reordered = "kind: Objective\nid: O-a\ntitle: A\nsupports: [G-b, G-a]\nperiod: 2026-Q3\nkey_results:\n  - {id: KR-x, title: X, baseline: 0, target: 10}\n  - {id: KR-churn, title: Churn, baseline: 4.0, target: 3.5, current: 3.8}\n";
        let d = diff_loaded(&[("a.yaml", OKR)], &[("a.yaml", reordered)]);
        assert_eq!(d.changes.len(), 1, "{:?}", d.changes);
        let c = &d.changes[0];
        assert_eq!(c.id.as_str(), "KR-churn");
        assert_eq!(c.objective.as_ref().map(Id::as_str), Some("O-a"));
        let target = c.field("target").expect("target changed");
        let l = target.lowered.expect("lowered");
        assert!((l.given_up - 0.375).abs() < 1e-9, "{l:?}");
    }

    #[test]
    fn fields_and_sets_are_reported() {
        let p1 = "kind: Project\nid: P-a\ntitle: A\nstatus: active\ncontributes_to: [KR-x, {id: KR-y, expected: 2}]\nbudget: {planned: 100, currency: USD}\n";
        let p2 = "kind: Project\nid: P-a\ntitle: A\nstatus: paused\ncontributes_to: [KR-z, {id: KR-y, expected: 2}]\nbudget: {planned: 150, currency: USD}\n";
        let d = diff_loaded(&[("p.yaml", p1)], &[("p.yaml", p2)]);
        let c = &d.changes[0];
        let names: Vec<&str> = c.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["status", "contributes_to", "budget.planned"]);
        assert_eq!(
            c.fields[1].delta,
            Delta::Set {
                added: vec![Value::from("KR-z")],
                removed: vec![Value::from("KR-x")]
            }
        );
        let added = diff_loaded(&[("p.yaml", "")], &[("p.yaml", p1)]);
        assert_eq!(added.changes[0].change, ChangeKind::Added);
    }

    #[test]
    fn both_sides_read_and_compare() {
        let okr = "kind: Objective\nid: O-a\ntitle: A\nkey_results:\n  - {id: KR-a, title: A, baseline: 0, target: 10}\n";
        let p1 = "---\nkind: Project\nid: P-a\ntitle: A\nstatus: active\n";
        let p2 = "---\nkind: Project\nid: P-a\ntitle: A\nstatus: done\n";
        let (old, new) = read_pair(
            vec![raw("a.yaml", &format!("{okr}{p1}"))],
            vec![raw("a.yaml", p2), raw("b.yaml", okr)],
            &Limits::default(),
        );
        let d = diff_snapshots(&old, &new);
        assert_eq!(d.changes.len(), 1, "{:?}", d.changes);
        assert_eq!(d.changes[0].change, ChangeKind::Changed);
        assert_eq!(d.moves.len(), 1);
        assert_eq!(new.plan().objectives.len(), 1);
    }
}
