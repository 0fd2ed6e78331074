//! `duplicate-id`: one namespace across kinds, key results included, compared without
//! case (the report site's file names must not collide on case-insensitive systems).

use std::collections::hash_map::Entry;

use compact_str::CompactString;
use foldhash::{HashMap, HashMapExt};

use crate::finding::{Anchor, Finding, Sink};
use crate::load::IdDecl;
use crate::vocab::Rule;

pub(super) fn check(decls: &[IdDecl], sink: &mut Sink) {
    // Ids compared without case, held inline (nearly every id fits): no text allocated,
    // and each id looked up once, for every id of the plan.
    let mut first: HashMap<CompactString, &IdDecl> = HashMap::with_capacity(decls.len());
    // A document copied whole is one mistake: its key results' ids are not reported
    // again, one by one.
    let mut copied_docs = foldhash::HashSet::default();
    for decl in decls {
        if !decl.pointer.is_empty() && copied_docs.contains(&decl.doc) {
            continue;
        }
        let folded = CompactString::from(decl.id.as_str()).to_ascii_lowercase();
        let earlier = match first.entry(folded) {
            Entry::Vacant(at) => {
                at.insert(decl);
                continue;
            }
            Entry::Occupied(at) => *at.get(),
        };
        if decl.pointer.is_empty() && earlier.pointer.is_empty() && earlier.id == decl.id {
            copied_docs.insert(decl.doc);
        }
        let what = match &earlier.parent {
            Some(objective) => format!("a key result of `{objective}`"),
            None => earlier.kind.a_noun().to_owned(),
        };
        let message = if earlier.id == decl.id {
            format!("duplicate id `{}`: already the id of {what}", decl.id)
        } else {
            format!(
                "id `{}` differs only by case from `{}`, the id of {what}",
                decl.id, earlier.id
            )
        };
        sink.push(
            Finding::new(Rule::DuplicateId, message)
                .entity(&decl.id.as_str().into())
                .at(Anchor::key(decl.doc, format!("{}/id", decl.pointer)))
                .help("rename one of the two: every goal, objective, key result and project needs an id of its own")
                .related(
                    format!("`{}` first defined here", earlier.id),
                    Anchor::key(earlier.doc, format!("{}/id", earlier.pointer)),
                ),
        );
    }
}
