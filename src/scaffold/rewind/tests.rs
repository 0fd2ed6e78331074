use super::*;

const FILE: &str = "# header\nkind: Objective\nid: O-a\ntitle: A\nkey_results:\n  - id: KR-a\n    title: t\n    current: 3\n    checkins:\n      - {date: 2026-08-31, value: 2}\n      - {date: 2026-09-30, value: 3}\n    description: |\n      text\n  - id: KR-b\n    current: 1\n---\nkind: Project\nid: P-a\ntitle: P\nbudget: {planned: 10, spent: 5, currency: USD}\ndeliverables:\n  - {title: One, due: 2026-01-01, done: true}\n";

fn tree() -> Tree {
    Tree::from([("f.yaml".to_owned(), FILE.to_owned())])
}

#[test]
fn set_changes_only_the_entitys_own_key() {
    let mut t = tree();
    undo(
        &mut t,
        &Edit::Set {
            id: "KR-b",
            key: "current",
            from: "0",
            to: "1",
        },
    )
    .expect("undo");
    assert!(t["f.yaml"].contains("  - id: KR-b\n    current: 0\n"));
    assert!(t["f.yaml"].contains("    current: 3\n"));
    let wrong = undo(
        &mut t,
        &Edit::Set {
            id: "KR-a",
            key: "current",
            from: "1",
            to: "9",
        },
    );
    assert!(wrong.is_err());
}

#[test]
fn checkins_go_one_by_one_and_their_key_with_the_last() {
    let mut t = tree();
    undo(
        &mut t,
        &Edit::Checkin {
            id: "KR-a",
            date: "2026-09-30",
        },
    )
    .expect("undo");
    assert!(
        t["f.yaml"]
            .contains("    checkins:\n      - {date: 2026-08-31, value: 2}\n    description")
    );
    undo(
        &mut t,
        &Edit::Checkin {
            id: "KR-a",
            date: "2026-08-31",
        },
    )
    .expect("undo");
    assert!(t["f.yaml"].contains("    current: 3\n    description: |\n"));
}

#[test]
fn budgets_deliverables_and_documents() {
    let mut t = tree();
    undo(
        &mut t,
        &Edit::Spent {
            id: "P-a",
            from: 0,
            to: 5,
        },
    )
    .expect("spent");
    undo(
        &mut t,
        &Edit::Delivered {
            id: "P-a",
            title: "One",
        },
    )
    .expect("delivered");
    assert!(t["f.yaml"].contains("spent: 0,"));
    assert!(t["f.yaml"].contains("done: false}"));
    let mut first = t.clone();
    undo(&mut t, &Edit::Add("P-a")).expect("add");
    assert!(t["f.yaml"].ends_with("    current: 1\n"));
    undo(&mut first, &Edit::Add("O-a")).expect("add first");
    assert_eq!(
        first["f.yaml"],
        "# header\nkind: Project\nid: P-a\ntitle: P\nbudget: {planned: 10, spent: 0, currency: USD}\ndeliverables:\n  - {title: One, due: 2026-01-01, done: false}\n"
    );
    assert!(undo(&mut first, &Edit::Add("P-a")).is_err());
    undo(&mut first, &Edit::AddFile("f.yaml")).expect("file");
    assert!(first.is_empty());
}
