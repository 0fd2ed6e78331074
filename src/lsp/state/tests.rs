use super::*;
use crate::check::{CheckReport, check};
use crate::finding::Located;

fn raw(path: &str, text: &str) -> RawFile {
    RawFile {
        path: path.to_owned(),
        content: FileContent::Bytes(text.as_bytes().to_vec()),
    }
}

fn line(l: &Located) -> String {
    let at =
        l.at.as_ref()
            .map(|a| format!("{}:{}:{}-{}", a.file, a.line, a.column, a.end_column))
            .unwrap_or_default();
    let f = &l.finding;
    format!(
        "{at} {} {} {:?} {} {:?} {:?}",
        f.rule,
        f.level.as_str(),
        f.entity,
        f.message,
        f.help,
        l.related
    )
}

/// Every finding `check` shows; in a sorted order, as the server shows them file by
/// file and `check` shows the errors of every file first.
fn expected(report: &CheckReport) -> Vec<String> {
    let mut out: Vec<String> = report.findings.iter().map(line).collect();
    out.sort();
    out
}

/// Every finding of the snapshot (sorted as [`expected`] sorts them).
fn got(state: &mut PlanState, as_of: Date) -> Vec<String> {
    if state.checked.is_none() {
        state.analyze(as_of, as_of);
    }
    let snapshot = state.snapshot().expect("checked");
    let mut out: Vec<String> = snapshot.plan_wide().iter().map(line).collect();
    for i in 0..snapshot.paths.len() {
        out.extend(snapshot.located(i).iter().map(line));
    }
    out.sort();
    out
}

fn set(path: &str, text: &str) -> Update {
    Update::Set {
        path: PathBuf::from(format!("/nowhere/{path}")),
        content: FileContent::Bytes(text.as_bytes().to_vec()),
        stamp: None,
    }
}

/// A reference to an id of another file is not a slip: references are read as
/// meant on the whole plan, never on one file alone.
#[test]
fn a_reference_to_another_file_is_not_guessed_in_its_own() {
    let workspace = crate::workspace::discover(Path::new("/nowhere"), None).expect("defaults");
    let as_of = jiff::civil::date(2026, 10, 1);
    let texts = [
        (
            "plans/a.yaml",
            "kind: Objective\nid: O-a\ntitle: A\nperiod: 2026-H2\nkey_results:\n  - {id: KR-a, title: a, baseline: 1, target: 2, current: 1}\n",
        ),
        (
            "plans/b.yaml",
            "kind: Objective\nid: O-b\ntitle: B\nperiod: 2026-H2\nkey_results:\n  - {id: KR-b, title: b, baseline: 1, target: 2, current: 1}\n---\nkind: Project\nid: P-b\ntitle: P\nstatus: active\ncontributes_to: [KR-a, KR-bb]\n",
        ),
    ];
    let mut state = PlanState::new(workspace.clone());
    state.replace_all(
        texts
            .iter()
            .map(|(p, t)| (PathBuf::from(format!("/nowhere/{p}")), raw(p, t), None))
            .collect(),
    );
    let expected = expected(&check(
        texts.iter().map(|(p, t)| raw(p, t)).collect(),
        &workspace.config,
        as_of,
        &Default::default(),
    ));
    let first = got(&mut state, as_of);
    assert_eq!(first, expected);
    let guesses: Vec<&String> = first
        .iter()
        .filter(|l| l.contains("unknown-reference"))
        .collect();
    // `KR-bb` is a slip of `KR-b`; `KR-a` is defined in the other file.
    assert_eq!(guesses.len(), 1, "{guesses:#?}");
    assert!(guesses[0].contains("`KR-bb`"), "{guesses:#?}");
    // Read as meant for the check, and kept as written for the next one.
    state.checked = None;
    assert_eq!(got(&mut state, as_of), expected);
}

/// Put together file by file, patched in place or put together again as files
/// change, the plan is checked exactly as `check` checks the same files read at
/// once.
#[test]
fn the_plan_put_together_is_the_plan_check_reads() {
    let workspace = crate::workspace::discover(Path::new("/nowhere"), None).expect("defaults");
    let as_of = jiff::civil::date(2026, 10, 1);
    let mut texts = vec![
        ("plans/a.yaml", "kind: Goal\nid: G-a\ntitle: A\nstatus: active\n---\nkind: Goal\nid: G-dup\ntitle: D\n".to_owned()),
        ("plans/b.yaml", "kind: Objective\nid: O-b\ntitle: B\nsupports: [G-a, G-x]\nperiod: 2026-H2\nkey_results:\n  - {id: KR-b, title: b, baseline: 1, target: 2, current: 1}\n".to_owned()),
        ("plans/c.yaml", "kind: Project\nid: G-dup\ntitle: C\ncontributes_to: [KR-b]\nstatus: active\nbogus: 1\n---\nkind: Project\nid: P-c\ntitle: P\ncontributes_to: [KR-churm]\n".to_owned()),
    ];
    let whole = |texts: &[(&str, String)]| {
        expected(&check(
            texts.iter().map(|(p, t)| raw(p, t)).collect(),
            &workspace.config,
            as_of,
            &Default::default(),
        ))
    };
    let mut state = PlanState::new(workspace.clone());
    state.replace_all(
        texts
            .iter()
            .map(|(p, t)| (PathBuf::from(format!("/nowhere/{p}")), raw(p, t), None))
            .collect(),
    );
    let first = whole(&texts);
    assert!(first.len() >= 4, "{first:#?}");
    assert_eq!(got(&mut state, as_of), first);

    // Prose only: patched in place, and the findings of the last check kept.
    texts[2].1 = texts[2].1.replace("title: C", "title: A longer title");
    state.apply(vec![set(texts[2].0, &texts[2].1)]);
    assert!(state.checked.is_some(), "nothing to check again");
    assert_eq!(got(&mut state, as_of), whole(&texts));

    // Same shape: a value changes (patched in place).
    texts[1].1 = texts[1]
        .1
        .replace("current: 1", "current: 2")
        .replace("title: B", "title: Bee");
    state.apply(vec![set(texts[1].0, &texts[1].1)]);
    assert!(state.whole.is_some(), "patched, not taken apart");
    assert_eq!(got(&mut state, as_of), whole(&texts));

    // A document added to the first file moves every later document's number.
    texts[0].1 = format!("kind: Goal\nid: G-new\ntitle: N\n---\n{}", texts[0].1);
    state.apply(vec![set(texts[0].0, &texts[0].1)]);
    assert_eq!(got(&mut state, as_of), whole(&texts));

    // An id changes, and a document stops matching its schema: the same documents,
    // another plan index.
    texts[0].1 = texts[0]
        .1
        .replace("id: G-a\n", "id: G-ab\n")
        .replace("id: G-new\ntitle: N", "id: G-new\ntitle: N\nstatus: nope");
    state.apply(vec![set(texts[0].0, &texts[0].1)]);
    assert!(state.whole.is_some(), "refitted, not taken apart");
    assert_eq!(got(&mut state, as_of), whole(&texts));

    // Then a value in the last file, in place again, with the new numbering.
    texts[2].1 = texts[2].1.replace("KR-churm", "KR-b");
    state.apply(vec![set(texts[2].0, &texts[2].1)]);
    assert!(state.whole.is_some());
    assert_eq!(got(&mut state, as_of), whole(&texts));

    // A file removed.
    state.apply(vec![Update::Remove(PathBuf::from("/nowhere/plans/b.yaml"))]);
    texts.remove(1);
    assert_eq!(got(&mut state, as_of), whole(&texts));
}
