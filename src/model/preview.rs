//! What the browser may show of an object's first bytes: text with every
//! control character removed (a file must not drive the terminal), or a
//! note that the object is binary.

/// How much of an object a preview fetches.
pub const PREVIEW_BYTES: u64 = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Preview {
    /// Safe to draw: no escapes, no control characters except newlines.
    Text {
        lines: Vec<String>,
        /// The object is longer than what was fetched.
        truncated: bool,
    },
    Binary {
        /// Why it was judged binary, e.g. `NUL bytes`.
        reason: String,
    },
}

impl Preview {
    /// Judges `bytes`, the first part of an object of `total` bytes.
    pub fn from_bytes(bytes: &[u8], total: u64) -> Self {
        let truncated = total > bytes.len() as u64;
        if bytes.contains(&0) {
            return Self::Binary {
                reason: "it contains NUL bytes".into(),
            };
        }
        let text = String::from_utf8_lossy(bytes);
        // A cut in the middle of a character leaves one replacement at the end.
        let invalid = text
            .trim_end_matches('\u{FFFD}')
            .chars()
            .filter(|&c| c == '\u{FFFD}')
            .count();
        let controls = text
            .chars()
            .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            .count();
        let chars = text.chars().count().max(1);
        if (invalid + controls) * 20 > chars {
            return Self::Binary {
                reason: "more than 5% of it is not text".into(),
            };
        }
        Self::Text {
            lines: text.lines().map(sanitize).collect(),
            truncated,
        }
    }
}

/// The text with tabs expanded and every other control character (escape
/// sequences start with one) shown as `�`.
pub fn sanitize(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\t' => out.push_str("    "),
            '\r' => {}
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_is_text_and_a_long_object_is_marked_truncated() {
        let preview = Preview::from_bytes(b"a,b\r\n1,2\n", 100_000);
        assert_eq!(
            preview,
            Preview::Text {
                lines: vec!["a,b".into(), "1,2".into()],
                truncated: true
            }
        );
    }

    #[test]
    fn escape_sequences_never_reach_the_terminal() {
        let Preview::Text { lines, .. } =
            Preview::from_bytes(b"ok \x1b[2J\x1b]0;pwned\x07 end of a line of plain text\nand a second line of plain text to read\n", 90)
        else {
            panic!("text expected");
        };
        assert!(lines.iter().all(|l| !l.chars().any(char::is_control)));
        assert!(lines[0].starts_with("ok \u{FFFD}[2J"));
    }

    #[test]
    fn binary_is_detected() {
        assert!(matches!(
            Preview::from_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF", 10),
            Preview::Binary { .. }
        ));
        let noise: Vec<u8> = (0..2000u32).map(|i| (i * 131 % 255 + 1) as u8).collect();
        assert!(matches!(
            Preview::from_bytes(&noise, 2000),
            Preview::Binary { .. }
        ));
    }

    #[test]
    fn a_character_cut_at_the_end_of_the_range_is_still_text() {
        let mut bytes = "日本語のテキスト\n".repeat(10).into_bytes();
        bytes.truncate(bytes.len() - 2);
        assert!(matches!(
            Preview::from_bytes(&bytes, 1000),
            Preview::Text { .. }
        ));
    }
}
