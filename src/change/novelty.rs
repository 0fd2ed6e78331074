//! Which findings a change introduces: each finding of the new plan is `new` or
//! `existing` by a key that survives rewording and moves — the rule, the entity (or the
//! file, for a finding with none) and the field it points at, without list indices.
//! Keys are counted, so a third duplicate is new when the base had two.

use std::collections::HashMap;
use std::fmt;

use rayon::prelude::*;

use crate::finding::{Anchor, Finding, Located, Novelty};
use crate::model::Id;
use crate::vocab::Rule;

/// A finding's identity across revisions: its rule, what it is about, and the field.
/// Its text (`Display`) is the fingerprint SARIF gives code scanning, so it must not
/// change between versions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    rule: Rule,
    owner: Owner,
    /// The pointer into the document without list indices (`key_results/metric`).
    field: String,
}

/// What a finding is about: an entity, else the file it is in, else nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Owner {
    Entity(Id),
    File(String),
    Nothing,
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.rule.code())?;
        match &self.owner {
            Owner::Entity(id) => write!(f, "id:{id}")?,
            Owner::File(file) => write!(f, "file:{file}")?,
            Owner::Nothing => {}
        }
        write!(f, ":/{}", self.field)
    }
}

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
        (Some(id), _) => Owner::Entity(id.clone()),
        (None, Some(file)) => Owner::File(file.to_owned()),
        (None, None) => Owner::Nothing,
    };
    let mut field = String::new();
    if let Some(Anchor::Node { pointer, .. }) = &f.at {
        let parts = pointer
            .split('/')
            .filter(|s| !s.is_empty() && !s.bytes().all(|b| b.is_ascii_digit()));
        for (i, part) in parts.enumerate() {
            if i > 0 {
                field.push('/');
            }
            field.push_str(part);
        }
    }
    Key {
        rule: f.rule,
        owner,
        field,
    }
}

/// Marks every finding of `current` as new or existing against the identities of the
/// findings at the base. A finding `there_before` is existing without being looked for:
/// the base was not judged where a change cannot reach (see [`super::reach`]).
pub fn classify(
    current: &[Located],
    base: Vec<Key>,
    there_before: impl Fn(&Finding) -> bool + Sync,
) -> Vec<Novelty> {
    // Tens of thousands of findings on a large plan: keys are made on every core and
    // hashed with foldhash (no input here is chosen to collide: both sides are ours).
    let mut at_base: HashMap<Key, usize, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(base.len(), Default::default());
    for key in base {
        *at_base.entry(key).or_default() += 1;
    }
    let keys: Vec<Option<Key>> = current
        .par_iter()
        .map(|located| (!there_before(&located.finding)).then(|| key(located)))
        .collect();
    keys.iter()
        .map(|k| match k.as_ref().map(|k| at_base.get_mut(k)) {
            None => Novelty::Existing,
            Some(Some(n)) if *n > 0 => {
                *n -= 1;
                Novelty::Existing
            }
            Some(_) => Novelty::New,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    fn finding(rule: Rule, entity: Option<&str>, pointer: Option<&str>) -> Finding {
        let mut f = Finding::new(rule, "message");
        f.entity = entity.map(Id::from);
        f.at = pointer.map(|p| Anchor::value(0, p));
        f
    }

    #[test]
    fn keys_read_as_the_fingerprints_code_scanning_has_seen() {
        let about_entity = finding(
            Rule::StaleKr,
            Some("KR-1"),
            Some("/key_results/3/metric/current"),
        );
        assert_eq!(
            key_of(&about_entity, Some("plans/a.yaml")).to_string(),
            "stale-kr:id:KR-1:/key_results/metric/current"
        );
        let about_file = finding(Rule::Schema, None, Some("/title"));
        assert_eq!(
            key_of(&about_file, Some("plans/a.yaml")).to_string(),
            "schema:file:plans/a.yaml:/title"
        );
        let about_nothing = finding(Rule::Gate, None, None);
        assert_eq!(key_of(&about_nothing, None).to_string(), "gate::/");
    }

    #[test]
    fn list_indices_and_rewording_do_not_change_a_key() {
        let a = finding(Rule::StaleKr, Some("KR-1"), Some("/key_results/0/metric"));
        let mut b = finding(Rule::StaleKr, Some("KR-1"), Some("/key_results/5/metric"));
        b.message = "said another way".to_owned();
        assert_eq!(key_of(&a, Some("x.yaml")), key_of(&b, Some("moved.yaml")));
        let other_rule = finding(
            Rule::KrOffTrack,
            Some("KR-1"),
            Some("/key_results/0/metric"),
        );
        assert_ne!(key_of(&a, None), key_of(&other_rule, None));
    }
}
