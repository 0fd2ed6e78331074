//! `bearing diff` for people: the impact first (what a reviewer must see), then every
//! change, field by field.

use std::io::{self, Write};

use jiff::civil::Date;

use super::changes::{lowered_words, write_human};
use super::visible;
use crate::change::diff::{ChangeKind, PlanDiff};
use crate::change::impact::Impact;
use crate::change::snapshot::Side;
use crate::change::state::FileProblem;
use crate::format::{number, quantity, signed};
use crate::measure::alignment::{AlignmentScore, Weighting};
use crate::vocab::Revision;

/// Everything a diff renderer shows.
#[derive(Debug)]
pub(crate) struct DiffView<'a> {
    pub base: Revision,
    pub head: Revision,
    pub as_of: Date,
    pub diff: &'a PlanDiff,
    pub impact: &'a Impact,
    /// Files that could not be read on either side: the diff is incomplete.
    pub problems: Vec<(Side, FileProblem)>,
}

/// `92.0%`, or `n/a` without a project in play.
pub(crate) fn score(a: &AlignmentScore) -> String {
    match a.score {
        Some(s) => crate::format::percent(s),
        None => "n/a".to_owned(),
    }
}

/// `alignment 92.0% → 81.0% (by planned budget; 11 → 9 of 12 projects aligned)`.
pub(crate) fn alignment_line(i: &Impact) -> String {
    let (b, a) = (&i.alignment.before, &i.alignment.after);
    let weighting = |w: Weighting| match w {
        Weighting::Budget => "by planned budget",
        Weighting::Count => "by count",
    };
    let how = if b.weighting == a.weighting {
        weighting(a.weighting).to_owned()
    } else {
        format!("{} → {}", weighting(b.weighting), weighting(a.weighting))
    };
    format!(
        "alignment {} → {} ({how}; {} of {} → {} of {} active or proposed projects aligned)",
        score(b),
        score(a),
        b.aligned,
        b.in_play,
        a.aligned,
        a.in_play
    )
}

pub(crate) fn human(view: &DiffView, out: &mut dyn Write) -> io::Result<()> {
    let escape = |s: &str| visible(s).replace('\n', " ");
    let (d, i) = (view.diff, view.impact);
    writeln!(out, "{} → {}", view.base.label(), view.head.label())?;
    if d.changes.is_empty() && d.moves.is_empty() {
        writeln!(out, "no semantic change to the plan")?;
    }
    writeln!(out, "\nimpact")?;
    writeln!(out, "  {}", alignment_line(i))?;
    for l in &i.lowered_targets {
        let of = l
            .objective
            .as_ref()
            .map(|o| format!(" of `{o}`"))
            .unwrap_or_default();
        writeln!(
            out,
            "  lowered target: {} `{}`{of}: {} → {} ({})",
            l.kind.noun(),
            l.id,
            escape(&quantity(l.lowering.from, l.unit.as_deref())),
            escape(&quantity(l.lowering.to, l.unit.as_deref())),
            lowered_words(&l.lowering)
        )?;
    }
    for p in &i.newly_orphaned {
        let why = p
            .why
            .as_deref()
            .map(|w| format!(": {w}"))
            .unwrap_or_default();
        let new = if p.added { " (new)" } else { "" };
        writeln!(
            out,
            "  newly orphaned: project `{}`{new}{}",
            p.id,
            escape(&it(&why, p.id.as_str()))
        )?;
    }
    for o in &i.newly_orphaned_objectives {
        let why = o
            .why
            .as_deref()
            .map(|w| format!(": {w}"))
            .unwrap_or_default();
        let new = if o.added { " (new)" } else { "" };
        writeln!(
            out,
            "  newly orphaned: objective `{}`{new}{}",
            o.id,
            escape(&it(&why, o.id.as_str()))
        )?;
    }
    for p in &i.newly_aligned {
        writeln!(out, "  newly aligned: project `{}`", p.id)?;
    }
    for s in &i.left_without_projects {
        let had: Vec<String> = s.projects_before.iter().map(|p| format!("`{p}`")).collect();
        writeln!(
            out,
            "  left without active or proposed projects: {} `{}` (had {})",
            s.kind.noun(),
            s.id,
            had.join(", ")
        )?;
    }
    for s in &i.slipped {
        writeln!(
            out,
            "  slipped: {} `{}` {} {} → {} (+{})",
            s.kind.noun(),
            s.id,
            s.field,
            s.from,
            s.to,
            crate::format::count(usize::try_from(s.days).unwrap_or(0), "day", "days")
        )?;
    }
    for b in &i.budgets {
        let amount = |v: Option<f64>| v.map_or("—".to_owned(), number);
        let delta = b
            .delta
            .map(|d| format!(" ({})", signed(d)))
            .unwrap_or_default();
        writeln!(
            out,
            "  budget: project `{}` planned {} → {}{}{delta}",
            b.id,
            amount(b.from),
            amount(b.to),
            b.currency
                .as_deref()
                .map(|c| format!(" {}", escape(c)))
                .unwrap_or_default()
        )?;
    }
    for t in &i.budget_totals {
        writeln!(
            out,
            "  planned budget of active and proposed projects{}: {} → {} ({})",
            t.currency
                .as_deref()
                .map(|c| format!(" ({})", escape(c)))
                .unwrap_or_default(),
            number(t.from),
            number(t.to),
            signed(t.delta)
        )?;
    }
    if !d.changes.is_empty() || !d.moves.is_empty() {
        writeln!(
            out,
            "\nchanges ({} added, {} removed, {} changed, {} moved)",
            d.count(ChangeKind::Added),
            d.count(ChangeKind::Removed),
            d.count(ChangeKind::Changed),
            d.moves.len()
        )?;
    }
    write_human(&d.changes, &d.moves, &escape, out)?;
    if !view.problems.is_empty() {
        writeln!(
            out,
            "\nfiles that could not be read (the diff is incomplete):"
        )?;
        for (side, p) in &view.problems {
            let rev = match side {
                Side::Base => &view.base,
                Side::Head => &view.head,
            };
            writeln!(
                out,
                "  {}:{}: {}",
                rev.rev,
                escape(&p.path),
                escape(&p.message)
            )?;
        }
    }
    Ok(())
}

/// `: `P` traces to …` after the line has named `P`: `: it traces to …`.
fn it(why: &str, id: &str) -> String {
    why.replace(&format!("`{id}` "), "it ")
}
