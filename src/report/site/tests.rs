use super::manifest::{parse_hash, parse_manifest};
use super::*;
use proptest::prelude::*;

#[test]
fn only_plain_names_are_inside() {
    let out = Path::new("site");
    for bad in ["", ".", "..", "../x", "/abs", "a/b", "a\\b", "a\0b", "C:x"] {
        assert_eq!(inside(out, bad), None, "{bad:?}");
    }
    assert_eq!(
        inside(out, "goal-G-x.html"),
        Some(PathBuf::from("site/goal-G-x.html"))
    );
}

fn page(name: &str, text: &str) -> SiteFile {
    SiteFile {
        name: name.to_owned(),
        bytes: text.as_bytes().to_vec(),
    }
}

fn hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_manifest_lists_each_file_with_its_hash() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("site");
    write(
        tmp.path(),
        &out,
        &[page("index.html", "one"), page("a.html", "two")],
    )
    .expect("write");
    let text = fs::read_to_string(out.join(MANIFEST)).expect("manifest");
    assert_eq!(
        text,
        format!(
            "{MANIFEST_HEADER}\n{}  index.html\n{}  a.html\n",
            hex("one"),
            hex("two")
        )
    );
    let parsed = parse_manifest(&out, &text);
    assert_eq!(parsed.len(), 2);
    assert!(parsed.iter().all(|(_, hash)| hash.is_some()));
}

#[test]
fn a_manifest_that_does_not_read_as_a_whole_is_not_trusted() {
    let out = Path::new("site");
    let good = format!("{}  a.html", hex("a"));
    // Names only (the old format): names, no hashes.
    assert_eq!(
        parse_manifest(out, "README.md\nCNAME\n../x\n"),
        vec![("README.md".to_owned(), None), ("CNAME".to_owned(), None)]
    );
    for bad in [
        format!("{good}\nnot a line\n"),
        format!("{good}\n\n"),
        format!("{good}\n{}  b.html\n", &hex("b")[1..]),
        format!("{good}\n{}  b.html\n", hex("b").to_uppercase()),
        format!("{good}\n{}  ../b.html\n", hex("b")),
    ] {
        let parsed = parse_manifest(out, &format!("{MANIFEST_HEADER}\n{bad}"));
        assert!(parsed.iter().all(|(_, h)| h.is_none()), "{bad:?}");
        assert!(parsed.iter().any(|(n, _)| n == "a.html"), "{bad:?}");
    }
    assert_eq!(
        parse_manifest(out, &format!("{MANIFEST_HEADER}\n{good}\n")),
        vec![("a.html".to_owned(), parse_hash(&hex("a")))]
    );
}

#[test]
fn only_unchanged_files_of_ours_are_removed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("site");
    let first = [
        page("index.html", "index"),
        page("gone.html", "gone"),
        page("edited.html", "edited"),
        page("linked.html", "linked"),
    ];
    write(tmp.path(), &out, &first).expect("first");
    fs::write(out.join("edited.html"), "mine now").expect("edit");
    fs::write(tmp.path().join("target"), "linked").expect("target");
    fs::remove_file(out.join("linked.html")).expect("remove");
    #[cfg(unix)]
    std::os::unix::fs::symlink("../target", out.join("linked.html")).expect("symlink");
    let written = write(tmp.path(), &out, &[page("index.html", "index")]).expect("second");
    assert!(!out.join("gone.html").exists());
    assert_eq!(
        fs::read_to_string(out.join("edited.html")).expect("edited"),
        "mine now"
    );
    assert_eq!(
        fs::read_to_string(tmp.path().join("target")).expect("t"),
        "linked"
    );
    #[cfg(unix)]
    assert_eq!(written.left, vec!["edited.html", "linked.html"]);
    // The new manifest lists only this run's files: what was left is named once.
    let again = write(tmp.path(), &out, &[page("index.html", "index")]).expect("third");
    assert!(again.left.is_empty());
    assert!(out.join("edited.html").exists());
}

#[test]
fn a_planted_manifest_removes_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("docs");
    fs::create_dir(&out).expect("docs");
    fs::write(out.join("README.md"), "readme").expect("readme");
    fs::write(out.join("CNAME"), "example.com").expect("cname");
    fs::write(out.join(MANIFEST), "README.md\nCNAME\n").expect("manifest");
    let written = write(tmp.path(), &out, &[page("index.html", "x")]).expect("write");
    assert_eq!(written.left, vec!["CNAME", "README.md"]);
    assert!(out.join("README.md").is_file() && out.join("CNAME").is_file());
    // A versioned manifest with wrong hashes removes nothing either.
    let planted = format!("{MANIFEST_HEADER}\n{}  README.md\n", hex("other"));
    fs::write(out.join(MANIFEST), planted).expect("manifest");
    let written = write(tmp.path(), &out, &[page("index.html", "x")]).expect("write");
    assert_eq!(written.left, vec!["README.md"]);
    assert!(out.join("README.md").is_file());
}

#[cfg(unix)]
#[test]
fn no_folder_on_the_way_may_be_a_link() {
    let tmp = tempfile::tempdir().expect("tmp");
    fs::create_dir(tmp.path().join("elsewhere")).expect("elsewhere");
    std::os::unix::fs::symlink("elsewhere", tmp.path().join("public")).expect("symlink");
    let out = tmp.path().join("public/site");
    let e = write(tmp.path(), &out, &[page("index.html", "x")]).expect_err("refused");
    assert!(e.to_string().contains("`public` is a symlink"), "{e}");
    assert_eq!(
        fs::read_dir(tmp.path().join("elsewhere"))
            .expect("dir")
            .count(),
        0
    );
    // Above `base` is the caller's: the same folder given from inside the link is written.
    let base = tmp.path().join("public");
    write(&base, &out, &[page("index.html", "x")]).expect("below the base");
    assert!(check_path(tmp.path(), &tmp.path().join("missing/site")).is_ok());
}

proptest! {
    // P2: any name maps to a path whose parent is exactly the output folder, or is refused.
    #[test]
    fn every_accepted_name_is_directly_in_the_folder(name in "\\PC{0,40}") {
        let out = Path::new("out");
        if let Some(path) = inside(out, &name) {
            prop_assert_eq!(path.parent(), Some(out));
        }
    }
}
