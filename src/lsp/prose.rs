//! The prose of a plan: titles, owners, descriptions, links, outcomes, notes. No rule
//! and no measure reads them (the test below keeps it so), so an edit that changes only
//! prose changes no finding: the server then swaps the file into the checked plan and
//! places the same findings on the new text, without checking the plan again. Most
//! typing in a plan is prose.

use crate::model::{Goal, Objective, Project};

fn goal(g: &Goal) -> Goal {
    let mut g = g.clone();
    g.title.clear();
    g.owner = None;
    g.description = None;
    g.links.clear();
    g
}

fn objective(o: &Objective) -> Objective {
    let mut o = o.clone();
    o.title.clear();
    o.owner = None;
    o.description = None;
    o.links.clear();
    for kr in &mut o.key_results {
        kr.title.clear();
        kr.owner = None;
        kr.description = None;
        kr.links.clear();
        for c in &mut kr.checkins {
            c.note = None;
            c.author = None;
        }
    }
    o
}

fn project(p: &Project) -> Project {
    let mut p = p.clone();
    p.title.clear();
    p.owner = None;
    p.description = None;
    p.links.clear();
    p.outcome = None;
    for d in &mut p.deliverables {
        d.title.clear();
    }
    p
}

/// Whether two goals differ in prose only.
pub(super) fn same_goal(a: &Goal, b: &Goal) -> bool {
    goal(a) == goal(b)
}

/// Whether two objectives (with their key results) differ in prose only.
pub(super) fn same_objective(a: &Objective, b: &Objective) -> bool {
    objective(a) == objective(b)
}

/// Whether two projects differ in prose only.
pub(super) fn same_project(a: &Project, b: &Project) -> bool {
    project(a) == project(b)
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use crate::check::check_loaded;
    use crate::config::Config;
    use crate::load::{FileContent, RawFile, load};

    fn files_under(dir: &Path, out: &mut Vec<RawFile>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("fixture folder")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                files_under(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                out.push(RawFile {
                    path: path.display().to_string(),
                    content: FileContent::Bytes(std::fs::read(&path).expect("fixture")),
                });
            }
        }
    }

    fn findings(files: Vec<RawFile>, prose: Option<&str>) -> Vec<String> {
        let config = Config::default();
        let mut loaded = crate::pool::run(&config.limits.yaml, || load(files, &config.limits.yaml));
        if let Some(text) = prose {
            let write = |s: &mut String| *s = text.to_owned();
            for g in &mut loaded.plan.goals {
                let g = Arc::make_mut(g);
                write(&mut g.title);
                g.owner = Some(text.to_owned());
                g.description = Some(text.to_owned());
                g.links.clear();
            }
            for o in &mut loaded.plan.objectives {
                let o = Arc::make_mut(o);
                write(&mut o.title);
                o.description = Some(text.to_owned());
                o.links.clear();
                for kr in &mut o.key_results {
                    write(&mut kr.title);
                    kr.owner = None;
                    kr.description = Some(text.to_owned());
                    for c in &mut kr.checkins {
                        c.note = Some(text.to_owned());
                        c.author = None;
                    }
                }
            }
            for p in &mut loaded.plan.projects {
                let p = Arc::make_mut(p);
                write(&mut p.title);
                p.owner = None;
                p.outcome = Some(text.to_owned());
                p.description = None;
                for d in &mut p.deliverables {
                    write(&mut d.title);
                }
            }
        }
        let report = check_loaded(
            loaded,
            &config,
            jiff::civil::date(2026, 10, 1),
            &Default::default(),
            None,
        );
        report
            .findings
            .iter()
            .map(|l| format!("{:?} {:?} {:?}", l.at, l.finding, l.related))
            .collect()
    }

    /// If this fails, a rule or a measure reads a field treated as prose here: take
    /// that field out of the functions above, or `bearing lsp` would keep a stale
    /// finding after an edit of it.
    #[test]
    fn no_finding_depends_on_prose() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut sets: Vec<Vec<RawFile>> = Vec::new();
        let mut example = Vec::new();
        files_under(&root.join("example/plans"), &mut example);
        sets.push(example);
        for folder in ["valid", "invalid"] {
            let mut each = Vec::new();
            files_under(&root.join(folder), &mut each);
            sets.extend(each.into_iter().map(|f| vec![f]));
        }
        assert!(sets.len() > 50);
        let mut compared = 0;
        for files in sets {
            let as_written = findings(files.clone(), None);
            for prose in ["", "something else entirely, with `G-nps` and 99%"] {
                assert_eq!(
                    findings(files.clone(), Some(prose)),
                    as_written,
                    "{:?}",
                    files.first().map(|f| &f.path)
                );
            }
            compared += as_written.len();
        }
        assert!(compared > 50, "only {compared} findings compared");
    }
}
