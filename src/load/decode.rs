//! Bytes to text: plan files are UTF-8, and anything else gets a precise error rather
//! than a silent truncation (docs/threat-model.md Y8).

use crate::yaml::node::Pos;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DecodeError {
    pub message: String,
    pub pos: Option<Pos>,
    /// The text up to the error and a lossy rendering of the rest, for the snippet.
    pub lossy: String,
}

/// The file's text, or why it is not UTF-8 text.
pub(super) fn decode(bytes: Vec<u8>) -> Result<String, DecodeError> {
    if bytes.starts_with(&[0xFE, 0xFF]) || bytes.starts_with(&[0xFF, 0xFE]) {
        return Err(DecodeError {
            message: "the file is UTF-16; save it as UTF-8".to_owned(),
            pos: None,
            lossy: String::new(),
        });
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            return Err(DecodeError {
                message: format!("invalid UTF-8 at byte {valid}; plan files must be UTF-8 text"),
                pos: Some(position_after(&prefix)),
                lossy: String::from_utf8_lossy(&bytes).into_owned(),
            });
        }
    };
    if let Some(nul) = text.find('\0') {
        return Err(DecodeError {
            message: "a NUL byte; plan files must be text".to_owned(),
            pos: Some(position_after(&text[..nul])),
            lossy: text.clone(),
        });
    }
    Ok(text)
}

/// The position just after `prefix`.
fn position_after(prefix: &str) -> Pos {
    let line = prefix.matches('\n').count() + 1;
    let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(prefix[line_start..].chars().count() + 1).unwrap_or(u32::MAX),
        offset: Pos::narrow(prefix.len()),
        len: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_invalid_utf8_and_nul_are_named() {
        assert!(
            decode(vec![0xFF, 0xFE, b'a', 0])
                .expect_err("utf16")
                .message
                .contains("UTF-16")
        );
        let e = decode(b"id: a\ntitle: \xC3(\n".to_vec()).expect_err("bad utf8");
        assert_eq!(e.pos.map(|p| (p.line, p.column)), Some((2, 8)));
        let e = decode(b"id: a\0\n".to_vec()).expect_err("nul");
        assert_eq!(e.pos.map(|p| (p.line, p.column)), Some((1, 6)));
        assert_eq!(decode(b"id: a\n".to_vec()).expect("ok"), "id: a\n");
    }
}
