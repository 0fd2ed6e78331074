//! What a report is built from: the plan (working tree, or `--rev`), loaded, and what
//! git history adds: trends, "last updated", the changes since a base.

use jiff::civil::Date;

use super::evidence::{evidence_from, stale_window};
use super::revisions::{open, read_at, roots};
use super::{Note, PipelineError, Progress};
use crate::history::git::GitRepo;
use crate::history::walk::{History, WalkOptions, walk};
use crate::history::{HistoryError, damage_message, truncation_message};
use crate::load::{Loaded, RawFile, load};
use crate::measure::Evidence;
use crate::report::review::ReviewStart;
use crate::report::{Input, from_history};
use crate::workspace::Workspace;
use gix::ObjectId;

/// Which plan and how much history.
#[derive(Debug, Clone)]
pub struct ReportRequest<'a> {
    /// The revision to report on; the working tree when `None`.
    pub rev: Option<&'a str>,
    /// The revision whose changes the report lists.
    pub base: Option<&'a str>,
    /// Read no history (no trends, no "last updated" from git).
    pub no_history: bool,
    /// Where the "since the last review" section starts: a revision or a date
    /// (`YYYY-MM-DD`). Without it, the newest tag matching `report.reviews`, if any.
    pub since: Option<&'a str>,
    pub as_of: Date,
    /// The day it is: a key result edited but not committed counts as updated then.
    pub today: Date,
}

/// What a report is made of.
#[derive(Debug)]
pub struct Gathered {
    pub loaded: Loaded,
    pub input: Input,
    /// For `stale-kr`, as of the report's date.
    pub evidence: Evidence,
    /// The plan at the last review, when there is one to compare with.
    pub review: Option<ReviewBase>,
}

/// The plan as it was at the last review, read but not loaded yet: it is loaded
/// ([`ReviewBase::load`]) once the report of the plan is built, so that the two plans,
/// their trees and their findings are not in memory at once.
#[derive(Debug)]
pub struct ReviewBase {
    pub start: ReviewStart,
    /// The full commit id, for `diff`.
    pub commit: String,
    files: Vec<RawFile>,
    /// The value series, for what `stale-kr` knew then.
    history: History,
}

/// The plan at the last review, loaded, and what `stale-kr` knew then.
#[derive(Debug)]
pub struct ReviewPlan {
    pub start: ReviewStart,
    pub commit: String,
    pub loaded: Loaded,
    /// As of `start.date`.
    pub evidence: Evidence,
}

impl ReviewBase {
    /// Loads the plan at the review, measured as of its day.
    pub fn load(self, workspace: &Workspace) -> ReviewPlan {
        let loaded = load(self.files, &workspace.config.limits.yaml);
        let day = self.start.date;
        let window = stale_window(&workspace.config.rules, day);
        let evidence = evidence_from(Some(&self.history), &loaded.plan, day, day, window);
        ReviewPlan {
            start: self.start,
            commit: self.commit,
            loaded,
            evidence,
        }
    }
}

/// The plan, the history input of the report, and the evidence for `stale-kr`.
pub fn gather(
    workspace: &Workspace,
    request: &ReportRequest,
    progress: Progress,
    notes: &mut Vec<Note>,
) -> Result<Gathered, PipelineError> {
    let load = |files| load(files, &workspace.config.limits.yaml);
    let wants_git = request.rev.is_some() || request.base.is_some() || request.since.is_some();
    let plain = || -> Result<Gathered, PipelineError> {
        Ok(Gathered {
            loaded: load(workspace.read_plan_files(&[])?),
            input: Input::default(),
            evidence: Evidence::default(),
            review: None,
        })
    };
    let git = match open(workspace) {
        Ok(git) => git,
        Err(e) if wants_git => return Err(e.into()),
        Err(_) => return plain(),
    };
    let start = match request.rev {
        Some(rev) => git.resolve(rev)?,
        None => match git.head() {
            Ok(head) => head,
            Err(HistoryError::Empty) => return plain(),
            Err(e) => return Err(e.into()),
        },
    };
    let files = match request.rev {
        Some(_) => read_at(&git, workspace, start)?,
        None => workspace.read_plan_files(&[])?,
    };
    let base = match request.base {
        Some(rev) => Some((rev.to_owned(), git.resolve(rev)?.to_string())),
        None => None,
    };
    let rev = request.rev.map(str::to_owned);
    // A revision or a tag is found now; a date needs the walk's commits.
    let since = match request.since {
        Some(text) => Some(Since::parse(text)),
        None => match &workspace.config.report.reviews {
            Some(pattern) => latest_review_tag(&git, pattern, request.as_of)?,
            None => None,
        },
    };
    if request.no_history && base.is_none() && since.is_none() {
        return Ok(Gathered {
            loaded: load(files),
            input: Input {
                rev,
                ..Input::default()
            },
            evidence: Evidence::default(),
            review: None,
        });
    }
    let options = WalkOptions::whole(
        start,
        roots(&git, workspace),
        workspace.config.limits,
        base.is_some(),
    );
    // The walk first, then the plan: the versions the walk parsed are freed and handed
    // back before the plan is read. Side by side, the two held 200 MiB at once on a
    // history of 5,000 commits; one after the other, 140 MiB, for 8% more time there
    // (the load no longer overlaps the walk; issue 19: every command under 150 MiB).
    let mut history = walk(&git, &options, progress)?;
    drop(std::mem::take(&mut history.parsed));
    crate::pool::release_freed_memory();
    let loaded = load(files);
    if let Some(at) = &history.truncated_at {
        notes.push(truncation_message(at));
    }
    notes.extend(damage_message(&history.damaged));
    // "Last updated" as `check` reads it, uncommitted edits included.
    let window = stale_window(&workspace.config.rules, request.as_of);
    let evidence = evidence_from(
        Some(&history),
        &loaded.plan,
        request.as_of,
        request.today,
        window,
    );
    let input = from_history::input(
        &history,
        request.as_of,
        rev,
        base,
        workspace.config.report.show_emails,
    );
    let review = match since {
        Some(since) => {
            let (start, commit) = since.resolve(&git, &history)?;
            Some(ReviewBase {
                start,
                commit: commit.to_string(),
                files: read_at(&git, workspace, commit)?,
                history,
            })
        }
        None => None,
    };
    Ok(Gathered {
        loaded,
        input,
        evidence,
        review,
    })
}

/// Where a review starts, before it is found in git.
#[derive(Debug, Clone)]
enum Since {
    /// A day: the plan as the last commit on or before it left it.
    Date(String, Date),
    Revision(String),
    /// A tag found by `report.reviews`, and its commit.
    Tag(String, ObjectId),
}

impl Since {
    fn parse(text: &str) -> Since {
        match text.parse::<Date>() {
            Ok(date) if text.len() == 10 => Since::Date(text.to_owned(), date),
            _ => Since::Revision(text.to_owned()),
        }
    }

    /// The commit and the day the review is measured as of: a revision's or tag's
    /// commit day; for a date, that date.
    fn resolve(
        self,
        git: &GitRepo,
        history: &History,
    ) -> Result<(ReviewStart, ObjectId), PipelineError> {
        let start = |rev: String, commit: ObjectId, date: Date, from: &'static str| ReviewStart {
            rev,
            commit: crate::history::git::short(&commit),
            date,
            from,
        };
        match self {
            Since::Revision(rev) => {
                let id = git.resolve(&rev)?;
                let day = git.commit(id)?.day;
                Ok((start(rev, id, day, "revision"), id))
            }
            Since::Tag(name, id) => {
                let day = git.commit(id)?.day;
                Ok((start(name, id, day, "tag"), id))
            }
            Since::Date(text, date) => {
                let found = history
                    .commits
                    .iter()
                    .find(|c| c.date.get(..10).and_then(|d| d.parse::<Date>().ok()) <= Some(date))
                    .and_then(|c| ObjectId::from_hex(c.commit.as_bytes()).ok());
                match found {
                    Some(id) => Ok((start(text, id, date, "date"), id)),
                    None => Err(PipelineError::Refused {
                        message: format!("no commit changed the plan on or before {date}"),
                        help: "give a later date, or a revision: `--since HEAD~10`".to_owned(),
                    }),
                }
            }
        }
    }
}

/// The newest tag matching `pattern` whose commit is dated on or before `as_of`.
fn latest_review_tag(
    git: &GitRepo,
    pattern: &str,
    as_of: Date,
) -> Result<Option<Since>, PipelineError> {
    let mut best: Option<(i64, String, ObjectId)> = None;
    for (name, id) in git.tags_matching(pattern)? {
        let commit = git.commit(id)?;
        if commit.day > as_of {
            continue;
        }
        let newer = best
            .as_ref()
            .is_none_or(|(seconds, best_name, _)| (commit.seconds, &name) > (*seconds, best_name));
        if newer {
            best = Some((commit.seconds, name, id));
        }
    }
    Ok(best.map(|(_, name, id)| Since::Tag(name, id)))
}
