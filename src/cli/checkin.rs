//! `bearing checkin KR VALUE`: add a check-in to a key result in place, every other byte
//! of its file kept; with `--commit`, commit it.

use std::io::{BufRead, IsTerminal, Write};

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
///
/// With no KR, on a terminal, walks the key results that are stale today one by one,
/// asking each one's value (Enter skips, q stops); `--owner` keeps one person's.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  bearing checkin KR-churn 3.5\n  bearing checkin --owner @crm-lead\n  bearing checkin KR-repeat 27.2 --confidence 0.7 --note \"app rollout in 60% of markets\"\n  bearing checkin KR-members 64000 --date 2026-10-05 --commit"
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
    /// With no KR, on a terminal: walk only the stale key results this person owns (the
    /// key result's `owner`, else its objective's; `@` and case are ignored).
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
}

pub(super) fn run(
    global: &GlobalArgs,
    args: CheckinArgs,
    session: &mut Session,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    if args.key_result.is_none() && args.value.is_none() {
        let stdin = std::io::stdin();
        if !stdin.is_terminal() {
            return Err(CliError::usage(
                "give a key result and its value",
                "e.g. `bearing checkin KR-churn 3.5`; on a terminal, `bearing checkin` alone walks your stale key results (`--owner NAME`)",
            ));
        }
        return walk(global, &args, session, &mut stdin.lock(), out);
    }
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

/// A key result `stale-kr` names, as the walk shows it.
struct Stale {
    id: String,
    title: String,
    owner: Option<String>,
    /// The value now, with its unit, and the day of the last check-in if any.
    now: String,
}

/// `bearing checkin` alone: the stale key results, one by one, each asking for its
/// value now (Enter skips, `q` stops). Each answer is checked in as `bearing checkin KR
/// VALUE` would do it, so an invalid one is refused and asked again.
fn walk(
    global: &GlobalArgs,
    args: &CheckinArgs,
    session: &mut Session,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let workspace = global.workspace()?;
    let stale = stale_key_results(&workspace, session, args.owner.as_deref())?;
    let whose = args
        .owner
        .as_deref()
        .map(|o| format!(" owned by {o}"))
        .unwrap_or_default();
    if stale.is_empty() {
        writeln!(out, "No key result{whose} is stale: nothing to check in.")?;
        return Ok(Outcome::Clean);
    }
    let are = if stale.len() == 1 { "is" } else { "are" };
    writeln!(
        out,
        "{}{whose} {are} stale. Type each one's value now (a plain number), Enter to skip, q to stop.",
        crate::format::count(stale.len(), "key result", "key results")
    )?;
    let date = args.date.unwrap_or(session.today);
    let mut done = 0;
    for (n, kr) in stale.iter().enumerate() {
        let owner = kr
            .owner
            .as_deref()
            .map(|o| format!(", {o}"))
            .unwrap_or_default();
        writeln!(
            out,
            "\n[{}/{}] {} — {}{owner}",
            n + 1,
            stale.len(),
            kr.id,
            kr.title
        )?;
        writeln!(out, "  now: {}", kr.now)?;
        loop {
            write!(out, "  value: ")?;
            out.flush()?;
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                writeln!(out)?;
                return finish(done, out);
            }
            let answer = line.trim();
            match answer {
                "" => break,
                "q" | "Q" | "quit" => return finish(done, out),
                _ => {}
            }
            let value = match parse_value(answer) {
                Ok(v) => v,
                Err(e) => {
                    e.report(out)?;
                    continue;
                }
            };
            let request = CheckinRequest {
                key_result: &kr.id,
                value,
                confidence: None,
                note: args.note.as_deref().filter(|n| !n.trim().is_empty()),
                date,
            };
            match prepare(&workspace, &request).map_err(from_checkin) {
                Ok(edit) => {
                    apply(&edit, args.commit, false, out)?;
                    done += 1;
                    break;
                }
                Err(e) => e.report(out)?,
            }
        }
    }
    finish(done, out)
}

fn finish(done: usize, out: &mut dyn Write) -> Result<Outcome, CliError> {
    writeln!(
        out,
        "\n{} checked in.",
        crate::format::count(done, "key result", "key results")
    )?;
    Ok(Outcome::Clean)
}

/// The key results `check` finds stale today, in its order, of `owner` when given.
fn stale_key_results(
    workspace: &crate::workspace::Workspace,
    session: &mut Session,
    owner: Option<&str>,
) -> Result<Vec<Stale>, CliError> {
    use crate::pipeline::check::{CheckRequest, check};
    let request = CheckRequest {
        paths: &[],
        as_of: session.today,
        today: session.today,
        base: None,
        no_history: false,
    };
    let mut notes = Vec::new();
    let report = check(
        workspace,
        &request,
        &mut |_, _| {},
        &mut notes,
        &mut session.leftovers,
    )?;
    let plan = &report.loaded.plan;
    let wanted = owner.map(normal_owner);
    let mut out = Vec::new();
    for finding in &report.findings {
        let (crate::vocab::Rule::StaleKr, Some(id)) =
            (finding.finding.rule, &finding.finding.entity)
        else {
            continue;
        };
        let Some((objective, kr)) = plan.get(id.as_str()).and_then(|e| plan.key_result(e)) else {
            continue;
        };
        let who = kr.owner.clone().or_else(|| objective.owner.clone());
        if let Some(wanted) = &wanted {
            if who.as_deref().map(normal_owner).as_ref() != Some(wanted) {
                continue;
            }
        }
        let value = kr
            .latest_checkin()
            .map(|c| c.value)
            .or(kr.metric.current)
            .map(|v| crate::format::quantity(v, kr.metric.unit.as_deref()))
            .unwrap_or_else(|| "no value yet".to_owned());
        let since = kr
            .latest_checkin()
            .map(|c| format!(", last check-in {}", c.date))
            .unwrap_or_default();
        out.push(Stale {
            id: id.0.to_string(),
            title: kr.title.clone(),
            owner: who,
            now: format!("{value}{since}"),
        });
    }
    Ok(out)
}

/// An owner as people type it: `@cmo`, `CMO` and `cmo` are one.
fn normal_owner(owner: &str) -> String {
    owner.trim().trim_start_matches('@').to_lowercase()
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
