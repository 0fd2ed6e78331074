//! Reports of a plan: Markdown for pull requests, JSON for dashboards, and a static
//! HTML site for leadership. All three are renderings of one [`Report`] model, built
//! from a checked plan and, when there is history, an [`Input`] of changes, trends and
//! commits (the report reads no git itself).
//!
//! Layout: [`build`] makes the model; [`markdown`] and [`html`] render it through the
//! [`templates`]; [`svg`] draws charts; [`sanitize`] makes descriptions safe; [`site`]
//! is the only part that touches the disk.

pub mod build;
pub mod compare;
pub mod from_history;
pub mod html;
pub mod input;
pub mod markdown;
pub mod model;
pub mod narrow;
pub mod review;
pub mod sanitize;
pub mod site;
pub mod svg;
pub mod templates;

use std::io::{self, Write};
use std::path::PathBuf;

pub use build::build;
pub use input::{Change, Commit, EditKind, Input, TrendPoint};
pub use model::Report;
pub use templates::Overrides;

/// The version of the report's JSON shape (docs/json-output.md, "Report").
pub const REPORT_VERSION: u32 = 2;

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A template does not parse or fails to render (a mistake in an override).
    #[error("template error: {0}")]
    Template(String),
    #[error("templates folder `{path}`: {message}")]
    Templates { path: PathBuf, message: String },
    #[error("output folder `{path}`: {message}")]
    Output { path: PathBuf, message: String },
}

impl ReportError {
    fn template(e: minijinja::Error) -> ReportError {
        // The alternate form names the template and line.
        let mut message = e.to_string();
        if e.kind() == minijinja::ErrorKind::OutOfFuel {
            message = format!(
                "{message}: an overridden template may take at most {} steps per page, and this one loops further",
                crate::format::number(templates::OVERRIDE_FUEL as f64)
            );
        }
        if let Some(name) = e.name() {
            if !message.contains(name) {
                message = format!("{message} (in `{name}`)");
            }
        }
        ReportError::Template(message)
    }
}

/// The Markdown report, shortened to fit a pull-request comment.
pub fn markdown(report: &Report, overrides: &Overrides) -> Result<String, ReportError> {
    let built_in = !overrides.contains_key("report.md.j2");
    markdown::render(report, &templates::markdown(overrides), built_in)
}

/// The report model as pretty JSON.
pub fn json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    crate::render::pretty_json(out, report)
}

/// Every file of the static site, in memory.
pub fn site(report: &Report, overrides: &Overrides) -> Result<html::Site, ReportError> {
    html::render(report, overrides)
}

/// Every file of the static site handed to `sink` as soon as it is rendered (on any
/// core), and the notes: [`html::render_each`].
pub fn site_each<T: Send>(
    report: &Report,
    overrides: &Overrides,
    sink: impl Fn(html::SiteFile) -> Result<T, ReportError> + Sync,
) -> Result<(Vec<T>, Vec<String>), ReportError> {
    html::render_each(report, overrides, sink)
}
