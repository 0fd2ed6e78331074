use super::*;
use crate::finding::Anchor;

/// What a walk is handed of the files read before the plan is put together: for a
/// file read cleanly, the objectives `read_piece` gives of it alone (a reference
/// slip, read as meant only in the whole plan, is as written in both); for a file
/// with a finding of its own or an id declared again elsewhere, nothing.
#[test]
fn clean_files_give_the_objectives_a_file_read_alone_gives() {
    let limits = YamlLimits::default();
    let objective = |id: &str, extra: &str| {
        format!(
            "kind: Objective\nid: {id}\ntitle: Grow\n{extra}key_results:\n  - id: {id}-kr\n    title: More\n    baseline: 0\n    target: 10\n    current: 4\n"
        )
    };
    let texts = [
        ("a.yaml", objective("O-a", "")),
        // A slip: the goal is `G-one`, written in another case.
        ("b.yaml", objective("O-b", "supports:\n  - g-ONE\n")),
        ("c.yaml", "kind: Goal\nid: G-one\ntitle: One\n".to_owned()),
        // A mistake of its own: a title that is a list.
        (
            "d.yaml",
            "kind: Objective\nid: O-d\ntitle: [x]\n".to_owned(),
        ),
        // The same id in two files.
        ("e.yaml", objective("O-e", "")),
        ("f.yaml", objective("O-e", "")),
    ];
    let files: Vec<RawFile> = texts
        .iter()
        .map(|(path, text)| RawFile {
            path: (*path).to_owned(),
            content: FileContent::Bytes(text.clone().into_bytes()),
        })
        .collect();
    let reading = read(files, &limits, false);
    let clean = reading.clean_objectives();
    let loaded = reading.into_loaded();
    assert!(
        loaded
            .findings
            .iter()
            .any(|f| f.rule == Rule::UnknownReference),
        "the slip is read as meant in the plan: {:?}",
        loaded.findings
    );
    let shown: Vec<Option<Vec<Id>>> = clean
        .iter()
        .map(|p| p.as_ref().map(|p| p.declared.clone()))
        .collect();
    let ids = |id: &str| Some(vec![Id::from(id)]);
    assert_eq!(
        shown,
        [ids("O-a"), ids("O-b"), Some(vec![]), None, None, None]
    );
    for ((_, text), piece) in texts.iter().zip(&clean) {
        let Some(piece) = piece else { continue };
        let alone = crate::pool::run(&limits, || {
            read_piece(FileContent::Bytes(text.clone().into_bytes()), &limits)
        });
        // The same entities, but for the document each was placed at.
        let unplaced = |objectives: &[Arc<Objective>]| -> Vec<Objective> {
            objectives
                .iter()
                .map(|o| {
                    let mut o = Objective::clone(o);
                    o.origin.doc = 0;
                    o.key_results.iter_mut().for_each(|kr| kr.origin.doc = 0);
                    o
                })
                .collect()
        };
        assert_eq!(
            unplaced(&piece.objectives),
            unplaced(&alone.objectives),
            "{text}"
        );
        assert!(piece.kinds.iter().all(|k| *k == EntityKind::Objective));
    }
}

/// `read_piece` keeps what `load` builds of one file: every fixture, valid or not.
#[test]
fn a_piece_reads_as_the_loader_reads_the_file() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let limits = YamlLimits::default();
    let mut read = 0;
    for folder in ["valid", "invalid"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(folder))
            .expect("fixtures")
            .map(|e| e.expect("entry").path())
            .collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).expect("fixture");
            let file = RawFile {
                path: path.display().to_string(),
                content: FileContent::Bytes(bytes.clone()),
            };
            // As written: a piece is one file, with no plan to read references in.
            let loaded = load_alone(vec![file], &limits);
            let piece =
                crate::pool::run(&limits, || read_piece(FileContent::Bytes(bytes), &limits));
            let at = path.display();
            assert_eq!(piece.goals, loaded.plan.goals, "{at}");
            assert_eq!(piece.objectives, loaded.plan.objectives, "{at}");
            assert_eq!(piece.projects, loaded.plan.projects, "{at}");
            let declared: Vec<(Id, EntityKind)> = loaded
                .decls
                .iter()
                .filter(|d| d.pointer.is_empty())
                .map(|d| (Id::from(d.id.as_str()), d.kind))
                .collect();
            let in_piece: Vec<(Id, EntityKind)> = piece
                .declared
                .iter()
                .cloned()
                .zip(piece.kinds.iter().copied())
                .collect();
            assert_eq!(in_piece, declared, "{at}");
            let input: Vec<&String> = loaded
                .findings
                .iter()
                .filter(|f| f.rule == Rule::Input)
                .map(|f| &f.message)
                .collect();
            assert_eq!(piece.problems.iter().collect::<Vec<_>>(), input, "{at}");
            read += 1;
        }
    }
    assert!(read > 50, "only {read} fixtures");
}

/// Real key results have long units and titles of two sentences: free text has no
/// cap but the file-size budget (issue 14).
#[test]
fn free_text_has_no_length_cap() {
    let long = "Grow the number of qualified opportunities per account executive. ".repeat(40);
    let text = format!(
        "kind: Objective\nid: O-a\ntitle: {long}\nowner: {long}\ndescription: {d}\nkey_results:\n  - id: KR-a\n    title: {long}\n    unit: qualified opportunities per account executive per quarter\n    baseline: 1\n    target: 2\n    checkins:\n      - {{date: 2026-01-01, value: 1, note: {long}, author: {long}}}\n",
        d = "x".repeat(30_000)
    );
    let loaded = load(
        vec![RawFile {
            path: "a.yaml".into(),
            content: FileContent::Bytes(text.into_bytes()),
        }],
        &YamlLimits::default(),
    );
    assert!(loaded.findings.is_empty(), "{:?}", loaded.findings);
    assert_eq!(loaded.plan.objectives.len(), 1);
}

/// A plan loaded with files another load kept is the plan [`load`] reads from
/// their texts: every fixture, valid or not, kept from a load where it sat at
/// another place (a file added before it, one dropped), beside a file read anew.
#[test]
fn files_kept_from_another_load_load_as_their_text_would() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let limits = YamlLimits::default();
    let mut files = Vec::new();
    for folder in ["valid", "invalid"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(folder))
            .expect("fixtures")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            files.push(RawFile {
                path: format!("{folder}/{}", path.display()),
                content: FileContent::Bytes(std::fs::read(&path).expect("fixture")),
            });
        }
    }
    assert!(files.len() > 50, "only {} fixtures", files.len());
    let mut reading = read(files.clone(), &limits, true);
    let kept = reading.take_kept();
    let head = reading.into_loaded();
    // Everything but the plan's index, a hash map printed in no fixed order.
    let shown = |l: &Loaded| {
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            l.sources.files,
            l.sources.docs,
            l.decls,
            l.findings,
            l.damage,
            l.unreadable,
            l.plan.goals,
            l.plan.objectives,
            l.plan.projects
        )
    };
    // Each declaration and entity points at the document that holds its id: a
    // check of the numbering that does not go through it.
    let numbered = |l: &Loaded| {
        let id_at = |doc: usize, pointer: &str| {
            let anchor = Anchor::Node {
                doc,
                pointer: format!("{pointer}/id"),
                target: crate::finding::Target::Value,
            };
            let at = l.sources.locate(&anchor).expect("the document exists");
            let text = &l.sources.files[l.sources.docs[doc].file].text;
            text[at.offset..at.offset + at.len]
                .trim_matches(['"', '\''])
                .to_owned()
        };
        for d in &l.decls {
            assert_eq!(id_at(d.doc, &d.pointer), d.id, "{d:?}");
        }
        for o in &l.plan.objectives {
            assert_eq!(id_at(o.origin.doc, &o.origin.pointer), o.id.as_str());
            for kr in &o.key_results {
                assert_eq!(id_at(kr.origin.doc, &kr.origin.pointer), kr.id.as_str());
            }
        }
        for p in &l.plan.projects {
            assert_eq!(id_at(p.origin.doc, &p.origin.pointer), p.id.as_str());
        }
        for g in &l.plan.goals {
            assert_eq!(id_at(g.origin.doc, &g.origin.pointer), g.id.as_str());
        }
    };
    numbered(&head);
    let whole = shown(&head);
    assert_eq!(whole, shown(&load(files.clone(), &limits)));
    // The base: a new file first (every other file one place later), the third
    // file gone, the rest as the head's load kept them.
    let added = RawFile {
        path: "added.yaml".into(),
        content: FileContent::Bytes(b"kind: Goal\nid: G-added\ntitle: Added\n".to_vec()),
    };
    let mut texts = vec![added.clone()];
    let mut inputs = vec![LoadInput::Read(added)];
    for (i, (file, kept)) in files.into_iter().zip(kept).enumerate() {
        if i == 2 {
            continue;
        }
        inputs.push(LoadInput::Kept {
            path: file.path.clone(),
            file: kept,
        });
        texts.push(file);
    }
    let reused = load_reusing(inputs, &limits);
    numbered(&reused);
    assert_eq!(shown(&reused), shown(&load(texts, &limits)));
    // Placing the kept files again left the head's plan as it was.
    assert_eq!(shown(&head), whole);
}

#[test]
fn a_piece_that_is_not_yaml_says_why() {
    let limits = YamlLimits::default();
    let piece = crate::pool::run(&limits, || {
        read_piece(FileContent::Bytes(b"a: [1, 2\n".to_vec()), &limits)
    });
    assert_eq!(piece.problems.len(), 1, "{piece:?}");
    let refused = read_piece(FileContent::Refused("a symlink".into()), &limits);
    assert_eq!(refused.problems, ["a symlink"]);
}
