//! `kr-off-track` and `stale-kr`: outcomes measured against the calendar.

use std::borrow::Cow;

use super::Context;
use crate::finding::{Anchor, Finding, Sink, words};
use crate::format::{count, percent, points, quantity};
use crate::measure::progress::Track;
use crate::model::period::days_between;
use crate::vocab::Rule;

pub(super) fn check(ctx: &Context, sink: &mut Sink) {
    let (plan, analysis) = (ctx.plan, ctx.analysis);
    let tolerance = sink.settings().options(Rule::KrOffTrack).tolerance;
    let stale_days = i64::from(sink.settings().options(Rule::StaleKr).days);
    for (o, kr) in plan.key_results() {
        if !o.is_active() || !sink.reaches(&kr.id) {
            continue;
        }
        let Some(m) = analysis.key_result(&kr.id) else {
            continue;
        };
        if let (Some(progress), Some(expected)) = (m.progress, m.expected) {
            if progress < 1.0 && expected - progress > tolerance {
                let unit = kr.metric.unit.as_deref();
                let way = match (kr.metric.baseline, kr.metric.target, m.value) {
                    (Some(b), Some(t), Some(v)) => words!(
                        sink,
                        " of the way from {} to {} (it is at {})",
                        quantity(b, unit),
                        quantity(t, unit),
                        quantity(v, unit)
                    ),
                    _ => " of the way to its target".to_owned(),
                };
                sink.push(
                    Finding::new(
                        Rule::KrOffTrack,
                        words!(sink,
                            "key result `{}` has come {}{way}, where {} was expected by {} (tolerance {})",
                            kr.id,
                            percent(progress),
                            percent(expected),
                            ctx.as_of,
                            points(tolerance)
                        ),
                    )
                    .entity(&kr.id)
                    .at(Anchor::key(kr.origin.doc, kr.origin.field(if kr.metric.current.is_some() { "current" } else { "id" })))
                    .help("update `current:` if it is out of date; otherwise plan how to recover, or re-scope the key result in review"),
                );
            }
        }
        let started = o.period.as_ref().is_none_or(|p| p.start <= ctx.as_of);
        let has_value = m.value.is_some();
        if !started || !has_value || m.track == Track::Done {
            continue;
        }
        let message = match m.last_update {
            // Older than the window git history is read for: not dated, only bounded.
            Some(u) if u.before => words!(
                sink,
                "key result `{}` has not been updated for more than {}: no check-in and no commit of `current` since {}",
                kr.id,
                count(usize::try_from(stale_days).unwrap_or(0), "day", "days"),
                u.date
            ),
            Some(u) if days_between(u.date, ctx.as_of) > stale_days => words!(
                sink,
                "key result `{}` was last updated {} ago ({}, {}); the limit is {}",
                kr.id,
                count(
                    usize::try_from(days_between(u.date, ctx.as_of)).unwrap_or(0),
                    "day",
                    "days"
                ),
                u.date,
                if u.source == "git" {
                    "a commit"
                } else {
                    "a check-in"
                },
                count(usize::try_from(stale_days).unwrap_or(0), "day", "days")
            ),
            Some(_) => continue,
            // Outside git only check-ins date a key result: one without any is counted
            // in the summary, which says why, rather than reported one by one.
            None if !analysis.history => continue,
            None => words!(
                sink,
                "key result `{}` has no recorded update: no check-in and no commit of `current`",
                kr.id
            ),
        };
        let help =
            "add a check-in (`checkins: [{date, value}]`) or commit the new `current:` value";
        let help = if m.last_update.is_some_and(|u| u.before) {
            Cow::Owned(words!(
                sink,
                "{help}; `bearing log {}` shows when it last changed",
                kr.id
            ))
        } else {
            Cow::Borrowed(help)
        };
        sink.push(
            Finding::new(Rule::StaleKr, message)
                .entity(&kr.id)
                .at(Anchor::key(kr.origin.doc, kr.origin.field("id")))
                .help(help),
        );
    }
}
