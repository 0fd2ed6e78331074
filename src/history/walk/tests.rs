use super::batch::BATCH_BLOBS;
use super::*;

/// Found by the history fuzz target: a plan folder whose tree object does not
/// decode stops a walk with an error that names the commit and the tree.
#[test]
fn a_tree_that_does_not_decode_is_named_with_its_commit() {
    use gix::objs::Write as _;
    let dir = tempfile::tempdir().expect("a folder");
    let repo = gix::init(dir.path()).expect("a repository");
    let plans = repo
        .objects
        .write_buf(gix::objs::Kind::Tree, b"c: 2\nb: utM\x80\x00:")
        .expect("written");
    let mut editor = repo.empty_tree().edit().expect("an editor");
    editor
        .upsert("plans", gix::objs::tree::EntryKind::Tree, plans)
        .expect("an entry");
    let tree = editor.write().expect("a tree").detach();
    let who = gix::actor::Signature {
        name: "A".into(),
        email: "a@example.com".into(),
        time: gix::date::Time {
            seconds: 1_767_225_600,
            offset: 0,
        },
    };
    let commit = gix::objs::Commit {
        tree,
        parents: Default::default(),
        author: who.clone(),
        committer: who,
        encoding: None,
        message: "m".into(),
        extra_headers: Vec::new(),
    };
    let id = repo.write_object(&commit).expect("a commit").detach();
    let git = GitRepo::discover(dir.path()).expect("found");
    let options = WalkOptions::whole(
        id,
        vec!["plans".to_owned()],
        crate::config::Limits::default(),
        true,
    );
    let error = walk(&git, &options, &mut |_, _| {})
        .expect_err("the tree does not decode")
        .to_string();
    assert!(error.contains(&crate::history::git::short(&id)), "{error}");
    assert!(
        error.contains(&crate::history::git::short(&plans)),
        "{error}"
    );
}

#[test]
fn batches_cover_every_commit_once_in_order() {
    let step = BATCH_BLOBS / 2;
    for n in [0, 1, 2, 3 * step, 3 * step + 1, 3 * step + 2, 7 * step + 5] {
        let todo: Vec<usize> = (0..n).collect();
        let split = batches(&todo);
        assert_eq!(split.concat(), todo, "{n} commits");
        assert!(split.iter().all(|b| !b.is_empty()), "{n} commits");
        if n > 0 {
            assert_eq!(split[0], [0], "the first commit alone");
        }
        if n > 1 {
            assert_eq!(split[1].len(), (n - 1).min(3 * step), "{n} commits");
        }
        assert!(split.iter().skip(2).all(|b| b.len() <= step), "{n} commits");
    }
}
