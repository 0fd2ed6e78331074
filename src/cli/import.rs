//! `bearing import FORMAT SOURCE`: another OKR tool's export to plan files, with an
//! import report of what could not be mapped.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::Outcome;
use super::common::{CliError, GlobalArgs, Session};
use crate::import::{Draft, emit, history, sheet, tability, viva};

/// Import OKRs from another tool's export into plan files.
///
/// Writes one readable YAML file per team, period or plan under DIR/plans (and a
/// bearing.yaml when DIR has none). Ids are derived from titles, so importing the same
/// export again gives the same files. Every field that could not be mapped is listed
/// in the import report and kept as a `# import:` comment on its entity; a start value
/// the tool filled in by default is not taken as a baseline.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  bearing import csv okrs.csv --into acme\n  bearing import xlsx okrs.xlsx --map columns.yaml\n  bearing import viva-goals export.zip --into acme --history\n  bearing import tability tability.json --into acme --history"
)]
pub struct ImportArgs {
    /// The export's format.
    #[arg(value_enum)]
    pub format: Format,
    /// The export file (for tability, a JSON file or a folder of them).
    #[arg(value_name = "SOURCE")]
    pub source: PathBuf,
    /// The plan repository to write into (default: the current folder).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub into: PathBuf,
    /// A column map for csv and xlsx: `columns: {title: "Goal Title", …}`.
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// Replay the export's check-ins as commits on their dates by their authors: in a
    /// new repository in DIR, or on a new branch when DIR is in one (viva-goals,
    /// tability).
    #[arg(long)]
    pub history: bool,
    /// The branch `--history` makes in an existing repository.
    #[arg(long, value_name = "NAME", default_value = "bearing-import")]
    pub branch: String,
    /// Replace plan files that already exist with other content.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A sheet saved as CSV: one row per goal, objective, key result or project.
    Csv,
    /// The same sheet as an Excel workbook (the first sheet is read).
    Xlsx,
    /// The Microsoft Viva Goals admin export: a ZIP of JSON files.
    VivaGoals,
    /// Tability's API v2 lists (plans, objectives, outcomes, checkins, initiatives)
    /// saved as one JSON object of lists, or as a folder of one JSON list per file.
    Tability,
}

pub(super) fn run(
    global: &GlobalArgs,
    args: ImportArgs,
    _session: &mut Session,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let draft = match args.format {
        Format::Csv | Format::Xlsx => {
            let bytes = read(&args.source)?;
            let map = match &args.map {
                Some(path) => {
                    let text = String::from_utf8_lossy(&read(path)?).into_owned();
                    sheet::ColumnMap::parse(&text).map_err(|e| {
                        CliError::usage(
                            format!("invalid column map `{}`: {e}", path.display()),
                            "write `columns:` with a bearing field → the sheet's header, e.g. `title: Goal Title`",
                        )
                    })?
                }
                None => sheet::ColumnMap::default(),
            };
            let (rows, tool) = if args.format == Format::Csv {
                (sheet::csv_rows(&bytes), "a sheet")
            } else {
                (sheet::xlsx_rows(&bytes), "a sheet")
            };
            let rows = rows.map_err(|e| unreadable(&args.source, &e))?;
            sheet::read(&rows, &map, tool).map_err(|e| unreadable(&args.source, &e))?
        }
        Format::VivaGoals => {
            viva::read(&read(&args.source)?).map_err(|e| unreadable(&args.source, &e))?
        }
        Format::Tability => tability::read(&json_documents(&args.source)?)
            .map_err(|e| unreadable(&args.source, &e))?,
    };
    if args.history {
        return replay(&args.into, &draft, &args.branch, global.quiet, out);
    }
    write_plan(&args.into, &draft, args.force, global.quiet, out)?;
    Ok(Outcome::Clean)
}

fn read(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|e| {
        CliError::usage(
            format!("cannot read `{}`: {e}", path.display()),
            "give the path of the exported file",
        )
    })
}

/// A JSON file, or every `.json` file of a folder in name order (one saved list
/// response each), as (file name, bytes).
fn json_documents(source: &Path) -> Result<Vec<(String, Vec<u8>)>, CliError> {
    let name_of = |path: &Path| {
        path.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    };
    if !source.is_dir() {
        return Ok(vec![(name_of(source), read(source)?)]);
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(source)
        .map_err(|e| {
            CliError::usage(
                format!("cannot read `{}`: {e}", source.display()),
                "give the path of the exported file or folder",
            )
        })?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| Ok((name_of(path), read(path)?)))
        .collect()
}

fn unreadable(path: &Path, error: &str) -> CliError {
    CliError::usage(
        format!("cannot import `{}`: {error}", path.display()),
        "check the format argument matches the file",
    )
}

/// Writes the draft's files into `dir` and prints the report. A file that exists with
/// other content is refused (before anything is written) unless `force`.
pub(super) fn write_plan(
    dir: &Path,
    draft: &Draft,
    force: bool,
    quiet: bool,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let mut files = emit::files(draft, None);
    if !dir.join(crate::workspace::CONFIG_FILE).exists() {
        files.insert(
            crate::workspace::CONFIG_FILE.to_owned(),
            "# Written by `bearing import`.\nplans: [plans]\n".to_owned(),
        );
    }
    let mut changed = Vec::new();
    for (path, text) in &files {
        let target = dir.join(path);
        match std::fs::read(&target) {
            Ok(old) if old == text.as_bytes() => {}
            Ok(_) if !force => {
                return Err(CliError::usage(
                    format!("`{}` exists with other content", target.display()),
                    "nothing was written; import into another folder, or pass --force to replace the imported files",
                ));
            }
            _ => changed.push((target, text)),
        }
    }
    for (target, text) in &changed {
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        crate::checkin::write_atomically(target, text.as_bytes())?;
    }
    if !quiet {
        writeln!(
            out,
            "{} written, {} unchanged in {}",
            crate::format::count(changed.len(), "file", "files"),
            files.len() - changed.len(),
            dir.display()
        )?;
        write!(out, "{}", draft.report.text(&draft.tool))?;
    }
    Ok(())
}

/// `--history`: the plan as commits, one per check-in, never over uncommitted work.
fn replay(
    dir: &Path,
    draft: &Draft,
    branch: &str,
    quiet: bool,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let mut extra = std::collections::BTreeMap::new();
    extra.insert(
        crate::workspace::CONFIG_FILE.to_owned(),
        "# Written by `bearing import`.\nplans: [plans]\n".to_owned(),
    );
    let dir = &std::env::current_dir()?.join(dir);
    let snapshots = history::snapshots(draft, &extra);
    let seconds: Vec<i64> = snapshots
        .iter()
        .map(|s| {
            jiff::tz::Offset::UTC
                .to_timestamp(s.date.to_datetime(jiff::civil::time(12, 0, 0, 0)))
                .map(|t| t.as_second())
                .unwrap_or(0)
        })
        .collect();
    let commits: Vec<crate::commit::Replay> = snapshots
        .iter()
        .zip(&seconds)
        .map(|(s, seconds)| crate::commit::Replay {
            files: &s.files,
            author: (&s.author.0, &s.author.1),
            seconds: *seconds,
            message: &s.message,
        })
        .collect();
    let done = crate::commit::replay(dir, &commits, branch).map_err(super::checkin::from_commit)?;
    if !quiet {
        use crate::commit::Replayed;
        match done {
            Replayed::NewRepository { branch, head } => writeln!(
                out,
                "new repository {} with {} on `{branch}` ({})",
                dir.display(),
                crate::format::count(commits.len(), "commit", "commits"),
                head.to_hex_with_len(7)
            )?,
            Replayed::NewBranch { branch, head } => writeln!(
                out,
                "{} on the new branch `{branch}` ({}); the work tree is untouched: `git switch {branch}` to see it",
                crate::format::count(commits.len(), "commit", "commits"),
                head.to_hex_with_len(7)
            )?,
            Replayed::Unchanged { head } => writeln!(
                out,
                "unchanged: the history is already there ({})",
                head.to_hex_with_len(7)
            )?,
        }
        write!(out, "{}", draft.report.text(&draft.tool))?;
    }
    Ok(Outcome::Clean)
}
