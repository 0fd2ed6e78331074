//! `check` as a computation: files and configuration in, a report out. No I/O.
//!
//! Against a base revision (`check --base`), the plan at the base adds the diff-only
//! rule `lowered-target`, and each finding is marked new or existing by the CLI.

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use crate::change::novelty::{Key, key_of};
use crate::change::reach::Reached;
use crate::config::Config;
use crate::finding::{Finding, Located, Sink};
use crate::load::{Damage, IdDecl, Loaded, RawFile, load};
use crate::measure::alignment::AlignmentScore;
use crate::measure::{Analysis, Evidence};
use crate::model::Plan;
use crate::rules::{self, Context};
use crate::vocab::Level;
use crate::vocab::Revision;
use crate::vocab::Rule;

mod holdback;

/// What `check --base` compared against.
#[derive(Debug, Clone, Serialize)]
pub struct BaseSummary {
    #[serde(flatten)]
    pub revision: Revision,
    /// Findings not present at the base.
    pub new: usize,
    /// Findings already present at the base.
    pub existing: usize,
    /// The alignment score at the base, for "alignment before → after".
    pub alignment: AlignmentScore,
}

/// Counts a person reads at a glance.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub files: usize,
    pub documents: usize,
    pub goals: usize,
    pub objectives: usize,
    pub key_results: usize,
    pub projects: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings left out because they exist only through another error (a piece set
    /// aside, a reference to nothing): shown once that error is fixed.
    pub held_back: usize,
    /// `check PATH`: the files or folders whose findings are shown (the whole plan is
    /// still loaded).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub only: Vec<String>,
    /// Without git history (outside a repository, or `--no-history`): the key results
    /// that `stale-kr` cannot date, having a value but no check-in. `None` with history.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undated: Option<usize>,
}

/// The outcome of checking a plan.
#[derive(Debug)]
pub struct CheckReport {
    pub loaded: Loaded,
    /// Input errors first, then schema errors, the other errors, warnings and infos,
    /// each by file, line, column and rule; the gate last.
    pub findings: Vec<Located>,
    pub summary: Summary,
    pub analysis: Analysis,
    pub as_of: Date,
    /// Set by `check --base`.
    pub base: Option<BaseSummary>,
    /// The findings held back (see [`Summary::held_back`]), located, so that a check
    /// narrowed to some files counts only theirs.
    pub held: Vec<Located>,
}

impl CheckReport {
    /// Whether a finding at error level is present.
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }

    /// Whether some file could not be read: the plan is incomplete.
    pub fn has_input_errors(&self) -> bool {
        self.loaded.has_input_errors()
    }

    /// Keeps only the findings in the given files or folders (paths as findings show
    /// them, relative to the root with `/`): `check PATH` narrows what is reported, not
    /// what is known. Findings of no file (the gate) are the plan's, not a file's, and
    /// go too. The counts follow.
    pub fn narrow(&mut self, paths: &[String]) {
        let inside = |l: &Located| {
            l.at.as_ref().is_some_and(|at| {
                paths.iter().any(|p| {
                    p == "."
                        || at.file == *p
                        || at
                            .file
                            .starts_with(&format!("{}/", p.trim_end_matches('/')))
                })
            })
        };
        self.findings.retain(|l| inside(l));
        self.held.retain(|l| inside(l));
        let count = |level| {
            self.findings
                .iter()
                .filter(|l| l.finding.level == level)
                .count()
        };
        self.summary.errors = count(Level::Error);
        self.summary.warnings = count(Level::Warning);
        self.summary.infos = count(Level::Info);
        self.summary.held_back = self.held.len();
        self.summary.only = paths.to_vec();
    }
}

/// Loads the files and runs every rule.
pub fn check(
    files: Vec<RawFile>,
    config: &Config,
    as_of: Date,
    evidence: &Evidence,
) -> CheckReport {
    check_loaded(
        load(files, &config.limits.yaml),
        config,
        as_of,
        evidence,
        None,
    )
}

/// Runs every rule on a loaded plan; with the plan at a base revision, `lowered-target`
/// too.
pub fn check_loaded(
    mut loaded: Loaded,
    config: &Config,
    as_of: Date,
    evidence: &Evidence,
    base: Option<&Plan>,
) -> CheckReport {
    let Judged {
        findings,
        held,
        analysis,
    } = judge(
        &loaded.plan,
        &loaded.decls,
        &loaded.damage,
        std::mem::take(&mut loaded.findings),
        Sink::new(&config.rules),
        as_of,
        evidence,
        base,
    );
    let locate = |finding: crate::finding::Finding| {
        let at = finding.at.as_ref().and_then(|a| loaded.sources.locate(a));
        let related = finding
            .related
            .iter()
            .map(|r| (r.message.clone(), loaded.sources.locate(&r.at)))
            .collect();
        Located {
            finding,
            at,
            related,
            status: None,
        }
    };
    let held: Vec<Located> = held.into_iter().map(locate).collect();
    let held_back = held.len();
    let mut located: Vec<Located> = findings.into_par_iter().map(locate).collect();
    located.sort_by(|a, b| {
        let key = |l: &Located| {
            (
                order(&l.finding),
                l.at.as_ref().map(|p| (p.file_index, p.line, p.column)),
                l.finding.rule,
            )
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.finding.entity.cmp(&b.finding.entity))
    });

    let plan = &loaded.plan;
    let count = |level| located.iter().filter(|l| l.finding.level == level).count();
    let summary = Summary {
        files: loaded.sources.files.len(),
        documents: loaded.sources.docs.len(),
        goals: plan.goals.len(),
        objectives: plan.objectives.len(),
        key_results: plan.key_results().count(),
        projects: plan.projects.len(),
        errors: count(Level::Error),
        warnings: count(Level::Warning),
        infos: count(Level::Info),
        held_back,
        only: Vec::new(),
        undated: (!analysis.history).then(|| undated(plan, &analysis, as_of)),
    };
    CheckReport {
        loaded,
        findings: located,
        summary,
        analysis,
        as_of,
        base: None,
        held,
    }
}

/// What a check of the plan at a base revision keeps: the identity of each finding it
/// shows (to mark the plan's findings new or existing) and its alignment score.
#[derive(Debug)]
pub struct AtBase {
    pub keys: Vec<Key>,
    pub alignment: AlignmentScore,
}

/// Every rule on the plan at a base revision, as [`check_loaded`] runs them, keeping
/// only what a comparison reads: findings are not placed on their lines nor sorted.
/// With the reach of the change, the entity-local rules speak only of what it reaches:
/// elsewhere the plan's findings of those rules were there before ([`there_before`]).
pub fn check_base(
    loaded: &Loaded,
    config: &Config,
    as_of: Date,
    evidence: &Evidence,
    reached: Option<&Reached>,
) -> AtBase {
    let Judged {
        findings, analysis, ..
    } = judge(
        &loaded.plan,
        &loaded.decls,
        &loaded.damage,
        loaded.findings.clone(),
        // Only the findings' identities are read: they go unworded.
        Sink::unworded(&config.rules).reaching(reached),
        as_of,
        evidence,
        None,
    );
    let sources = &loaded.sources;
    let file = |finding: &Finding| -> Option<&str> {
        let index = sources.file_of(finding.at.as_ref()?)?;
        sources.files.get(index).map(|f| f.path.as_str())
    };
    AtBase {
        keys: findings.par_iter().map(|f| key_of(f, file(f))).collect(),
        alignment: analysis.alignment,
    }
}

/// Whether the plan at a base judged within `reached` ([`check_base`]) has `finding` as
/// the plan has it: a finding of an entity-local rule about an entity the change does
/// not reach.
pub fn there_before(reached: Option<&Reached>, finding: &Finding) -> bool {
    reached.is_some_and(|reached| {
        rules::ENTITY_LOCAL.contains(&finding.rule)
            && finding
                .entity
                .as_ref()
                .is_some_and(|e| !reached.contains(e))
    })
}

/// The findings of a loaded plan, levels applied, not yet placed in files.
pub struct Judged {
    /// What the plan shows, in the order the rules found it.
    pub findings: Vec<Finding>,
    /// Findings that exist only through another mistake (see [`Summary::held_back`]).
    pub held: Vec<Finding>,
    pub analysis: Analysis,
}

/// Every rule on a loaded plan, as `check` runs them: the findings of reading first,
/// then the structural rules (beside the analysis, on both cores), the measured ones,
/// and `lowered-target` against a base; then what exists only through another mistake
/// is held back. The one judgement `check` and the language server share. The findings
/// go into `sink`, which holds the configured levels and whether they are worded.
#[allow(clippy::too_many_arguments)] // the loaded plan in parts: the server keeps it so
pub fn judge(
    plan: &Plan,
    decls: &[IdDecl],
    damage: &Damage,
    read: Vec<Finding>,
    mut sink: Sink,
    as_of: Date,
    evidence: &Evidence,
    base: Option<&Plan>,
) -> Judged {
    sink.extend(read);
    let tolerance = sink.settings().options(Rule::KrOffTrack).tolerance;
    // Both cores: the structural rules need no analysis.
    let (analysis, structural) = rayon::join(
        || crate::measure::analyze(plan, as_of, tolerance, evidence),
        || {
            let mut structural = sink.beside();
            rules::run_structural(plan, decls, &mut structural);
            structural.into_findings()
        },
    );
    sink.append(structural);
    let ctx = Context {
        plan,
        analysis: &analysis,
        as_of,
    };
    rules::run_measured(&ctx, &mut sink);
    if let Some(base) = base {
        rules::lowered_target::check(base, plan, &mut sink);
    }
    let (findings, held) = holdback::hold_back(sink.into_findings(), plan, damage);
    Judged {
        findings,
        held,
        analysis,
    }
}

/// Where a finding stands in the output: what stops the plan from being read first,
/// then the other errors, warnings and infos, and the gate last, as the summary of
/// what pulls the score down.
fn order(finding: &crate::finding::Finding) -> u8 {
    match (finding.rule, finding.level) {
        (Rule::Gate, _) => 6,
        (Rule::Input, _) => 0,
        (Rule::Schema, _) => 1,
        (_, Level::Error) => 2,
        (_, Level::Warning) => 3,
        (_, Level::Info) => 4,
        (_, Level::Off) => 5,
    }
}

/// Key results of active objectives whose period has started, with a value, not done,
/// and no check-in: what `stale-kr` would date by git history, were there one.
fn undated(plan: &Plan, analysis: &Analysis, as_of: Date) -> usize {
    plan.key_results()
        .filter(|(o, _)| o.is_active() && o.period.as_ref().is_none_or(|p| p.start <= as_of))
        .filter(|(_, kr)| {
            analysis.key_result(&kr.id).is_some_and(|m| {
                m.value.is_some()
                    && m.last_update.is_none()
                    && m.track != crate::measure::progress::Track::Done
            })
        })
        .count()
}

#[cfg(test)]
mod tests;
