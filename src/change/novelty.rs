//! Which findings a change introduces: each finding of the new plan is `new` or
//! `existing` by a key that survives rewording and moves — the rule, the entity (or the
//! file, for a finding with none) and the field it points at, without list indices.
//! Keys are counted, so a third duplicate is new when the base had two.

use std::collections::HashMap;

use crate::finding::{Anchor, Located, Novelty};

/// A finding's identity across revisions.
pub fn key(located: &Located) -> (String, String, String) {
    let f = &located.finding;
    let owner = match (&f.entity, &located.at) {
        (Some(id), _) => format!("id:{id}"),
        (None, Some(at)) => format!("file:{}", at.file),
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

/// Marks every finding of `current` as new or existing against `base`.
pub fn classify(current: &[Located], base: &[Located]) -> Vec<Novelty> {
    let mut at_base: HashMap<(String, String, String), usize> = HashMap::new();
    for l in base {
        *at_base.entry(key(l)).or_default() += 1;
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
