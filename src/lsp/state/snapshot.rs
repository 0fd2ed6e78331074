//! The plan as last checked, for answering requests.

use std::path::{Path, PathBuf};

use crate::finding::{Finding, Located};
use crate::load::Loaded;
use crate::measure::Analysis;

/// The plan as last checked, for answering requests.
#[derive(Debug, Clone, Copy)]
pub(in crate::lsp) struct Snapshot<'a> {
    pub loaded: &'a Loaded,
    /// The path of each file, by the file index findings carry.
    pub paths: &'a [PathBuf],
    pub analysis: &'a Analysis,
    /// Every finding, its level applied, not yet placed.
    pub findings: &'a [Finding],
    /// The findings of each file, by file index (indices into `findings`).
    pub by_file: &'a [Vec<usize>],
    /// Findings of the plan as a whole (the gate): they belong to no file.
    pub plan_wide: &'a [usize],
}

impl Snapshot<'_> {
    /// The file index of `path`.
    pub(in crate::lsp) fn file_index(&self, path: &Path) -> Option<usize> {
        self.paths.binary_search_by(|p| p.as_path().cmp(path)).ok()
    }

    /// The findings of file `index` placed in it, in `check`'s order (line, column,
    /// rule, entity).
    pub(in crate::lsp) fn located(&self, index: usize) -> Vec<Located> {
        let list = self.by_file.get(index).map_or(&[][..], Vec::as_slice);
        let mut out: Vec<Located> = list
            .iter()
            .map(|&i| self.locate(&self.findings[i]))
            .collect();
        out.sort_by(|a, b| {
            let key = |l: &Located| (l.at.as_ref().map(|p| (p.line, p.column)), l.finding.rule);
            key(a)
                .cmp(&key(b))
                .then_with(|| a.finding.entity.cmp(&b.finding.entity))
        });
        out
    }

    /// The plan-wide findings.
    pub(in crate::lsp) fn plan_wide(&self) -> Vec<Located> {
        self.plan_wide
            .iter()
            .map(|&i| self.locate(&self.findings[i]))
            .collect()
    }

    fn locate(&self, finding: &Finding) -> Located {
        let sources = &self.loaded.sources;
        Located {
            finding: finding.clone(),
            at: finding.at.as_ref().and_then(|a| sources.locate(a)),
            related: finding
                .related
                .iter()
                .map(|r| (r.message.clone(), sources.locate(&r.at)))
                .collect(),
            status: None,
        }
    }
}
