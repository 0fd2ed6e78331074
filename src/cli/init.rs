//! `bearing init [DIR]`: scaffold a plan repository, or write the worked example with a
//! year of git history (`--example`).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::Outcome;
use super::common::{CliError, GlobalArgs, Session};
use crate::scaffold::{self, Action, ScaffoldError, example, example_history, git, starter};

/// Where `--example` writes when no folder is given.
const EXAMPLE_DIR: &str = "bearing-example";

/// Scaffold a plan repository, or write the worked example with a year of history.
///
/// Without --example: bearing.yaml with every rule at its default level, one commented
/// plan file per kind (a small plan that passes `bearing check`), the JSON Schemas under
/// .bearing/schema for editor completion, and a GitHub workflow template. Existing files
/// are kept unless --force; a git repository is initialised when DIR is not in one.
///
/// With --example: Acme's plan (the fixtures/example of bearing's repository) as a new
/// git repository whose history holds a year of check-ins, a dropped goal and a quietly
/// lowered target; the same commits and hashes on every run.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  bearing init\n  bearing init strategy --dry-run\n  bearing init --example acme && cd acme && bearing check --as-of 2026-10-01"
)]
pub struct InitArgs {
    /// The folder to write into, created when missing. Default: the current folder, or
    /// `bearing-example` with --example.
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Write the worked example with its git history instead of a starter plan (DIR must
    /// be new or empty).
    #[arg(long)]
    pub example: bool,
    /// Overwrite files that already exist.
    #[arg(long, conflicts_with = "example")]
    pub force: bool,
    /// List what would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

fn scaffold_error(e: ScaffoldError) -> CliError {
    let help = e.help();
    CliError::Usage {
        message: e.to_string(),
        help,
    }
}

pub(super) fn run(
    global: &GlobalArgs,
    args: InitArgs,
    session: &Session,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let default = if args.example { EXAMPLE_DIR } else { "." };
    let shown = args.dir.clone().unwrap_or_else(|| PathBuf::from(default));
    let dir = std::env::current_dir()?.join(&shown);
    if args.example {
        example(global, &dir, &shown, args.dry_run, out)
    } else {
        starter(global, session, &dir, &shown, args.force, args.dry_run, out)
    }
}

fn starter(
    global: &GlobalArgs,
    session: &Session,
    dir: &Path,
    shown: &Path,
    force: bool,
    dry_run: bool,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let files = starter::files(session.today);
    let planned = scaffold::plan(dir, &files, force).map_err(scaffold_error)?;
    let needs_git = !git::inside_repository(dir);
    let shown = shown.display();
    let verb = |action: Action| match (action, dry_run) {
        (Action::Create, false) => "created",
        (Action::Create, true) => "would create",
        (Action::Overwrite, false) => "overwrote",
        (Action::Overwrite, true) => "would overwrite",
        (Action::Skip, _) => "kept",
    };
    if dry_run {
        writeln!(out, "Dry run: nothing is written. In `{shown}`:")?;
    } else {
        scaffold::write(dir, &files, &planned).map_err(scaffold_error)?;
        writeln!(out, "In `{shown}`:")?;
    }
    for p in &planned {
        let note = if p.action == Action::Skip {
            "  (exists; --force overwrites it)"
        } else {
            ""
        };
        writeln!(out, "  {:<15} {}{note}", verb(p.action), p.path)?;
    }
    if needs_git {
        if dry_run {
            writeln!(out, "  would initialise a git repository")?;
        } else {
            let branch = git::init(dir).map_err(scaffold_error)?;
            writeln!(out, "  initialised a git repository (branch `{branch}`)")?;
        }
    }
    let skipped = planned.iter().filter(|p| p.action == Action::Skip).count();
    if skipped == planned.len() {
        writeln!(
            out,
            "Nothing to write: every file exists. `bearing init --force` overwrites them."
        )?;
    } else if skipped > 0 {
        writeln!(
            out,
            "{skipped} existing file(s) kept; `bearing init --force` overwrites them."
        )?;
    }
    if !global.quiet && !dry_run {
        let cd = (shown.to_string() != ".").then(|| shown.to_string());
        next_steps(out, cd.as_deref(), starter::NEXT_STEPS)?;
    }
    Ok(Outcome::Clean)
}

fn example(
    global: &GlobalArgs,
    dir: &Path,
    shown: &Path,
    dry_run: bool,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    scaffold::check_empty(dir).map_err(scaffold_error)?;
    let history = example_history::history().map_err(scaffold_error)?;
    let shown = shown.display();
    let (first, last) = match (history.first(), history.last()) {
        (Some(f), Some(l)) => (&f.commit.at[..10], &l.commit.at[..10]),
        _ => ("", ""),
    };
    if dry_run {
        writeln!(out, "Dry run: nothing is written. In `{shown}`:")?;
        for (path, _) in example::FILES {
            writeln!(out, "  {:<15} {path}", "would create")?;
        }
        // Beside the history, as `git::write_history` writes them.
        for file in scaffold::editors::files(&["plans"]) {
            writeln!(out, "  {:<15} {}", "would create", file.path)?;
        }
        writeln!(
            out,
            "  would create a git repository: {} commits on `{}`, {first} to {last}",
            history.len(),
            git::EXAMPLE_BRANCH
        )?;
        return Ok(Outcome::Clean);
    }
    let ids = git::write_history(dir, &history).map_err(scaffold_error)?;
    writeln!(
        out,
        "Wrote the worked example to `{shown}`: Acme's plan, and a git repository with {} commits on `{}` from {first} to {last}.",
        ids.len(),
        git::EXAMPLE_BRANCH
    )?;
    if let Some(head) = ids.last() {
        writeln!(out, "HEAD is {head}.")?;
    }
    if !global.quiet {
        next_steps(out, Some(&shown.to_string()), example::NEXT_STEPS)?;
    }
    Ok(Outcome::Clean)
}

/// "Next steps:", the folder to go to when it is not the current one, then `steps`.
fn next_steps(out: &mut dyn Write, cd: Option<&str>, steps: &str) -> Result<(), CliError> {
    writeln!(out, "\nNext steps:")?;
    if let Some(dir) = cd {
        writeln!(out, "  cd {dir}")?;
    }
    writeln!(out, "{steps}")?;
    Ok(())
}
