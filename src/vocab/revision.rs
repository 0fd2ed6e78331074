//! A revision of the plan as outputs name it: `HEAD (1a2b3c4)`, or the working tree.

/// One side of a comparison, as outputs name it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Revision {
    /// As given (`HEAD`, `origin/main`), or `working tree`.
    pub rev: String,
    /// The full commit id; `None` for the working tree.
    pub commit: Option<String>,
}

impl Revision {
    pub fn working_tree() -> Revision {
        Revision {
            rev: "working tree".to_owned(),
            commit: None,
        }
    }

    /// `HEAD (1a2b3c4)` or `working tree`.
    pub fn label(&self) -> String {
        match &self.commit {
            Some(c) if !c.starts_with(&self.rev) => {
                format!("{} ({})", self.rev, &c[..c.len().min(7)])
            }
            Some(c) => c[..c.len().min(7)].to_owned(),
            None => self.rev.clone(),
        }
    }
}
