//! User text made safe in Markdown: the one escaper for PR comments, step summaries and
//! the Markdown report (docs/threat-model.md H8). Punctuation that Markdown, a table or
//! GitHub would read is backslash-escaped; a line break becomes a space, so a table row
//! or a list item stays one line; other control characters are dropped; `@` gets a word
//! joiner, so a title mentions no one.

/// The characters that start or end markup somewhere in GitHub's Markdown: emphasis,
/// code, links and images, HTML, headings, tables, strikethrough, math, entities,
/// lists.
const MARKUP: &[char] = &[
    '\\', '`', '*', '_', '{', '}', '[', ']', '<', '>', '(', ')', '#', '+', '!', '|', '~', '&', '$',
];

/// Escapes `text` for inline Markdown.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // `\r\n` is one line break.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\t' => out.push(' '),
            c if MARKUP.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            '@' => out.push_str("@\u{2060}"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Undoes [`escape`] on text with no line breaks or control characters.
    fn unescape(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.extend(chars.next()),
                '\u{2060}' => {}
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn markup_and_mentions_are_neutral() {
        assert_eq!(
            escape("**bold** [x](y) @cmo"),
            "\\*\\*bold\\*\\* \\[x\\]\\(y\\) @\u{2060}cmo"
        );
        assert_eq!(escape("a|b\r\nc\td"), "a\\|b c d");
        assert_eq!(escape("bell\u{7}"), "bell");
    }

    proptest! {
        #[test]
        fn escaped_text_has_no_live_markup_and_keeps_every_visible_character(text in "\\PC*") {
            let escaped = escape(&text);
            prop_assert!(!escaped.contains('\n') && !escaped.contains('\r'));
            prop_assert!(!escaped.chars().any(|c| c.is_control()));
            // Every markup character is preceded by an odd run of backslashes.
            let chars: Vec<char> = escaped.chars().collect();
            let mut i = 0;
            while i < chars.len() {
                if chars[i] == '\\' {
                    prop_assert!(i + 1 < chars.len() && MARKUP.contains(&chars[i + 1]), "{escaped:?}");
                    i += 2;
                    continue;
                }
                prop_assert!(!MARKUP.contains(&chars[i]), "{escaped:?}");
                if chars[i] == '@' {
                    prop_assert_eq!(chars.get(i + 1), Some(&'\u{2060}'));
                }
                i += 1;
            }
            let visible: String = text
                .replace("\r\n", "\n")
                .chars()
                .filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
                .map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c })
                .collect();
            prop_assert_eq!(unescape(&escaped), visible.replace('\u{2060}', ""));
        }
    }
}
