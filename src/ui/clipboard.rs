//! Copying to the terminal's clipboard with OSC 52, which also works over
//! SSH and in CloudShell: the terminal on the operator's side does the copy.

/// The escape sequences that put `text` on the clipboard. Inside tmux the
/// plain sequence reaches tmux's own clipboard (with `set-clipboard on`,
/// which also forwards it outside), and a copy wrapped for passthrough
/// (every ESC doubled) reaches the outer terminal directly (with
/// `allow-passthrough on`); either set-up works, both copy the same text.
pub fn osc52(text: &str, in_tmux: bool) -> String {
    let sequence = crate::osc52::copy_sequence(text);
    if in_tmux {
        let wrapped = format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b"));
        sequence + &wrapped
    } else {
        sequence
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_is_wrapped_for_tmux() {
        assert_eq!(osc52("s-1", false), "\x1b]52;c;cy0x\x07");
        assert_eq!(
            osc52("s-1", true),
            "\x1b]52;c;cy0x\x07\x1bPtmux;\x1b\x1b]52;c;cy0x\x07\x1b\\"
        );
    }
}
