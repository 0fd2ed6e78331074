//! The template environments. Templates live in `templates/` at the top of the
//! repository, are compiled into the binary, and can be replaced file by file
//! (`--templates DIR` or `report.templates`). Contexts are typed structs.
//!
//! Escaping depends on what a template produces, never on its name (docs/threat-model.md H7):
//! every template of the HTML environment is HTML-escaped — `report.HTML` and
//! `x.md.j2` included — and every template of the Markdown environment escapes user
//! text for Markdown (H8). Text made by bearing (SVG, sanitised descriptions, numbers)
//! is marked safe explicitly.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, escape_formatter};

use super::markdown as md;
use crate::format;

/// Built-in templates and assets: (file name, content).
pub const EMBEDDED: &[(&str, &str)] = &[
    ("report.md.j2", include_str!("../../templates/report.md.j2")),
    (
        "layout.html.j2",
        include_str!("../../templates/layout.html.j2"),
    ),
    (
        "macros.html.j2",
        include_str!("../../templates/macros.html.j2"),
    ),
    (
        "index.html.j2",
        include_str!("../../templates/index.html.j2"),
    ),
    ("goal.html.j2", include_str!("../../templates/goal.html.j2")),
    (
        "objective.html.j2",
        include_str!("../../templates/objective.html.j2"),
    ),
    (
        "project.html.j2",
        include_str!("../../templates/project.html.j2"),
    ),
    (
        "changes.html.j2",
        include_str!("../../templates/changes.html.j2"),
    ),
    (
        "review.html.j2",
        include_str!("../../templates/review.html.j2"),
    ),
    ("style.css", include_str!("../../templates/style.css")),
];

/// Replacement files by name, read from a templates folder.
pub type Overrides = BTreeMap<String, String>;

/// The content of a template or asset: the override when there is one.
pub fn source<'a>(name: &str, overrides: &'a Overrides) -> Option<&'a str> {
    overrides.get(name).map(String::as_str).or_else(|| {
        EMBEDDED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, content)| *content)
    })
}

/// The escaping mode of Markdown templates.
const MARKDOWN: &str = "markdown";

/// An environment for the HTML site. `links` maps entity ids to page addresses, for the
/// `ticked` filter.
pub fn html(overrides: &Overrides, links: Arc<HashMap<String, String>>) -> Environment<'static> {
    let mut env = base(overrides);
    // Whatever a template is called, its output is HTML: escape it (H7).
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_formatter(|out, state, value| {
        if value.is_none() || value.is_undefined() {
            return Ok(());
        }
        escape_formatter(out, state, value)
    });
    env.add_filter("ticked", move |text: &str| {
        Value::from_safe_string(ticked_html(text, &links))
    });
    env
}

/// An environment for Markdown output.
pub fn markdown(overrides: &Overrides) -> Environment<'static> {
    let mut env = base(overrides);
    env.set_auto_escape_callback(|_| AutoEscape::Custom(MARKDOWN.into()));
    env.set_formatter(|out, state, value| {
        if value.is_none() || value.is_undefined() {
            return Ok(());
        }
        match state.auto_escape() {
            AutoEscape::Custom(mode) if mode == MARKDOWN => {
                if value.is_safe() || value.is_number() {
                    write!(out, "{value}").map_err(minijinja::Error::from)
                } else {
                    out.write_str(&md::escape(&value.to_string()))
                        .map_err(minijinja::Error::from)
                }
            }
            _ => escape_formatter(out, state, value),
        }
    });
    env.add_filter("ticked", |text: &str| {
        Value::from_safe_string(md::ticked(text))
    });
    // An id as a code span; anything else that is not an id, escaped as text.
    env.add_filter("code", |text: &str| {
        Value::from_safe_string(if md::is_plain_id(text) {
            format!("`{text}`")
        } else {
            md::escape(text)
        })
    });
    env
}

/// The most template instructions one page may take when templates are overridden:
/// an override comes with the repository, so from pull requests too, and a loop over
/// `range(10000)` inside another must end in an error, not in all the memory there is.
/// The built-in templates render within it on both bench workloads (12,200 pages, and
/// 5,000 commits of history on the changes page).
pub const OVERRIDE_FUEL: u64 = 10_000_000;

/// Loader, strictness and the number filters both environments share.
fn base(overrides: &Overrides) -> Environment<'static> {
    let mut env = Environment::new();
    if !overrides.is_empty() {
        env.set_fuel(Some(OVERRIDE_FUEL));
    }
    let overrides = overrides.clone();
    env.set_loader(move |name| Ok(source(name, &overrides).map(str::to_owned)));
    // A misspelt field is an error, not an empty cell: templates test optional fields
    // with `is defined` / `is none` (contexts leave them out when empty).
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // The error then names what was undefined ("`g.titel` is undefined"), in a release
    // build too (minijinja turns this on in debug builds only, so tests saw it and users
    // did not). It costs only when a template fails.
    env.set_debug(true);
    // Block tags on their own lines leave no blank lines behind.
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env.add_filter("pct", |v: Option<f64>| {
        safe(v.map_or_else(|| "—".to_owned(), format::percent))
    });
    // `pct1` was the headline's one-decimal percentage; every percentage now follows one
    // rule, and the name stays for templates that users override.
    env.add_filter("pct1", |v: Option<f64>| {
        safe(v.map_or_else(|| "—".to_owned(), format::percent))
    });
    env.add_filter("signed_pct", |v: Option<f64>| {
        safe(v.map_or_else(|| "—".to_owned(), format::signed_percent))
    });
    // A change of a share in percentage points: `+12.5 pts`, not a relative `+12.5%`.
    env.add_filter("points", |v: Option<f64>| {
        safe(v.map_or_else(
            || "—".to_owned(),
            |d| {
                let p = format::signed_percent(d);
                format!("{} pts", p.trim_end_matches('%'))
            },
        ))
    });
    env.add_filter("num", |v: Option<f64>| {
        safe(v.map_or_else(|| "—".to_owned(), format::number))
    });
    env.add_filter("bar", |v: Option<f64>| safe(text_bar(v)));
    // What follows a number for its unit: `%` as it is, any other unit after a space.
    // Not marked safe: a unit is user text, escaped like any other.
    env.add_filter("unit", |u: Option<String>| {
        format::unit_suffix(u.as_deref())
    });
    env
}

fn safe(text: String) -> Value {
    Value::from_safe_string(text)
}

/// A ten-cell text progress bar for Markdown: `▓▓▓░░░░░░░`.
fn text_bar(progress: Option<f64>) -> String {
    let Some(p) = progress else {
        return "░".repeat(10);
    };
    let filled = (p.clamp(0.0, 1.0) * 10.0).round() as usize;
    format!("{}{}", "▓".repeat(filled), "░".repeat(10 - filled))
}

/// A message from bearing (`` `P-crm` traces to `O-cx` ``) as HTML: backticked ids
/// become code, linked to their page when they have one; all else is escaped.
pub fn ticked_html(text: &str, links: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, part) in text.split('`').enumerate() {
        let code = i % 2 == 1;
        if code && md::is_plain_id(part) {
            match links.get(part) {
                Some(href) => out.push_str(&format!(
                    r#"<a href="{}"><code>{}</code></a>"#,
                    super::svg::escape(href),
                    super::svg::escape(part)
                )),
                None => out.push_str(&format!("<code>{}</code>", super::svg::escape(part))),
            }
        } else {
            if code {
                out.push('`');
            }
            out.push_str(&super::svg::escape(part));
            if code {
                out.push('`');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_html_template_is_escaped_whatever_its_name() {
        for name in ["report.HTML", "x.md.j2", "page.txt", "index.html.j2"] {
            let mut overrides = Overrides::new();
            overrides.insert(name.to_owned(), "<p>{{ title }}</p>".to_owned());
            let env = html(&overrides, Arc::default());
            let out = env
                .get_template(name)
                .and_then(|t| t.render(minijinja::context! { title => "\"><script>x</script>'" }))
                .expect("renders");
            assert_eq!(
                out, "<p>&quot;&gt;&lt;script&gt;x&lt;&#x2f;script&gt;&#x27;</p>",
                "{name}"
            );
        }
    }

    #[test]
    fn every_markdown_template_escapes_user_text() {
        for name in ["report.md.j2", "x.md.j2", "report.HTML"] {
            let mut overrides = Overrides::new();
            overrides.insert(name.to_owned(), "| {{ title }} | {{ n }} |".to_owned());
            let env = markdown(&overrides);
            let out = env
                .get_template(name)
                .and_then(|t| t.render(minijinja::context! { title => "a|b\n<b>*c*</b>", n => 3 }))
                .expect("renders");
            assert_eq!(out, r"| a\|b \<b\>\*c\*\</b\> | 3 |", "{name}");
        }
    }

    #[test]
    fn ticked_ids_become_links() {
        let mut links = HashMap::new();
        links.insert("O-cx".to_owned(), "objective-O-cx.html".to_owned());
        assert_eq!(
            ticked_html("`P-crm` traces to `O-cx` <b>", &links),
            r#"<code>P-crm</code> traces to <a href="objective-O-cx.html"><code>O-cx</code></a> &lt;b&gt;"#
        );
        assert_eq!(ticked_html("`a b` c", &links), "`a b` c");
    }
}
