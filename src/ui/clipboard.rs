//! Copying to the terminal's clipboard with OSC 52, which also works over
//! SSH and in CloudShell: the terminal on the operator's side does the copy.

/// The escape sequences that put `text` on the clipboard. Inside tmux the
/// plain sequence reaches tmux's own clipboard (with `set-clipboard on`,
/// which also forwards it outside), and a copy wrapped for passthrough
/// (every ESC doubled) reaches the outer terminal directly (with
/// `allow-passthrough on`); either set-up works, both copy the same text.
pub fn osc52(text: &str, in_tmux: bool) -> String {
    let sequence = format!("\x1b]52;c;{}\x07", base64(text.as_bytes()));
    if in_tmux {
        let wrapped = format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b"));
        sequence + &wrapped
    } else {
        sequence
    }
}

/// Standard base64 with padding (RFC 4648), as OSC 52 expects.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn the_sequence_is_wrapped_for_tmux() {
        assert_eq!(osc52("s-1", false), "\x1b]52;c;cy0x\x07");
        assert_eq!(
            osc52("s-1", true),
            "\x1b]52;c;cy0x\x07\x1bPtmux;\x1b\x1b]52;c;cy0x\x07\x1b\\"
        );
    }
}
