//! The worked example of `fixtures/example`, embedded in the binary: the final state of
//! the history that `bearing init --example` writes. A test fails when the fixture
//! gains, loses or changes a file that this list does not match.

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        /// Every file of the example as (path, text), sorted by path.
        pub(crate) const FILES: &[(&str, &str)] = &[
            $( ($path, include_str!(concat!("../../fixtures/example/", $path))) ),*
        ];
    };
}

embed![
    "README.md",
    "bearing.yaml",
    "plans/goals.yaml",
    "plans/okrs/2026-h2.yaml",
    "plans/okrs/2027-h1.yaml",
    "plans/okrs/fy2027-operations.yaml",
    "plans/projects/data.yaml",
    "plans/projects/growth.yaml",
    "plans/projects/loyalty.yaml",
    "plans/projects/operations.yaml",
];

/// What to try in the example, for the CLI to print under "Next steps:".
pub(crate) const NEXT_STEPS: &str = "\
  bearing check --as-of 2026-10-01   the findings of the September review: P-crm is stranded
  bearing trace G-retention          what serves the retention goal, and how far it got
  bearing diff HEAD~6                what changed in September: a goal dropped, a target lowered
  bearing log                        who changed what, when: a year of check-ins
  bearing report --format html       the site leadership reads, with trends from git";

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn walk(dir: &Path, root: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read fixture folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, root, found);
            } else {
                let rel = path.strip_prefix(root).expect("inside");
                found.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }

    #[test]
    fn the_embedded_list_is_the_whole_fixture() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/example");
        let mut on_disk = Vec::new();
        walk(&root, &root, &mut on_disk);
        on_disk.sort();
        let embedded: Vec<String> = FILES.iter().map(|(p, _)| (*p).to_owned()).collect();
        assert_eq!(
            embedded, on_disk,
            "fixtures/example and the embed list in src/scaffold/example.rs differ"
        );
        for (path, text) in FILES {
            let disk = std::fs::read_to_string(root.join(path)).expect("read");
            assert_eq!(*text, disk, "{path}");
        }
    }
}
