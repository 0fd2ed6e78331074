//! One name (issue 15): the repository is `bearing-plan/bearing`, releases are tagged
//! `vX.Y.Z` with a moving `vX`, and every place that names the Action — README, every
//! workflow, the composite actions, the workflow `bearing init` writes, the SARIF links,
//! the release workflow — says the same, taken from `repository` in Cargo.toml.

use std::path::{Path, PathBuf};

use crate::support::{AS_OF, CLEAN_PLAN, Plan, bearing, repo_root};

fn cargo_field(field: &str) -> String {
    let text = std::fs::read_to_string(repo_root().join("Cargo.toml")).expect("Cargo.toml");
    text.lines()
        .find_map(|l| {
            l.strip_prefix(field)
                .and_then(|r| r.trim_start().strip_prefix('='))
                .map(|v| v.trim().trim_matches('"').to_owned())
        })
        .unwrap_or_else(|| panic!("no `{field}` in Cargo.toml"))
}

/// `bearing-plan/bearing`, from `repository = "https://github.com/bearing-plan/bearing"`.
fn slug() -> String {
    cargo_field("repository")
        .strip_prefix("https://github.com/")
        .expect("a GitHub repository")
        .to_owned()
}

fn yaml_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo_root().join(dir))
        .expect("folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .collect();
    files.sort();
    files
}

/// Every `OWNER/bearing[/sub]@REF` in a text: (owner/repo, sub-path, ref).
fn references(text: &str) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("/bearing") {
        let start = text[..at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
            .map_or(0, |i| i + 1);
        let owner = &text[start..at];
        let rest = &text[at + "/bearing".len()..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '`' || c == ')' || c == '|')
            .unwrap_or(rest.len());
        let tail = &rest[..end];
        let Some((sub, reference)) = tail.split_once('@') else {
            continue;
        };
        if owner.is_empty() || !(sub.is_empty() || sub.starts_with('/')) {
            continue;
        }
        found.push((
            format!("{owner}/bearing"),
            sub.to_owned(),
            reference.to_owned(),
        ));
    }
    found
}

fn init_workflow() -> String {
    let dir = Plan::new();
    bearing(&["init"], dir.path()).expect_code(0);
    std::fs::read_to_string(dir.path().join(".github/workflows/bearing.yml"))
        .expect("bearing init writes a workflow")
}

#[test]
fn every_mention_of_the_action_uses_the_one_name_and_tag_scheme() {
    let slug = slug();
    assert_eq!(slug, "bearing-plan/bearing");
    let version = cargo_field("version");
    let major = format!("v{}", version.split('.').next().expect("a major version"));
    let exact = format!("v{version}");

    let mut sources: Vec<(String, String)> = Vec::new();
    let mut read = |path: &Path| {
        let shown = path
            .strip_prefix(repo_root())
            .unwrap_or(path)
            .display()
            .to_string();
        sources.push((shown, std::fs::read_to_string(path).expect("read")));
    };
    for file in [
        "README.md",
        "action.yml",
        "comment/action.yml",
        ".github/zizmor.yml",
    ] {
        read(&repo_root().join(file));
    }
    for file in yaml_files("docs/workflows")
        .into_iter()
        .chain(yaml_files(".github/workflows"))
    {
        read(&file);
    }
    sources.push(("bearing init's workflow".to_owned(), init_workflow()));

    let mut examples_using_it = 0;
    for (name, text) in &sources {
        assert!(
            !text.contains("OWNER/bearing"),
            "{name}: a placeholder name"
        );
        let refs = references(text);
        for (repo, sub, reference) in &refs {
            assert_eq!(repo, &slug, "{name}: `{repo}{sub}@{reference}`");
            assert!(
                sub.is_empty() || sub == "/comment",
                "{name}: no action at `{repo}{sub}`"
            );
            let is_sha = reference.len() == 40 && reference.bytes().all(|b| b.is_ascii_hexdigit());
            assert!(
                *reference == major || *reference == exact || is_sha || reference == "<commit",
                "{name}: `{repo}{sub}@{reference}` is neither {major}, {exact} nor a commit SHA"
            );
        }
        let is_example = name.starts_with("docs/workflows/") || name.starts_with("bearing init");
        if is_example {
            // Examples use the moving major tag, as people copy them.
            for (_, _, reference) in &refs {
                assert_eq!(reference, &major, "{name}");
            }
            examples_using_it += usize::from(!refs.is_empty());
        }
    }
    assert!(
        examples_using_it >= 7,
        "only {examples_using_it} examples use the action"
    );

    // The first screen of the README says where the Action lives and how to pin it.
    let readme = &sources[0].1;
    let first_screen: String = readme.lines().take(25).collect::<Vec<_>>().join("\n");
    assert!(
        first_screen.contains(&format!("uses: {slug}@{major}"))
            && first_screen.contains(&format!("@{exact}"))
            && first_screen.contains("SHA"),
        "{first_screen}"
    );

    // Releases: tags vX.Y.Z pushed, vX moved.
    let release =
        std::fs::read_to_string(repo_root().join(".github/workflows/release.yml")).expect("read");
    assert!(
        release.contains(r#"tags: ["v[0-9]+.[0-9]+.[0-9]+"]"#),
        "{release}"
    );
    let pin = std::fs::read_to_string(repo_root().join(".github/release/pin.sh")).expect("read");
    assert!(pin.contains(r#"major="v${version%%.*}""#));
    // The install script and the binstall metadata take the name from Cargo.toml.
    let install =
        std::fs::read_to_string(repo_root().join(".github/action/install.sh")).expect("read");
    assert!(
        install.contains("cargo_field repository") && !install.contains("github.com/bearing-plan")
    );
    let manifest = std::fs::read_to_string(repo_root().join("Cargo.toml")).expect("read");
    assert!(manifest.contains(
        r#"pkg-url = "{ repo }/releases/download/v{ version }/{ name }-{ version }-{ target }.tar.gz""#
    ));
}

#[test]
fn sarif_links_to_the_rules_page_of_this_release() {
    let plan = Plan::new();
    plan.plan("plan.yaml", CLEAN_PLAN);
    let sarif = plan
        .run(&["check", "--as-of", AS_OF, "--format", "sarif"])
        .json();
    let driver = &sarif["runs"][0]["tool"]["driver"];
    let repository = cargo_field("repository");
    assert_eq!(driver["informationUri"], repository.as_str());
    let version = cargo_field("version");
    for rule in driver["rules"].as_array().expect("rules") {
        let id = rule["id"].as_str().expect("id");
        assert_eq!(
            rule["helpUri"],
            format!("{repository}/blob/v{version}/docs/rules.md#{id}").as_str()
        );
    }
}

#[test]
fn release_archives_are_named_as_binstall_and_the_action_expect() {
    // package.sh's name, binstall's pkg-url and install.sh's download agree.
    let package =
        std::fs::read_to_string(repo_root().join(".github/release/package.sh")).expect("read");
    assert!(package.contains(r#"name="bearing-${version}-${target}""#));
    assert!(package.contains(r#""$out/$name.tar.gz""#));
    let install =
        std::fs::read_to_string(repo_root().join(".github/action/install.sh")).expect("read");
    assert!(install.contains(r#"archive="bearing-${version}-${target}.tar.gz""#));
    assert!(install.contains(r#"bin="$dir/bearing-${version}-${target}/bearing$exe""#));
    // Every target the release workflow builds is one install.sh maps a runner to.
    let release =
        std::fs::read_to_string(repo_root().join(".github/workflows/release.yml")).expect("read");
    let targets: Vec<&str> = release
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- target: "))
        .collect();
    assert_eq!(targets.len(), 5, "{targets:?}");
    for target in targets {
        assert!(install.contains(&format!("target={target} ;;")), "{target}");
    }
}
