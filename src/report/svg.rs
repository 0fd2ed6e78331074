//! Charts as inline SVG, drawn by bearing: progress bars, the delivery-versus-impact
//! chart and key-result trends. No script, no external resource; colours come from
//! classes that `style.css` sets for light, dark and print. Every chart has a `<title>`
//! and a `<desc>`; user text is escaped here, since it bypasses the template engine.

use std::fmt::Write as _;

use crate::format::percent;
use crate::measure::delivery::{NO_IMPACT_BELOW, Quadrant};
use crate::measure::progress::Track;

mod trend;

pub use trend::{Sample, Trend, trend_chart};

/// Escapes text for SVG/HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The start of a bar: its frame, labelled for screen readers, and its empty track.
fn bar_frame(label: &str) -> String {
    format!(
        r#"<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="{label}"><title>{label}</title><rect class="bar-bg" x="0" y="0" width="100" height="10" rx="2"/>"#,
        label = escape(label)
    )
}

/// A horizontal bar: progress filled, a tick where progress is expected by now.
pub fn progress_bar(progress: Option<f64>, expected: Option<f64>, track: Track) -> String {
    let mut label = match progress {
        Some(p) => format!("{} done", percent(p)),
        None => "not measured".to_owned(),
    };
    if let Some(e) = expected {
        let _ = write!(label, ", {} expected by now", percent(e));
    }
    let _ = write!(label, " ({})", track.as_str());
    let mut svg = bar_frame(&label);
    if let Some(p) = progress {
        let _ = write!(
            svg,
            r#"<rect class="bar-fill track-{}" x="0" y="0" width="{:.1}" height="10" rx="2"/>"#,
            track.as_str(),
            p.clamp(0.0, 1.0) * 100.0
        );
    }
    if let Some(e) = expected {
        let x = e.clamp(0.0, 1.0) * 100.0;
        let _ = write!(
            svg,
            r#"<line class="bar-expected" x1="{x:.1}" y1="0" x2="{x:.1}" y2="10"/>"#
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A progress bar with a ghost of an earlier value (the progress at the last review):
/// the ghost is drawn first, faint, and the bar over it, so that a gain shows as the
/// solid part past the ghost and a loss as the ghost past the bar.
pub fn progress_bar_since(before: Option<f64>, after: Option<f64>, track: Track) -> String {
    let words = |p: Option<f64>| p.map_or_else(|| "not measured".to_owned(), percent);
    let label = format!(
        "{} at the last review, {} now ({})",
        words(before),
        words(after),
        track.as_str()
    );
    let mut svg = bar_frame(&label);
    if let Some(b) = before {
        let _ = write!(
            svg,
            r#"<rect class="bar-ghost" x="0" y="0" width="{:.1}" height="10" rx="2"/>"#,
            b.clamp(0.0, 1.0) * 100.0
        );
    }
    if let Some(a) = after {
        let _ = write!(
            svg,
            r#"<rect class="bar-fill track-{}" x="0" y="2.5" width="{:.1}" height="5" rx="1"/>"#,
            track.as_str(),
            a.clamp(0.0, 1.0) * 100.0
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One project on the delivery-versus-impact chart.
#[derive(Debug, Clone)]
pub struct ImpactPoint {
    pub id: String,
    pub title: String,
    pub href: String,
    pub delivered: bool,
    /// How far delivery has come, in [0, 1], for projects not yet delivered.
    pub delivery: f64,
    /// What `delivery` is measured by, in words: "2 of 3 deliverables done".
    pub basis: String,
    /// Its number on the chart and in the key beside it.
    pub number: usize,
    pub impact: Option<f64>,
    pub outcome: Quadrant,
}

/// The size of a chart and the margins around its plot area, in SVG units.
#[derive(Debug, Clone, Copy)]
struct Frame {
    width: f64,
    height: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

/// The delivery-versus-impact chart: room on the left and below for the axis labels.
const IMPACT_FRAME: Frame = Frame {
    width: 640.0,
    height: 380.0,
    left: 56.0,
    right: 16.0,
    top: 16.0,
    bottom: 56.0,
};

/// A key result's trend: room on the left for the value ticks.
const TREND_FRAME: Frame = Frame {
    width: 520.0,
    height: 220.0,
    left: 64.0,
    right: 16.0,
    top: 14.0,
    bottom: 34.0,
};
/// The share of the plot width given to projects still in flight; the rest, after a
/// gap, is the "delivered" column.
const IN_FLIGHT_SHARE: f64 = 0.68;
/// Beyond this many points, labels would only cover each other: each point keeps its
/// `<title>` and link.
const MAX_LABELS: usize = 60;
const DELIVERED_FROM: f64 = 0.76;

/// The delivery-versus-impact chart: in-flight projects by delivery progress on the
/// left, delivered ones in a column on the right, impact upwards; the "delivered, no
/// impact" cell shaded and named.
pub fn delivery_impact_chart(points: &[ImpactPoint]) -> String {
    let Frame {
        width,
        height,
        left,
        right,
        top,
        bottom,
    } = IMPACT_FRAME;
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let x_of = |share: f64| left + share * plot_w;
    let y_of = |impact: f64| top + (1.0 - impact.clamp(0.0, 1.0)) * plot_h;
    let no_impact = delivered_no_impact(points);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart impact-chart" viewBox="0 0 {width} {height}" role="group" aria-labelledby="dvi-title dvi-desc"><title id="dvi-title">Delivery versus impact</title><desc id="dvi-desc">Each project placed by how far its delivery has come (left: in flight, by its deliverables done, else its budget spent, else its time elapsed; right column: delivered) and by its impact, the progress of what it contributes to. {n} delivered with no impact: {names}. The table after the chart lists every point.</desc>"#,
        n = no_impact.len(),
        names = if no_impact.is_empty() {
            "none".to_owned()
        } else {
            escape(&no_impact.join(", "))
        }
    );
    // The cell that matters most, drawn first so points sit on top of it.
    let (cx0, cx1) = (x_of(DELIVERED_FROM), x_of(1.0));
    let (cy0, cy1) = (y_of(NO_IMPACT_BELOW), y_of(0.0));
    let _ = write!(
        svg,
        r#"<rect class="zone-no-impact" x="{cx0:.1}" y="{cy0:.1}" width="{:.1}" height="{:.1}"/><text class="zone-label" x="{:.1}" y="{:.1}" text-anchor="middle">delivered, no impact</text>"#,
        cx1 - cx0,
        cy1 - cy0,
        (cx0 + cx1) / 2.0,
        cy1 - 6.0
    );
    // Axes and the two columns.
    let _ = write!(
        svg,
        r#"<line class="axis" x1="{left}" y1="{top}" x2="{left}" y2="{b:.1}"/><line class="axis" x1="{left}" y1="{b:.1}" x2="{r:.1}" y2="{b:.1}"/><line class="divider" x1="{d:.1}" y1="{top}" x2="{d:.1}" y2="{b:.1}"/><line class="threshold" x1="{left}" y1="{t:.1}" x2="{r:.1}" y2="{t:.1}"/>"#,
        b = height - bottom,
        r = width - right,
        d = x_of((IN_FLIGHT_SHARE + DELIVERED_FROM) / 2.0),
        t = y_of(NO_IMPACT_BELOW),
    );
    for tick in [0.0, NO_IMPACT_BELOW, 0.5, 0.75, 1.0] {
        let _ = write!(
            svg,
            r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            left - 6.0,
            y_of(tick) + 4.0,
            percent(tick)
        );
    }
    let base = height - bottom;
    let _ = write!(
        svg,
        r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="start">0%</text><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">100%</text><text class="axis-label" x="{:.1}" y="{:.1}" text-anchor="middle">in flight: deliverables done, else budget spent, else time elapsed</text><text class="axis-label" x="{:.1}" y="{:.1}" text-anchor="middle">delivered</text><text class="axis-label" transform="translate(14 {:.1}) rotate(-90)" text-anchor="middle">impact</text>"#,
        left,
        base + 16.0,
        x_of(IN_FLIGHT_SHARE),
        base + 16.0,
        x_of(IN_FLIGHT_SHARE / 2.0),
        base + 38.0,
        (cx0 + cx1) / 2.0,
        base + 38.0,
        top + plot_h / 2.0
    );

    // Positions first, so that labels can keep clear of every point, not only of the
    // points drawn before them.
    let delivered_count = points.iter().filter(|p| p.delivered).count();
    let mut delivered_index = 0usize;
    let positions: Vec<(f64, f64)> = points
        .iter()
        .map(|p| {
            let x = if p.delivered {
                // Spread delivered projects across their column so they do not overlap.
                let slot = (delivered_index as f64 + 1.0) / (delivered_count as f64 + 1.0);
                delivered_index += 1;
                x_of(DELIVERED_FROM + slot * (1.0 - DELIVERED_FROM))
            } else {
                x_of(p.delivery.clamp(0.0, 1.0) * IN_FLIGHT_SHARE)
            };
            (x, y_of(p.impact.unwrap_or(0.0)))
        })
        .collect();
    let mut placed: Vec<Rect> = positions
        .iter()
        .map(|&(x, y)| Rect {
            x0: x - 7.0,
            y0: y - 7.0,
            x1: x + 7.0,
            y1: y + 7.0,
        })
        .collect();
    for (p, &(x, y)) in points.iter().zip(&positions) {
        let class = format!(
            "point outcome-{}{}",
            outcome_class(p.outcome),
            if p.impact.is_none() { " unknown" } else { "" }
        );
        let impact = p.impact.map_or("impact unknown".to_owned(), |i| {
            format!("impact {}", percent(i))
        });
        let _ = write!(
            svg,
            r#"<a href="{href}" aria-label="{number}. {id}: {title} — {label}; {basis}; {impact}"><circle class="{class}" cx="{x:.1}" cy="{y:.1}" r="6"><title>{number}. {id}: {title} — {label}; {basis}; {impact}</title></circle>"#,
            href = escape(&p.href),
            number = p.number,
            id = escape(&p.id),
            title = escape(&p.title),
            label = p.outcome.label(),
            basis = escape(&p.basis),
        );
        // A number, not the id: short labels collide less, and the key beside the chart
        // names each project in full.
        if points.len() <= MAX_LABELS {
            let text = p.number.to_string();
            let (lx, ly, anchor) = place_label(&text, x, y, &mut placed);
            let _ = write!(
                svg,
                r#"<text class="point-label" x="{lx:.1}" y="{ly:.1}" text-anchor="{anchor}" aria-hidden="true">{text}</text>"#
            );
        }
        svg.push_str("</a>");
    }
    svg.push_str("</svg>");
    svg
}

fn delivered_no_impact(points: &[ImpactPoint]) -> Vec<String> {
    points
        .iter()
        .filter(|p| p.outcome == Quadrant::DeliveredNoImpact)
        .map(|p| p.id.clone())
        .collect()
}

pub fn outcome_class(outcome: Quadrant) -> &'static str {
    match outcome {
        Quadrant::DeliveredWithImpact => "delivered-with-impact",
        Quadrant::DeliveredNoImpact => "delivered-no-impact",
        Quadrant::InFlightWithImpact => "in-flight-with-impact",
        Quadrant::InFlight => "in-flight",
        Quadrant::Proposed => "proposed",
        Quadrant::Stopped => "stopped",
    }
}

#[derive(Debug, Clone, Copy)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// Puts a point's label beside it where it overlaps no point and no label placed
/// before, trying nearer places first (deterministic: the same plan draws the same
/// chart). When nothing is free, the first place inside the chart wins.
fn place_label(text: &str, x: f64, y: f64, placed: &mut Vec<Rect>) -> (f64, f64, &'static str) {
    let frame = IMPACT_FRAME;
    let width = text.chars().count() as f64 * 6.6;
    let height = 13.0;
    let mut candidates: Vec<(f64, f64, &'static str)> = Vec::new();
    for dy in [0.0, -14.0, 14.0, -28.0, 28.0, -42.0, 42.0] {
        candidates.push((x + 9.0, y + 4.0 + dy, "start"));
        candidates.push((x - 9.0, y + 4.0 + dy, "end"));
        if dy != 0.0 {
            candidates.push((x, y + 4.0 + dy, "middle"));
        }
    }
    let rect_of = |&(lx, ly, anchor): &(f64, f64, &str)| {
        let x0 = match anchor {
            "start" => lx,
            "end" => lx - width,
            _ => lx - width / 2.0,
        };
        Rect {
            x0,
            y0: ly - height + 3.0,
            x1: x0 + width,
            y1: ly + 3.0,
        }
    };
    let fits = |r: &Rect| {
        r.x0 >= frame.left + 2.0
            && r.x1 <= frame.width
            && r.y0 >= 0.0
            && r.y1 <= frame.height - frame.bottom + 14.0
    };
    let chosen = candidates
        .iter()
        .find(|c| {
            let r = rect_of(c);
            fits(&r) && !placed.iter().any(|p| p.overlaps(&r))
        })
        .or_else(|| candidates.iter().find(|c| fits(&rect_of(c))))
        .copied()
        .unwrap_or((x + 9.0, y + 4.0, "start"));
    placed.push(rect_of(&chosen));
    chosen
}

#[cfg(test)]
mod tests;
