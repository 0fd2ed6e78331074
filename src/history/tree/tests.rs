use super::*;

#[test]
fn only_plan_files_are_kept() {
    let id = ObjectId::null(gix::hash::Kind::Sha1);
    assert_eq!(
        keep("plans", "a.yml", Entry::Blob(id)).as_deref(),
        Some("plans/a.yml")
    );
    assert_eq!(keep("plans", "README.md", Entry::Blob(id)), None);
    assert_eq!(keep("plans", ".hidden.yaml", Entry::Blob(id)), None);
    assert!(keep("plans", "leak.md", Entry::Link(id)).is_some());
    assert!(keep("", "plans", Entry::Tree(id)).is_some());
}
