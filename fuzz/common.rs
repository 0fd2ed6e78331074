//! What the fuzz targets share: cutting one input into files, a scratch folder, and the
//! checks of what bearing writes (positions inside the text, HTML with nothing active).

use std::path::{Path, PathBuf};

/// The line that starts a new file in an input: `#>>> PATH` (a YAML comment, so that a
/// seed with several files is still a YAML file, and a fixture without one is one file).
pub const MARKER: &[u8] = b"#>>> ";

/// The most files one input is cut into; the rest stays in the last one.
const MAX_FILES: usize = 8;

/// The file an input's text before any marker belongs to.
pub const FIRST_FILE: &str = "plans/plan.yaml";

/// Cuts `data` into files at each line `#>>> PATH`: (path, bytes), in order. The text
/// before the first marker is [`FIRST_FILE`] (left out when empty and a marker follows).
/// A path is the marker line's rest, at most 100 bytes of it, lossily decoded.
pub fn split(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = vec![(FIRST_FILE.to_owned(), Vec::new())];
    let mut rest = data;
    while !rest.is_empty() {
        let (line, after) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (&rest[..=i], &rest[i + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        match line.strip_prefix(MARKER) {
            Some(path) if files.len() < MAX_FILES => {
                let path = path.strip_suffix(b"\n").unwrap_or(path);
                let path = path.strip_suffix(b"\r").unwrap_or(path);
                let path = String::from_utf8_lossy(&path[..path.len().min(100)]).into_owned();
                files.push((path, Vec::new()));
            }
            _ => {
                if let Some((_, bytes)) = files.last_mut() {
                    bytes.extend_from_slice(line);
                }
            }
        }
        rest = after;
    }
    if files.len() > 1 && files[0].1.is_empty() {
        files.remove(0);
    }
    files
}

/// A folder of this process's own, emptied for each execution: in `/dev/shm` where
/// there is one (no disk writes per execution), else the temporary folder.
pub struct Scratch {
    root: PathBuf,
    runs: u64,
}

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let shm = Path::new("/dev/shm");
        let base = if shm.is_dir() {
            shm.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        let root = base.join(format!("bearing-fuzz-{name}-{}", std::process::id()));
        Scratch { root, runs: 0 }
    }

    /// A new empty folder for one execution; the previous one is removed. Each run gets
    /// a new path, so that nothing cached by path in one run can reach the next.
    pub fn fresh(&mut self) -> PathBuf {
        let _ = std::fs::remove_dir_all(&self.root);
        self.runs += 1;
        let dir = self.root.join(format!("run-{}", self.runs));
        std::fs::create_dir_all(&dir).expect("the scratch folder can be made");
        dir
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The lines of `text` as a reader counts them: a line break is LF, CRLF or a lone CR.
pub fn line_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let breaks = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    breaks + 1
}

/// Whether a position (1-based line and column in characters) lies inside `text`: the
/// line exists, and the column is at most one past that line's last character (on any
/// counting of line breaks, LF alone or LF, CRLF and CR).
pub fn inside_text(text: &str, line: u32, column: u32) -> bool {
    let (line, column) = (line as usize, column as usize);
    if line == 0 || column == 0 || line > line_count(text) {
        return false;
    }
    // The longest that line could be: cut at LF only (a CR may or may not end a line).
    let widest = text
        .split('\n')
        .nth(line - 1)
        .map_or(0, |l| l.chars().count());
    column <= widest + 1 || text.contains('\r')
}

/// Where HTML comes from, which decides what of it may be there.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Html {
    /// A fragment from the sanitiser: markup for text only.
    Fragment,
    /// A page of the site: the templates' own head (a stylesheet link, meta tags) and
    /// charts (inline SVG) besides.
    Page,
}

/// Elements that run code, load a resource or a frame, submit, or change how a page is
/// read: none may come from a plan. Lower case, SVG's and MathML's included.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "param",
    "img",
    "image",
    "picture",
    "audio",
    "video",
    "source",
    "track",
    "area",
    "map",
    "base",
    "form",
    "input",
    "portal",
    "template",
    "foreignobject",
    "animate",
    "animatemotion",
    "animatetransform",
    "set",
    "use",
    "feimage",
    "handler",
    "listener",
    "maction",
];

/// Attributes that hold a URL a browser follows or loads.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "usemap",
    "codebase",
    "archive",
    "manifest",
    "ping",
    "profile",
    "icon",
];

/// The first active thing in `html`, as a browser's parser reads it (html5ever, through
/// scraper: character references decoded, tags as a browser nests them), or `None`:
///
/// - no element of [`ACTIVE_ELEMENTS`]; in a fragment no `svg`, `math`, `link` or
///   `meta` either, and on a page a `link` only to `style.css` and `meta` with no
///   `http-equiv`;
/// - no event handler (`on…`), no `srcdoc`, `srcset` or `http-equiv` attribute, no
///   `style` attribute that loads (`url(`, `@import`, `expression`) or hides it behind
///   an escape;
/// - every URL attribute relative, or `http:`, `https:` or `mailto:`.
pub fn active_content(html: &str, kind: Html) -> Option<String> {
    let parsed = match kind {
        Html::Fragment => scraper::Html::parse_fragment(html),
        Html::Page => scraper::Html::parse_document(html),
    };
    for node in parsed.tree.nodes() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let name = element.name().to_ascii_lowercase();
        let allowed_here = match (kind, name.as_str()) {
            (_, n) if ACTIVE_ELEMENTS.contains(&n) => false,
            (Html::Fragment, "svg" | "math" | "link" | "meta") => false,
            (Html::Page, "link") => {
                element.attr("rel") == Some("stylesheet")
                    && element.attr("href") == Some("style.css")
            }
            (Html::Page, "meta") => element.attr("http-equiv").is_none(),
            _ => true,
        };
        if !allowed_here {
            return Some(format!("a `{name}` element: {:?}", node_html(element)));
        }
        for (attribute, value) in element.attrs() {
            let attribute = attribute.to_ascii_lowercase();
            // `xlink:href` and kin: the local name decides.
            let local = attribute.rsplit(':').next().unwrap_or(&attribute);
            let bad = local.starts_with("on")
                || matches!(local, "srcdoc" | "srcset" | "http-equiv" | "formaction")
                || (local == "style" && loading_style(value))
                || (URL_ATTRIBUTES.contains(&local) && !safe_url(value));
            if bad {
                return Some(format!(
                    "`{attribute}=\"{value}\"` on a `{name}` element: {:?}",
                    node_html(element)
                ));
            }
        }
    }
    None
}

fn node_html(element: &scraper::node::Element) -> String {
    let attrs: Vec<String> = element.attrs().map(|(k, v)| format!("{k}={v:?}")).collect();
    format!("<{} {}>", element.name(), attrs.join(" "))
}

/// An inline style that could load something or hide what it does.
fn loading_style(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    [
        "url(",
        "@import",
        "expression",
        "\\",
        "image-set(",
        "image(",
    ]
    .iter()
    .any(|s| lower.contains(s))
}

/// A URL a browser would not run: relative, or with the scheme `http`, `https` or
/// `mailto`. Read as a browser reads it: leading and trailing C0 controls and spaces
/// dropped, tabs and line breaks anywhere removed, the scheme in any case.
pub fn safe_url(value: &str) -> bool {
    let trimmed = value.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    let scheme = &cleaned[..colon];
    // A colon after a path, query or fragment starts no scheme.
    if scheme.contains(['/', '?', '#']) {
        return true;
    }
    let mut chars = scheme.chars();
    let is_scheme = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme {
        // Not a scheme to a browser either: a relative path with a colon in it.
        return true;
    }
    matches!(
        scheme.to_ascii_lowercase().as_str(),
        "http" | "https" | "mailto"
    )
}

/// The loader's and site's input: `bearing.yaml` when one of the files is named so (the
/// configuration, parsed as `bearing.yaml` is), and the plan files.
pub struct PlanInput {
    /// The text of the `bearing.yaml` file, if one was given.
    pub config_text: Option<String>,
    pub files: Vec<(String, Vec<u8>)>,
}

impl PlanInput {
    pub fn new(data: &[u8]) -> PlanInput {
        let mut config_text = None;
        let mut files = Vec::new();
        for (path, bytes) in split(data) {
            if path == "bearing.yaml" && config_text.is_none() {
                config_text = Some(String::from_utf8_lossy(&bytes).into_owned());
            } else {
                files.push((path, bytes));
            }
        }
        PlanInput { config_text, files }
    }

    /// The configuration: the default without `bearing.yaml`, and without a valid one
    /// (`bearing` itself then stops; the targets go on with the plan). The error of an
    /// invalid one must point inside its text.
    pub fn config(&self) -> bearing::config::Config {
        let Some(text) = &self.config_text else {
            return bearing::config::Config::default();
        };
        match bearing::config::Config::parse(text) {
            Ok(config) => config,
            Err(error) => {
                if let (Some(line), Some(column)) = (error.line, error.column) {
                    assert!(
                        inside_text(text, line, column),
                        "bearing.yaml error at {line}:{column}, outside its text: {error:?}\n{text:?}"
                    );
                }
                bearing::config::Config::default()
            }
        }
    }

    /// The plan files as the loader takes them.
    pub fn raw_files(&self) -> Vec<bearing::load::RawFile> {
        self.files
            .iter()
            .map(|(path, bytes)| bearing::load::RawFile {
                path: path.clone(),
                content: bearing::load::FileContent::Bytes(bytes.clone()),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_cut_at_markers() {
        assert_eq!(
            split(b"a: 1\n"),
            vec![(FIRST_FILE.to_owned(), b"a: 1\n".to_vec())]
        );
        let files = split(b"#>>> plans/a.yaml\nx: 1\n#>>> bearing.yaml\r\nplans: [p]");
        assert_eq!(
            files,
            vec![
                ("plans/a.yaml".to_owned(), b"x: 1\n".to_vec()),
                ("bearing.yaml".to_owned(), b"plans: [p]".to_vec()),
            ]
        );
    }

    #[test]
    fn urls_are_judged_as_a_browser_reads_them() {
        for safe in [
            "https://x",
            "goal-G-1.html",
            "#a",
            "mailto:a@b",
            "a/b:c",
            "?x:y",
            "",
        ] {
            assert!(safe_url(safe), "{safe}");
        }
        for unsafe_ in [
            "javascript:x",
            " JaVa\tScRipt:x",
            "\u{1}data:x",
            "vbscript:x",
        ] {
            assert!(!safe_url(unsafe_), "{unsafe_}");
        }
    }

    #[test]
    fn active_content_is_found() {
        assert!(active_content("<p>a <a href=\"https://x\">b</a></p>", Html::Fragment).is_none());
        for html in [
            "<script>1</script>",
            "<a href=\"&#106;avascript:x\">a</a>",
            "<p onclick=\"x\">a</p>",
            "<svg><a xlink:href=\"javascript:x\">a</a></svg>",
            "<img src=x>",
        ] {
            assert!(active_content(html, Html::Fragment).is_some(), "{html}");
        }
    }
}
