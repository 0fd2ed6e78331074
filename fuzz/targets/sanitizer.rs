//! The sanitiser fuzz target: the input (UTF-8, lossily) as a Markdown description
//! through `bearing::report::sanitize::markdown_to_html`, and as HTML through
//! `sanitize::clean`, the two ways text reaches the report site. A panic is a crash, and
//! so is a broken property (docs/threat-model.md H1, H2):
//!
//! - neither output has anything active, as a browser's parser reads it: no script,
//!   style, frame, object, image or form element, no SVG or MathML, no event handler,
//!   no URL but relative ones and `http:`, `https:` and `mailto:`;
//! - sanitising either output again changes nothing.

use bearing::report::sanitize::{clean, markdown_to_html};
use bearing_fuzz::{Html, active_content};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let text = String::from_utf8_lossy(data);
        let markdown = markdown_to_html(&text).ok();
        let html = clean(&text);
        for (way, output) in [("markdown_to_html", markdown), ("clean", Some(html))] {
            let Some(output) = output else { continue };
            if let Some(active) = active_content(&output, Html::Fragment) {
                panic!("{way} left {active}\ninput: {text:?}\noutput: {output:?}");
            }
            let again = clean(&output);
            assert_eq!(
                again, output,
                "{way}: sanitising its output changed it\ninput: {text:?}"
            );
        }
    });
}
