#[test]
fn short_lines_are_shown_as_they_are() {
    let text = "a: 1\nstatus: bogus\nc: 3\n";
    assert_eq!(super::clip(text, 13, 5), Some(None));
}

#[test]
fn a_long_line_is_cut_with_the_span_and_line_numbers_kept() {
    let long = "x".repeat(10_000);
    let text = format!("a: 1\nb: 2\nstatus: bogus{long}\nd: {long}\n");
    let offset = text.find("bogus").expect("span");
    let clipped = super::clip(&text, offset, 5 + long.len())
        .expect("near the start")
        .expect("cut");
    assert!(clipped.text.len() < 1_000, "{}", clipped.text.len());
    assert!(
        clipped.text.starts_with("\nb: 2\nstatus: bogus"),
        "{}",
        clipped.text
    );
    assert_eq!(&clipped.text[clipped.offset..clipped.offset + 5], "bogus");
    assert!(clipped.offset + clipped.len <= clipped.text.len());
    // Far into the line, the span is not shown with its line.
    let far = format!("{{a: {long}, status: bogus}}\n");
    let offset = far.find("bogus").expect("span");
    assert_eq!(super::clip(&far, offset, 5), None);
}

/// Found by the loader fuzz target (docs/threat-model.md A3): a file name is the
/// repository's too, an invalid id is named as written, and a lone CR in a snippet
/// sends the terminal back to the start of the line. None reaches the terminal as it
/// is; a CRLF file's CR may.
#[test]
fn file_names_and_lone_carriage_returns_cannot_drive_the_terminal() {
    use crate::load::{FileContent, RawFile};
    let files = vec![
        RawFile {
            path: "plans/\u{1b}[2J\rforged\n.yaml".to_owned(),
            content: FileContent::Bytes(b"kind: Goal\rid: G-1\rtitle: \x7f\r".to_vec()),
        },
        RawFile {
            path: "plans/id.yaml".to_owned(),
            content: FileContent::Bytes("kind: Goal\nid: \"\u{85}G-3\"\ntitle: t\n".into()),
        },
        RawFile {
            path: "plans/crlf.yaml".to_owned(),
            content: FileContent::Bytes(b"kind: Goal\r\nid: G-2\r\nbogus: 1\r\n".to_vec()),
        },
    ];
    let config = crate::config::Config::default();
    let report = crate::check::check(
        files,
        &config,
        jiff::civil::Date::constant(2026, 10, 1),
        &crate::measure::Evidence::default(),
    );
    for quiet in [false, true] {
        let mut out = Vec::new();
        let style = super::Style {
            color: false,
            quiet,
        };
        super::render(&report, style, &mut out).expect("rendered");
        let text = String::from_utf8(out).expect("UTF-8");
        assert!(text.contains("forged"), "{text}");
        if !quiet {
            assert!(text.contains("`\\u{85}G-3`"), "{text}");
        }
        let bytes = text.as_bytes();
        for (i, c) in text.char_indices() {
            let allowed = matches!(c, '\n' | '\t')
                || (c == '\r' && bytes.get(i + 1) == Some(&b'\n'))
                || !c.is_control();
            assert!(allowed, "{c:?} at byte {i} of:\n{text}");
        }
    }
    assert_eq!(super::printable("a\r\nb\rc\u{1b}"), "a\r\nb?c?");
}
