#[test]
fn blob_ids_are_gits() {
    for bytes in [&b""[..], b"kind: Goal\n", &[0xff; 70_000][..]] {
        let gits = gix::objs::compute_hash(gix::hash::Kind::Sha1, gix::objs::Kind::Blob, bytes)
            .expect("sha1");
        assert_eq!(super::blob_id(bytes), Some(gits));
    }
    // `git hash-object` of an empty file.
    assert_eq!(
        super::blob_id(b"").map(|id| id.to_string()).as_deref(),
        Some("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
    );
}

#[test]
fn globs_match_as_shells_do() {
    use super::glob_matches;
    assert!(glob_matches("review/*", "review/2026-q3"));
    assert!(glob_matches("review-*-q?", "review-2026-q3"));
    assert!(glob_matches("*", "v1"));
    assert!(!glob_matches("review/*", "v1"));
    assert!(!glob_matches("review-?", "review-10"));
    assert!(glob_matches("a*b*c", "axxbyyc"));
    assert!(!glob_matches("a*b*c", "axxbyy"));
    // Many stars against a long text: still immediate.
    assert!(!glob_matches(&"*a".repeat(50), &"a".repeat(40)));
}

use super::*;

/// Found by the history fuzz target: a commit object git cannot decode (here one
/// whose author line is empty) stops a walk with an error that names it.
#[test]
fn a_commit_that_does_not_decode_is_named() {
    use gix::objs::Write as _;
    let dir = tempfile::tempdir().expect("a folder");
    let repo = gix::init(dir.path()).expect("a repository");
    let tree = repo.empty_tree().id;
    let raw = format!("tree {tree}\nauthor\n\nmessage\n");
    let id = repo
        .objects
        .write_buf(gix::objs::Kind::Commit, raw.as_bytes())
        .expect("written");
    let git = GitRepo::discover(dir.path()).expect("found");
    let error = git.commit(id).expect_err("does not decode").to_string();
    assert!(error.contains(&short(&id)), "{error}");
    let error = git
        .first_parent_chain(id, None)
        .expect_err("no chain")
        .to_string();
    assert!(error.contains(&short(&id)), "{error}");
}

#[test]
fn times_keep_the_author_offset() {
    let (text, day) = format_time(1_785_259_767, -7 * 3600);
    assert_eq!(text, "2026-07-28T10:29:27-07:00");
    assert_eq!(day, Date::constant(2026, 7, 28));
    // The day in the offset's own zone: 17:29 UTC is the 28th at -07:00 and the
    // 29th at +07:00.
    assert_eq!(local_day(1_785_259_767, -7 * 3600), Some(day));
    assert_eq!(
        local_day(1_785_259_767, 7 * 3600),
        Some(Date::constant(2026, 7, 29))
    );
    let (text, _) = format_time(1_765_789_200, 0);
    assert_eq!(text, "2025-12-15T09:00:00+00:00");
}
