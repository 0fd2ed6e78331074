//! Where a finding is: file, line and column, resolved from the YAML tree by the loader.

use serde::Serialize;

/// A resolved position, 1-based, with the byte span underlined in human output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    #[serde(skip)]
    pub offset: usize,
    #[serde(skip)]
    pub len: usize,
    /// Index of the file in the plan's list of source files.
    #[serde(skip)]
    pub file_index: usize,
}

/// Where machine outputs (annotations, SARIF, JSON) root the files they name: the top of
/// the git work tree that holds the plan, so that GitHub can place an annotation whatever
/// folder `bearing.yaml` lives in (issue 15). Findings keep their paths relative to the
/// plan root inside bearing, where they identify a file across revisions; this prefix is
/// put in front at the edge. Outside git it is empty: paths stay relative to the plan
/// root, as people read them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathBase {
    /// The plan root relative to the top of the work tree, with `/`: "" or ending in `/`.
    prefix: String,
}

impl PathBase {
    /// Paths relative to the plan root, as they are: a plan outside git, or at the top.
    pub fn plan_root() -> PathBase {
        PathBase::default()
    }

    /// Paths below `prefix` (the plan root relative to the top of the work tree).
    pub fn under(prefix: &str) -> PathBase {
        let mut prefix = prefix.trim_matches('/').to_owned();
        if !prefix.is_empty() {
            prefix.push('/');
        }
        PathBase { prefix }
    }

    /// The plan root relative to the top of the work tree: "" or ending in `/`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// `file` (as findings show it, relative to the plan root) as machine outputs name
    /// it. An absolute path (a file given on the command line outside the plan root) is
    /// left as it is.
    pub fn file(&self, file: &str) -> String {
        let absolute = file.starts_with('/') || file.get(1..3) == Some(":/");
        if absolute || self.prefix.is_empty() {
            return file.to_owned();
        }
        if file == "." {
            return self.prefix.trim_end_matches('/').to_owned();
        }
        format!("{}{}", self.prefix, file.trim_start_matches("./"))
    }

    /// `at`, with its file as machine outputs name it.
    pub fn locate(&self, at: &Location) -> Location {
        Location {
            file: self.file(&at.file),
            ..at.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PathBase;

    #[test]
    fn files_are_named_from_the_top_of_the_work_tree() {
        let sub = PathBase::under("strategy/q3/");
        assert_eq!(sub.file("plans/a.yaml"), "strategy/q3/plans/a.yaml");
        assert_eq!(sub.file("./plans/a.yaml"), "strategy/q3/plans/a.yaml");
        assert_eq!(sub.file("."), "strategy/q3");
        assert_eq!(sub.file("/elsewhere/a.yaml"), "/elsewhere/a.yaml");
        assert_eq!(PathBase::under("strategy").prefix(), "strategy/");
        let top = PathBase::under("");
        assert_eq!(top, PathBase::plan_root());
        assert_eq!(top.file("plans/a.yaml"), "plans/a.yaml");
    }
}
