//! `bearing check`: validate the plan, run the rules, apply the gate.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Outcome;
use super::common::{AsOfArgs, CliError, GlobalArgs, use_color};
use crate::render;

/// Validate the plan and run every rule; exit 1 on error-level findings.
///
/// Reads bearing.yaml (found by walking up from the current directory) and every
/// *.yaml / *.yml under its plan folders, or the files and folders given.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  bearing check\n  bearing check --format github\n  bearing check --as-of 2026-10-01 --format json plans/okrs"
)]
pub struct CheckArgs {
    /// Files or folders to check instead of the configured plan folders.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Diagnostics with the YAML snippet, for people.
    Human,
    /// The documented, versioned JSON shape, for scripts.
    Json,
    /// GitHub workflow commands: annotations on the YAML lines of a pull request.
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
}

pub fn run(global: &GlobalArgs, args: CheckArgs, out: &mut dyn Write) -> Result<Outcome, CliError> {
    let workspace = global.workspace()?;
    let cwd = std::env::current_dir()?;
    let paths: Vec<PathBuf> = args.paths.iter().map(|p| cwd.join(p)).collect();
    for (given, path) in args.paths.iter().zip(&paths) {
        if std::fs::symlink_metadata(path).is_err() {
            return Err(CliError::usage(
                format!("`{}` does not exist", given.display()),
                "give plan files or folders that exist, or no path to check the configured plan folders",
            ));
        }
    }
    let files = workspace.read_plan_files(&paths)?;
    let report = crate::check::check(
        files,
        &workspace.config,
        args.as_of.date(),
        &crate::measure::Evidence::default(),
    );
    match args.format {
        CheckFormat::Human => render::human::render(
            &report,
            render::human::Style {
                color: use_color(),
                quiet: global.quiet,
            },
            out,
        )?,
        CheckFormat::Json => render::json::render(&report, out)?,
        CheckFormat::Github => render::github::render(&report, out)?,
        CheckFormat::Sarif => render::sarif::render(&report, out)?,
    }
    if report.has_input_errors() {
        return Err(CliError::Usage {
            message: "some plan files could not be read; the findings above are incomplete"
                .to_owned(),
            help: Some("fix the `input` findings first".to_owned()),
        });
    }
    Ok(if report.has_errors() {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
