//! Text from outside (AWS data, remote servers' replies, object keys) made
//! inert before it reaches a terminal or a text report.
//!
//! A terminal acts on control characters: ESC starts CSI and OSC sequences
//! (clear the screen, set the clipboard, retitle the window), BEL rings, CR
//! rewrites a line, and C1 characters (U+0080-U+009F) are single-character
//! forms of the same sequences. [`inert`] writes every one of them as a
//! visible escape (`\x1b`, `\u{9b}`), so the operator sees what was there
//! and the terminal sees plain text.
//!
//! One-line fields (a reply, a finding's title, a log event's field) go
//! through [`inert`]: a CR or LF inside them is shown, never acted on, so
//! it cannot forge a line of a report or a log. A multi-line text the
//! console composed itself goes through [`inert_lines`], which keeps its LF
//! line ends and neutralises everything else; reports sanitise each field
//! with [`inert`] as they are built and pass through [`inert_lines`] once
//! more where they are printed.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether a terminal may act on `c`: C0 (U+0000-U+001F), DEL and C1
/// (U+0080-U+009F), which is Unicode's category Cc.
pub fn is_control(c: char) -> bool {
    c.is_control()
}

/// `text` with every control character written as a visible escape.
/// Borrows when there is nothing to change, as is almost always the case.
pub fn inert(text: &str) -> Cow<'_, str> {
    escape_where(text, is_control)
}

/// `text` with its LF line ends kept and every other control character
/// (CR included) written as a visible escape.
pub fn inert_lines(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| c != '\n' && is_control(c))
}

/// `json` with DEL and C1 characters written as `\u` escapes. serde_json
/// escapes C0 itself but leaves U+007F-U+009F raw; outside strings its
/// output holds only ASCII punctuation, so each one found sits in a string,
/// where `\u` escapes keep the value exactly as it was.
pub fn inert_json(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_control_past_ascii) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_control_past_ascii(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_control_past_ascii(c: char) -> bool {
    is_control(c) && u32::from(c) >= 0x7f
}

fn escape_where(text: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    let Some(first) = text.find(&unsafe_char) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        if unsafe_char(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn push_escape(out: &mut String, c: char) {
    let _ = match c {
        '\t' => write!(out, "\\t"),
        '\n' => write!(out, "\\n"),
        '\r' => write!(out, "\\r"),
        c if u32::from(c) < 0x80 => write!(out, "\\x{:02x}", u32::from(c)),
        c => write!(out, "\\u{{{:x}}}", u32::from(c)),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HOSTILE: &str = "a\x1b[2Jb\x1b]52;c;ZXZpbA==\x07c\rd\u{9b}31me\u{85}f\x7fg";

    #[test]
    fn every_control_character_is_shown_not_sent() {
        assert_eq!(
            inert(HOSTILE),
            "a\\x1b[2Jb\\x1b]52;c;ZXZpbA==\\x07c\\rd\\u{9b}31me\\u{85}f\\x7fg"
        );
        assert_eq!(inert("one\ntwo\tthree"), "one\\ntwo\\tthree");
    }

    #[test]
    fn plain_text_is_borrowed_as_it_is() {
        for plain in ["", "s-0123456789abcdef0", "東京 → /bucket/prefix é"] {
            assert!(matches!(inert(plain), Cow::Borrowed(p) if p == plain));
        }
    }

    #[test]
    fn multi_line_text_keeps_its_line_ends_only() {
        assert_eq!(inert_lines("one\r\ntwo\x1b[K\n"), "one\\r\ntwo\\x1b[K\n");
    }

    #[test]
    fn json_keeps_its_values_and_loses_raw_c1() {
        let value = serde_json::json!({ "detail": HOSTILE });
        let raw = serde_json::to_string(&value).unwrap();
        assert!(raw.contains('\u{9b}'), "serde_json leaves C1 raw: {raw:?}");
        let safe = inert_json(&raw);
        assert!(!safe.chars().any(is_control), "{safe:?}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }

    proptest! {
        #[test]
        fn nothing_a_terminal_acts_on_survives(text in any::<String>()) {
            prop_assert!(!inert(&text).chars().any(is_control));
            prop_assert!(!inert_lines(&text).chars().any(|c| c != '\n' && is_control(c)));
            let json = serde_json::to_string(&text).unwrap();
            let safe = inert_json(&json);
            prop_assert!(!safe.chars().any(is_control));
            prop_assert_eq!(serde_json::from_str::<String>(&safe).unwrap(), text);
        }
    }
}
