//! One plan file read alone: decoded, parsed (or salvaged where a mistake allows), each
//! document read into an entity; then placed in a plan, its documents numbered as the
//! plan numbers them.

use std::sync::Arc;

use super::damage::Damage;
use super::document::{DocumentOutcome, Parsed, read_document};
use super::{FileContent, OVER_TOTAL_HELP, decode, over_total, salvage};
use crate::finding::{Anchor, Finding};
use crate::vocab::Rule;
use crate::yaml::node::{Node, Pos};
use crate::yaml::parse::{YamlLimits, parse_documents};

/// One file read: its documents numbered from `first_doc`, its findings anchored in
/// file `file` (as read alone: file and documents from 0; then as placed in a plan).
#[derive(Debug, Clone)]
pub(super) struct FileOutcome {
    pub(super) file: usize,
    pub(super) first_doc: usize,
    pub(super) text: Arc<String>,
    pub(super) roots: Vec<Arc<Node>>,
    pub(super) docs: Vec<DocumentOutcome>,
    pub(super) findings: Vec<Finding>,
    pub(super) damage: Damage,
    pub(super) unreadable: bool,
}

impl FileOutcome {
    /// Numbers the file and its documents as placed in a plan: the `file`-th file, its
    /// documents from `first_doc`. Nothing to do where it was placed so before (a file
    /// of the base that the work tree holds at the same place).
    pub(super) fn place(&mut self, file: usize, first_doc: usize) {
        if (self.file, self.first_doc) == (file, first_doc) {
            return;
        }
        let from = self.first_doc;
        let doc_at = |doc: usize| doc - from + first_doc;
        let anchor = |at: &mut Anchor| match at {
            Anchor::Node { doc, .. } => *doc = doc_at(*doc),
            Anchor::File { file: f, .. } => *f = file,
        };
        let finding = |f: &mut Finding| {
            if let Some(at) = &mut f.at {
                anchor(at);
            }
            for related in &mut f.related {
                anchor(&mut related.at);
            }
        };
        self.findings.iter_mut().for_each(finding);
        for doc in &mut self.docs {
            doc.findings.iter_mut().for_each(finding);
            for decl in &mut doc.decls {
                decl.doc = doc_at(decl.doc);
            }
            // Shared with the load it was first placed in: copied where it moves.
            match &mut doc.entity {
                Some(Parsed::Goal(g)) => Arc::make_mut(g).origin.doc = doc_at(g.origin.doc),
                Some(Parsed::Objective(o)) => {
                    let o = Arc::make_mut(o);
                    o.origin.doc = doc_at(o.origin.doc);
                    for kr in &mut o.key_results {
                        kr.origin.doc = doc_at(kr.origin.doc);
                    }
                }
                Some(Parsed::Project(p)) => Arc::make_mut(p).origin.doc = doc_at(p.origin.doc),
                None => {}
            }
        }
        (self.file, self.first_doc) = (file, first_doc);
    }
}

/// Reads one file alone: its documents numbered from 0, its findings anchored in file
/// `index`.
pub(super) fn read_file(index: usize, content: FileContent, limits: &YamlLimits) -> FileOutcome {
    let refuse = |message: String, help: Option<String>, pos: Option<Pos>, text: &str| {
        let mut finding = Finding::new(Rule::Input, message).at(Anchor::File { file: index, pos });
        finding.help = help.map(Into::into);
        // What the file would have defined: references to it are held back, not unknown.
        let mut damage = Damage {
            pieces: salvage::scan_ids(text),
            unknown_references: true,
            ..Damage::default()
        };
        damage.unknown_ids = damage.pieces.is_empty();
        if let Some(id) = pos.and_then(|p| salvage::id_before(text, p.line)) {
            finding.entity = Some(id.as_str().into());
        }
        FileOutcome {
            file: index,
            first_doc: 0,
            text: Arc::default(),
            roots: Vec::new(),
            docs: Vec::new(),
            findings: vec![finding],
            damage,
            unreadable: true,
        }
    };
    let bytes = match content {
        FileContent::Bytes(bytes) => bytes,
        FileContent::Refused(why) => return refuse(why, None, None, ""),
        FileContent::OverTotal { limit, count } => {
            let mut out = refuse(
                over_total(limit, count),
                Some(OVER_TOTAL_HELP.to_owned()),
                None,
                "",
            );
            if count == 0 {
                // Another file's finding says why (`say_over_total_once`).
                out.findings.clear();
            }
            return out;
        }
    };
    let text = match decode::decode(bytes) {
        Ok(text) => text,
        Err(e) => {
            let mut out = refuse(e.message, None, e.pos, &e.lossy);
            out.text = Arc::new(e.lossy);
            return out;
        }
    };
    let (roots, findings, damage) = match parse_documents(&text, limits) {
        Ok(roots) => (roots, Vec::new(), Damage::default()),
        Err(e) => match salvage::salvage(&text, &e, limits) {
            Some(mended) => {
                let mut finding = Finding::new(Rule::Input, mended.message)
                    .at(Anchor::File {
                        file: index,
                        pos: Some(mended.pos),
                    })
                    .help(mended.help);
                if let Some(id) = mended.entity.as_deref() {
                    finding.entity = Some(id.into());
                }
                (mended.roots, vec![finding], mended.damage)
            }
            None => {
                let diagnosis = salvage::diagnose(&text, &e);
                let mut out = refuse(diagnosis.message, diagnosis.help, diagnosis.pos, &text);
                if diagnosis.pos.is_some() {
                    out.text = Arc::new(text);
                }
                return out;
            }
        },
    };
    // Documents get their final index later; number them locally for now.
    let docs = roots
        .iter()
        .enumerate()
        .map(|(i, root)| read_document(root, i))
        .collect();
    FileOutcome {
        file: index,
        first_doc: 0,
        text: Arc::new(text),
        roots: roots.into_iter().map(Arc::new).collect(),
        docs,
        findings,
        damage,
        unreadable: false,
    }
}
