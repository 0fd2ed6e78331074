//! Markdown descriptions to safe HTML for the site: capped in size and nesting first
//! (ammonia is quadratic in nesting depth, docs/threat-model.md H3/H4), rendered with
//! pulldown-cmark with raw HTML removed (as the schema documents), then sanitised with
//! ammonia all the same (H1). The result holds no script, no event handler, no
//! `javascript:`/`data:` URL, and nothing that loads a resource: images become links,
//! so a page makes no network request.

use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The largest description rendered; larger ones are replaced by a note.
pub const MAX_DESCRIPTION_BYTES: usize = 64 * 1024;

/// The deepest nesting of block quotes, lists and inline markup rendered.
pub const MAX_NESTING: usize = 32;

/// Why a description is not shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DescriptionError {
    #[error("the description is {bytes} bytes and exceeds the {limit} KiB size limit")]
    TooLarge { bytes: usize, limit: usize },
    #[error("Markdown nesting exceeds {0} levels")]
    TooDeep(usize),
}

/// Renders a Markdown description as sanitised HTML. Headings start at `<h3>`: the page
/// owns `<h1>` and `<h2>`.
pub fn markdown_to_html(text: &str) -> Result<String, DescriptionError> {
    markdown_to_html_under(text, 3)
}

/// [`markdown_to_html`] for a description placed where the next heading of the page is
/// at level `top` (2 right under a page's `h1`): the description's headings keep their
/// order but never skip a level, the first at most `top`, so that the page's outline
/// stays whole for screen readers (axe `heading-order`).
pub fn markdown_to_html_under(text: &str, top: u8) -> Result<String, DescriptionError> {
    // A linear scan first, so that 50,000 `>` are refused before any parsing (and named
    // as nesting, whatever their size).
    if container_depth(text) > MAX_NESTING {
        return Err(DescriptionError::TooDeep(MAX_NESTING));
    }
    if text.len() > MAX_DESCRIPTION_BYTES {
        return Err(DescriptionError::TooLarge {
            bytes: text.len(),
            limit: MAX_DESCRIPTION_BYTES / 1024,
        });
    }
    let mut events = Vec::new();
    let mut depth = 0usize;
    for event in Parser::new_ext(text, options()) {
        match &event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(DescriptionError::TooDeep(MAX_NESTING));
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            // Raw HTML is removed, not rendered: descriptions are Markdown.
            Event::Html(_) | Event::InlineHtml(_) => continue,
            _ => {}
        }
        events.push(adjust(event));
    }
    outline(&mut events, top);
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // pulldown-cmark's own HTML, raw HTML left out: only allowed elements, nested as a
    // parser nests them, so one pass is already stable (the H2 property test and the
    // sanitiser fuzz target hold it to that).
    Ok(clean_once(&html))
}

/// Sanitises HTML: the allow-list of [`builder`]. Idempotent (docs/threat-model.md H2).
///
/// A removed element keeps its content, which can leave nested what a parser will not
/// nest: an `a` in an `a` once the `object` between them is gone, an `h1` in an `h1` once
/// an unknown element is. The next parse reads that otherwise, so the HTML is sanitised
/// again until it reads the same (found by the sanitiser fuzz target). Each pass can
/// only take elements away; a few are enough.
pub fn clean(html: &str) -> String {
    let mut cleaned = clean_once(html);
    for _ in 0..4 {
        let again = clean_once(&cleaned);
        if again == cleaned {
            break;
        }
        cleaned = again;
    }
    cleaned
}

/// One pass of ammonia with the allow-list of [`builder`].
fn clean_once(html: &str) -> String {
    static BUILDER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(builder);
    // What the HTML parser would normalise on a second pass is normalised before the
    // first: line breaks (CR, CRLF → LF), NULs, and a leading byte-order mark, which it
    // drops (found by the H2 property test).
    let bom = '\u{feff}';
    let input = html
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\0', "");
    // A character reference (`&#13;`) can put a CR back into the output: normalise it
    // there too, since the next parse would.
    let cleaned = BUILDER
        .clean(input.trim_start_matches(bom))
        .to_string()
        .replace('\r', "\n");
    match cleaned.strip_prefix(bom) {
        Some(_) => cleaned.trim_start_matches(bom).to_owned(),
        None => cleaned,
    }
}

/// ammonia's defaults, less everything that loads a resource (`img`, image maps), with
/// links limited to web and mail addresses.
fn builder() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.rm_tags(["img", "area", "map"]);
    b.url_schemes(["http", "https", "mailto"].into_iter().collect());
    b.link_rel(Some("noopener noreferrer nofollow"));
    b
}

/// Every pulldown-cmark option bearing uses, in one place.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Shifts headings two levels down and turns images into links to them.
fn adjust(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    }
}

/// Renumbers the headings of a description placed under a page heading of level
/// `top - 1`: the levels the writer used are ranked (`##` and `####` become two
/// consecutive levels from `top`), and each heading is at most one level deeper than the
/// one before it, from `top - 1`. Never deeper than `h6`.
fn outline(events: &mut [Event<'_>], top: u8) {
    let mut used: Vec<HeadingLevel> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level),
            _ => None,
        })
        .collect();
    used.sort_unstable();
    used.dedup();
    let top = top.clamp(1, 6);
    let mut previous = top - 1;
    let mut open: Option<HeadingLevel> = None;
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let rank = used.iter().position(|l| l == level).unwrap_or(0);
                let wanted = top.saturating_add(u8::try_from(rank).unwrap_or(u8::MAX));
                let n = wanted.min(previous + 1).min(6);
                previous = n;
                *level = heading(n);
                open = Some(*level);
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(l) = open.take() {
                    *level = l;
                }
            }
            _ => {}
        }
    }
}

fn heading(n: u8) -> HeadingLevel {
    match n {
        0 | 1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// The deepest container nesting any line could open: block-quote and list markers at
/// its start, plus one level per two columns of indentation. An over-estimate, never an
/// under-estimate, so that it can refuse before parsing.
fn container_depth(text: &str) -> usize {
    text.lines().map(line_depth).max().unwrap_or(0)
}

fn line_depth(line: &str) -> usize {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut columns = 0;
    let mut markers = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' => columns += 1,
            b'\t' => columns += 4,
            b'>' => markers += 1,
            b'-' | b'*' | b'+' if bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()) => {
                markers += 1
            }
            b'0'..=b'9' => {
                let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                let after = bytes.get(i + digits);
                let follows = bytes.get(i + digits + 1);
                if digits <= 9
                    && matches!(after, Some(b'.' | b')'))
                    && follows.is_none_or(|b| b.is_ascii_whitespace())
                {
                    markers += 1;
                    i += digits;
                } else {
                    break;
                }
            }
            _ => break,
        }
        i += 1;
    }
    markers + columns / 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn renders_markdown_with_shifted_headings() {
        let html = markdown_to_html("# Why\n\nSome **bold** and a [link](https://example.com).")
            .expect("renders");
        assert!(html.contains("<h3>Why</h3>"), "{html}");
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(html.contains(r#"href="https://example.com""#), "{html}");
    }

    #[test]
    fn description_headings_never_skip_a_level() {
        let levels = |text: &str, top: u8| -> Vec<String> {
            let html = markdown_to_html_under(text, top).expect("renders");
            html.match_indices("<h")
                .filter_map(|(i, _)| html[i + 2..].chars().next().filter(char::is_ascii_digit))
                .map(String::from)
                .collect()
        };
        // Under a page's h1: `####` alone becomes an h2.
        assert_eq!(levels("#### Why\n\ntext", 2), ["2"]);
        // Ranked: `##` and `####` are two consecutive levels.
        assert_eq!(levels("## A\n\n#### B\n\n## C", 2), ["2", "3", "2"]);
        // A deeper heading first is pulled up to the first level.
        assert_eq!(levels("### A\n\n# B\n\n### C", 4), ["4", "4", "5"]);
        // Never past h6.
        assert_eq!(
            levels("# a\n\n## b\n\n### c\n\n#### d", 5),
            ["5", "6", "6", "6"]
        );
    }

    #[test]
    fn raw_html_is_removed() {
        let html =
            markdown_to_html("a <b>bold</b> <span onclick=x>c</span>\n\n<div>\nblock\n</div>")
                .expect("renders");
        assert_eq!(html, "<p>a bold c</p>\n");
    }

    #[test]
    fn images_become_links_and_scripts_disappear() {
        let html = markdown_to_html(
            "![chart](https://tracker.example.com/p.png)\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))",
        )
        .expect("renders");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("tracker.example.com/p.png"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        // "Quickly" without a clock: these are refused by the linear pre-scan, so neither
        // pulldown-cmark nor ammonia (quadratic in depth, docs/threat-model.md H3/H4) ever sees them.
        for text in [
            ">".repeat(50_000),
            "- ".repeat(40_000),
            "1. ".repeat(20_000),
        ] {
            assert!(container_depth(&text) > MAX_NESTING);
            assert_eq!(
                markdown_to_html(&text),
                Err(DescriptionError::TooDeep(MAX_NESTING))
            );
        }
        // Inline nesting passes the pre-scan (a line of `*` is no list marker); the event
        // loop refuses it at the first level too deep, before ammonia.
        let emphasis = format!("{}a{}", "*".repeat(20_000), "*".repeat(20_000));
        assert!(container_depth(&emphasis) <= MAX_NESTING);
        assert_eq!(
            markdown_to_html(&emphasis),
            Err(DescriptionError::TooDeep(MAX_NESTING))
        );
        let divs = markdown_to_html(&"<div>".repeat(10_000)).expect("raw HTML is dropped");
        assert!(!divs.contains("<div"), "{divs}");
    }

    #[test]
    fn large_descriptions_are_refused() {
        let text = "a".repeat(1_000_000);
        assert!(matches!(
            markdown_to_html(&text),
            Err(DescriptionError::TooLarge { .. })
        ));
    }

    #[test]
    fn ordinary_nesting_is_kept() {
        let text = "> quote\n>\n> - item\n>   - nested\n>     1. deeper\n";
        let html = markdown_to_html(text).expect("five levels are well within the limit");
        let tags: Vec<&str> = html
            .split('<')
            .skip(1)
            .filter_map(|t| t.split(['>', ' ']).next())
            .filter(|t| !t.starts_with('/'))
            .collect();
        assert_eq!(
            tags,
            ["blockquote", "p", "ul", "li", "ul", "li", "ol", "li"],
            "{html}"
        );
        for text in ["quote", "item", "nested", "deeper"] {
            assert!(html.contains(text), "{html}");
        }
    }

    /// Found by the sanitiser fuzz target: removing an element keeps its content, and
    /// what that leaves nested (an `a` in an `a`, an `h1` in an `h1`, a `dt` in a `dt`)
    /// the next parse reads otherwise.
    #[test]
    fn content_left_by_a_removed_element_is_stable() {
        for html in [
            "<a href=\"https://x\">x<object><a href=\"https://y\">y</a></object></a>",
            "<h1>a<x-y><h1>b</h1></x-y></h1>",
            "<dt>a<x-y><dt>b</dt></x-y></dt>",
            "<form><p>a<form><p>b</p></form></p></form>",
            "<math><mi><a>x</a></mi></math><a>y<math><mi><a>z</a></mi></math></a>",
        ] {
            let once = clean(html);
            assert_eq!(clean(&once), once, "{html}");
        }
    }

    proptest! {
        // H2: sanitising twice changes nothing.
        #[test]
        fn sanitising_is_idempotent(text in "(<[a-z]{1,6}( [a-z]{1,6}=\"[^\"]{0,12}\")?>|</[a-z]{1,6}>|[^<]{0,12}|&#?[a-z0-9]{1,6};?|javascript:|\\[x\\]\\([^)]{0,12}\\)){0,24}") {
            let once = clean(&text);
            prop_assert_eq!(clean(&once), once.clone());
            if let Ok(html) = markdown_to_html(&text) {
                prop_assert_eq!(clean(&html), html);
            }
        }
    }
}
