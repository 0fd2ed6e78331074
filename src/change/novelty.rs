//! Which findings a change introduces: each finding of the new plan is `new` or
//! `existing` by a key that survives rewording and moves — the rule, the entity (or the
//! file, for a finding with none) and the field it points at, without list indices.
//! Keys are counted, so a third duplicate is new when the base had two.

use std::collections::HashMap;

use crate::finding::{Anchor, Finding, Located, Novelty};

/// A finding's identity across revisions: its rule, what it is about, and the field.
pub type Key = (String, String, String);

/// A located finding's identity across revisions.
pub fn key(located: &Located) -> Key {
    key_of(
        &located.finding,
        located.at.as_ref().map(|at| at.file.as_str()),
    )
}

/// The identity of `f`, which is in `file` (its path as findings show it, `None` where
/// its anchor points nowhere): the file matters only to a finding about no entity, so
/// a finding need not be placed on its line to be known again.
pub fn key_of(f: &Finding, file: Option<&str>) -> Key {
    let owner = match (&f.entity, file) {
        (Some(id), _) => format!("id:{id}"),
        (None, Some(file)) => format!("file:{file}"),
        (None, None) => String::new(),
    };
    let field = match &f.at {
        Some(Anchor::Node { pointer, .. }) => pointer
            .split('/')
            .filter(|s| !s.is_empty() && !s.bytes().all(|b| b.is_ascii_digit()))
            .collect::<Vec<_>>()
            .join("/"),
        Some(Anchor::File { .. }) | None => String::new(),
    };
    (f.rule.code().to_owned(), owner, field)
}

/// Marks every finding of `current` as new or existing against the identities of the
/// findings at the base.
pub fn classify(current: &[Located], base: Vec<Key>) -> Vec<Novelty> {
    let mut at_base: HashMap<Key, usize> = HashMap::new();
    for key in base {
        *at_base.entry(key).or_default() += 1;
    }
    current
        .iter()
        .map(|l| match at_base.get_mut(&key(l)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                Novelty::Existing
            }
            _ => Novelty::New,
        })
        .collect()
}
