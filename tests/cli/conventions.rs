//! The conventions CI logs rely on (issue 15): `--color auto|always|never`, `NO_COLOR`,
//! `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`, for every command, clap's own help and
//! errors included.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::git::Repo;
use crate::support::{BIN, CLEAN_PLAN};

/// Runs the binary with exactly the color variables given (stdout and stderr are pipes,
/// never terminals); returns stdout and stderr together.
fn run(args: &[&str], cwd: &Path, vars: &[(&str, &str)]) -> String {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("TERM");
    for (k, v) in vars {
        command.env(k, v);
    }
    let out = command.output().expect("bearing runs");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn colored(text: &str) -> bool {
    text.contains('\u{1b}')
}

fn repository() -> Repo {
    let mut repo = Repo::new();
    repo.write("plans/plan.yaml", CLEAN_PLAN);
    repo.commit("plan");
    repo.write(
        "plans/stray.yaml",
        "kind: Project\nid: P-stray\ntitle: Serves nothing\nstatus: active\n",
    );
    repo.commit("a stray project");
    repo
}

/// Every command, run the way a CI log would run it.
const COMMANDS: &[&[&str]] = &[
    &["check", "--as-of", "2026-10-01"],
    &["report", "--format", "markdown", "--as-of", "2026-10-01"],
    &["diff", "HEAD~1", "HEAD"],
    &["log"],
    &["trace", "P-stray", "--as-of", "2026-10-01"],
    &["schema", "goal"],
    &["init", "--dry-run", "elsewhere"],
    &["completions", "bash"],
    &["man"],
];

#[test]
fn every_command_takes_color_and_never_colors_when_told_not_to() {
    let repo = repository();
    for command in COMMANDS {
        for (flag, vars) in [
            ("never", &[("CLICOLOR_FORCE", "1")][..]),
            ("auto", &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")][..]),
            ("auto", &[("CLICOLOR", "0")][..]),
            ("auto", &[("TERM", "dumb")][..]),
            ("auto", &[][..]),
        ] {
            let mut args = vec!["--color", flag];
            args.extend_from_slice(command);
            let out = run(&args, repo.path(), vars);
            assert!(!out.starts_with("error:"), "{args:?}: {out}");
            assert!(!colored(&out), "{args:?} with {vars:?} colored: {out}");
        }
    }
}

#[test]
fn check_colors_when_asked_or_forced() {
    let repo = repository();
    let check = ["check", "--as-of", "2026-10-01"];
    let with = |flag: &str, vars: &[(&str, &str)]| {
        let mut args = vec!["--color", flag];
        args.extend_from_slice(&check);
        run(&args, repo.path(), vars)
    };
    assert!(colored(&with("always", &[])));
    assert!(colored(&with(
        "always",
        &[("NO_COLOR", "1"), ("TERM", "dumb")]
    )));
    assert!(colored(&with("auto", &[("CLICOLOR_FORCE", "1")])));
    // The flag may come after the subcommand too.
    assert!(colored(&run(
        &["check", "--as-of", "2026-10-01", "--color=always"],
        repo.path(),
        &[]
    )));
}

#[test]
fn clap_help_and_errors_follow_the_flag() {
    let here = std::env::temp_dir();
    assert!(colored(&run(
        &["--color", "always", "check", "--help"],
        &here,
        &[]
    )));
    assert!(!colored(&run(
        &["--color", "never", "check", "--help"],
        &here,
        &[("CLICOLOR_FORCE", "1")]
    )));
    assert!(colored(&run(
        &["--color", "always", "check", "--nope"],
        &here,
        &[]
    )));
    assert!(!colored(&run(
        &["check", "--nope"],
        &here,
        &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]
    )));
    let wrong = run(&["--color", "pink", "check"], &here, &[]);
    assert!(
        wrong.contains("possible values: auto, always, never"),
        "{wrong}"
    );
}
