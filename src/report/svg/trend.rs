//! The trend chart of one key result: its values over time against the line from its
//! baseline to its target.

use std::fmt::Write as _;

use jiff::civil::Date;

use super::{Frame, TREND_FRAME, escape};
use crate::format::number;
use crate::model::period::days_between;

/// One value of a key result at a date.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Sample {
    pub date: Date,
    pub value: f64,
    /// Where it comes from: "check-in", a commit and author.
    pub source: String,
}

/// Everything a trend chart draws.
#[derive(Debug, Clone)]
pub struct Trend<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub unit: Option<&'a str>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    /// The objective's period: the expected-progress line runs from baseline at its
    /// start to target at its end.
    pub period: Option<(Date, Date)>,
    pub as_of: Date,
    /// Oldest first.
    pub samples: &'a [Sample],
}

/// A key result's value over time, with its target and expected-progress lines.
pub fn trend_chart(t: &Trend<'_>) -> String {
    let Frame {
        width,
        height,
        left,
        right,
        top,
        bottom,
    } = TREND_FRAME;
    let first_sample = t.samples.first().map(|s| s.date);
    let last_sample = t.samples.last().map(|s| s.date);
    let starts = [t.period.map(|p| p.0), first_sample];
    let ends = [t.period.map(|p| p.1), last_sample, Some(t.as_of)];
    let x0 = starts.iter().flatten().min().copied().unwrap_or(t.as_of);
    let mut x1 = ends.iter().flatten().max().copied().unwrap_or(t.as_of);
    if x1 <= x0 {
        x1 = x0.tomorrow().unwrap_or(x0);
    }
    let span_days = days_between(x0, x1).max(1) as f64;

    let values = t
        .samples
        .iter()
        .map(|s| s.value)
        .chain(t.baseline)
        .chain(t.target)
        .filter(|v| v.is_finite());
    let (mut lo, mut hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    if hi - lo < 1e-9 {
        (lo, hi) = (lo - 1.0, hi + 1.0);
    }
    let pad = (hi - lo) * 0.08;
    let (lo, hi) = (lo - pad, hi + pad);

    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let x_of = |d: Date| left + days_between(x0, d) as f64 / span_days * plot_w;
    let y_of = |v: f64| top + (hi - v) / (hi - lo) * plot_h;
    let unit = t.unit.map(|u| format!(" {u}")).unwrap_or_default();
    let id = escape(t.id);

    let mut desc = format!("{} values from {x0} to {x1}", t.samples.len());
    if let Some(last) = t.samples.last() {
        let _ = write!(
            desc,
            ", latest {}{unit} on {}",
            number(last.value),
            last.date
        );
    }
    if let Some(target) = t.target {
        let _ = write!(desc, "; target {}{unit}", number(target));
    }
    let mut svg = format!(
        r#"<svg class="chart trend-chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="trend-{id}-title trend-{id}-desc"><title id="trend-{id}-title">{id}: value over time</title><desc id="trend-{id}-desc">{}</desc>"#,
        escape(&desc)
    );
    let bottom = height - bottom;
    let _ = write!(
        svg,
        r#"<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{bottom}"/><line class="axis" x1="{left}" y1="{bottom}" x2="{:.1}" y2="{bottom}"/><text class="tick" x="{left}" y="{:.1}" text-anchor="start">{x0}</text><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{x1}</text>"#,
        width - right,
        bottom + 16.0,
        width - right,
        bottom + 16.0
    );
    let mut ticks: Vec<(f64, &str)> = Vec::new();
    if let Some(b) = t.baseline {
        ticks.push((b, "baseline"));
    }
    if let Some(target) = t.target {
        ticks.push((target, "target"));
    }
    for (v, what) in &ticks {
        let _ = write!(
            svg,
            r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="end"><title>{what}</title>{}</text>"#,
            left - 6.0,
            y_of(*v) + 4.0,
            escape(&number(*v))
        );
    }
    if let Some(target) = t.target {
        let y = y_of(target);
        let _ = write!(
            svg,
            r#"<line class="target-line" x1="{left}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"><title>target {}{}</title></line>"#,
            width - right,
            escape(&number(target)),
            escape(&unit)
        );
    }
    if let (Some((start, end)), Some(b), Some(target)) = (t.period, t.baseline, t.target) {
        let _ = write!(
            svg,
            r#"<line class="expected-line" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"><title>expected progress, {start} to {end}</title></line>"#,
            x_of(start),
            y_of(b),
            x_of(end),
            y_of(target)
        );
    }
    if t.as_of >= x0 && t.as_of <= x1 {
        let x = x_of(t.as_of);
        let _ = write!(
            svg,
            r#"<line class="as-of-line" x1="{x:.1}" y1="{top}" x2="{x:.1}" y2="{bottom}"><title>as of {}</title></line>"#,
            t.as_of
        );
    }
    if t.samples.len() > 1 {
        let path: Vec<String> = t
            .samples
            .iter()
            .map(|s| format!("{:.1},{:.1}", x_of(s.date), y_of(s.value)))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline class="value-line" points="{}"/>"#,
            path.join(" ")
        );
    }
    for s in t.samples {
        let _ = write!(
            svg,
            r#"<circle class="value-point" cx="{:.1}" cy="{:.1}" r="3.5"><title>{}: {}{} ({})</title></circle>"#,
            x_of(s.date),
            y_of(s.value),
            s.date,
            escape(&number(s.value)),
            escape(&unit),
            escape(&s.source)
        );
    }
    svg.push_str("</svg>");
    svg
}
