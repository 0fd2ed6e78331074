//! `bearing checkin KR VALUE`: add a check-in to a key result in place, every other byte
//! of its file kept; with `--commit`, commit it.

use std::io::Write;

use clap::Args;
use jiff::civil::Date;

use super::Outcome;
use super::common::{CliError, GlobalArgs, Session, parse_date};
use crate::checkin::{CheckinError, CheckinRequest, Edit, prepare, write};
use crate::commit::{CommitError, OneFileCommit};

/// Record a key result's new value: a check-in line added to its YAML, in place.
///
/// Comments, blank lines and the file's layout are kept; only the new check-in line
/// (and `checkins:` when the key result had none) is added. The plan is read back with
/// the new line before anything is written: a check-in that would make it invalid is
/// refused and nothing changes. The file is replaced through a temporary file, so it is
/// never half written.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  bearing checkin KR-churn 3.5\n  bearing checkin KR-repeat 27.2 --confidence 0.7 --note \"app rollout in 60% of markets\"\n  bearing checkin KR-members 64000 --date 2026-10-05 --commit"
)]
pub struct CheckinArgs {
    /// The key result's id.
    #[arg(value_name = "KR")]
    pub key_result: Option<String>,
    /// Its value now, a plain number in the key result's unit (`3.5`, `64000`).
    #[arg(value_name = "VALUE", allow_negative_numbers = true)]
    pub value: Option<String>,
    /// The owner's belief that the target will be met, from 0 to 1.
    #[arg(long, value_name = "C")]
    pub confidence: Option<f64>,
    /// A short note: where the number comes from, what changed.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The day of the check-in (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<Date>,
    /// Commit the changed file on the current branch (`chore(checkin): …`).
    #[arg(long)]
    pub commit: bool,
}

pub(super) fn run(
    global: &GlobalArgs,
    args: CheckinArgs,
    session: &mut Session,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let (Some(id), Some(value)) = (&args.key_result, &args.value) else {
        return Err(CliError::usage(
            "give a key result and its value",
            "e.g. `bearing checkin KR-churn 3.5`",
        ));
    };
    let value = parse_value(value)?;
    let workspace = global.workspace()?;
    let request = CheckinRequest {
        key_result: id,
        value,
        confidence: args.confidence,
        note: args.note.as_deref().filter(|n| !n.trim().is_empty()),
        date: args.date.unwrap_or(session.today),
    };
    let edit = prepare(&workspace, &request).map_err(from_checkin)?;
    apply(&edit, args.commit, global.quiet, out)?;
    Ok(Outcome::Clean)
}

/// Writes an edit (and commits it), then says what was done.
pub(super) fn apply(
    edit: &Edit,
    commit: bool,
    quiet: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    // Refused before the file is touched: a commit must hold the check-in only.
    let pending = if commit {
        Some(OneFileCommit::prepare(&edit.path, edit.before.as_bytes()).map_err(from_commit)?)
    } else {
        None
    };
    write(edit).map_err(from_checkin)?;
    let kr = &edit.key_result;
    if !quiet {
        writeln!(
            out,
            "checked in `{kr}`: {} on {} in {}",
            crate::format::number(edit.checkin.value),
            edit.checkin.date,
            edit.shown
        )?;
    }
    if let Some(pending) = pending {
        let message = commit_message(edit);
        let id = pending
            .commit(edit.after.as_bytes(), &message)
            .map_err(from_commit)?;
        if !quiet {
            writeln!(out, "committed {}", id.to_hex_with_len(7))?;
        }
    }
    Ok(())
}

/// A conventional commit message: the subject names the key result and the value.
fn commit_message(edit: &Edit) -> String {
    let c = &edit.checkin;
    let mut subject = format!(
        "chore(checkin): {} = {} on {}",
        edit.key_result,
        crate::checkin::yaml_number(c.value),
        c.date
    );
    if let Some(confidence) = c.confidence {
        subject.push_str(&format!(
            " (confidence {})",
            crate::checkin::yaml_number(confidence)
        ));
    }
    match &c.note {
        Some(note) => format!("{subject}\n\n{note}\n"),
        None => format!("{subject}\n"),
    }
}

/// A value as typed: a plain number. `3,5` and `1,200` are refused rather than guessed.
pub(super) fn parse_value(text: &str) -> Result<f64, CliError> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| {
            CliError::usage(
                format!("`{text}` is not a number"),
                "give the value as a plain number in the key result's unit, e.g. 3.5 or 64000 (no thousands separators, no unit)",
            )
        })
}

pub(super) fn from_checkin(e: CheckinError) -> CliError {
    match e {
        CheckinError::Workspace(e) => CliError::Workspace(e),
        CheckinError::Refused { message, help } => CliError::usage(message, help),
        other => CliError::usage(other.to_string(), "nothing was changed"),
    }
}

pub(super) fn from_commit(e: CommitError) -> CliError {
    match e {
        CommitError::Refused { message, help } => CliError::usage(message, help),
        other => CliError::usage(
            other.to_string(),
            "the check-in is written but not committed; commit it with git",
        ),
    }
}
