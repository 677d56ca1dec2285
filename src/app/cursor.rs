//! The selected row of a list, kept inside the list's bounds.

/// Rows a page key moves by; the drawn page may be taller or shorter, and
/// a fixed step keeps `update` independent of the terminal size.
const PAGE: usize = 10;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    selected: usize,
}

impl Cursor {
    pub fn at(selected: usize) -> Self {
        Self { selected }
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn up(&mut self, by: usize) {
        self.selected = self.selected.saturating_sub(by);
    }

    pub fn down(&mut self, by: usize, len: usize) {
        self.selected = (self.selected + by).min(len.saturating_sub(1));
    }

    pub fn page_up(&mut self) {
        self.up(PAGE);
    }

    pub fn page_down(&mut self, len: usize) {
        self.down(PAGE, len);
    }

    pub fn top(&mut self) {
        self.selected = 0;
    }

    pub fn bottom(&mut self, len: usize) {
        self.selected = len.saturating_sub(1);
    }

    /// Moves as a list's move key asks (`↑`, `↓`, page keys, `g`, `G`);
    /// false, and no move, for any other action.
    pub fn apply(&mut self, action: super::Action, len: usize) -> bool {
        use super::Action;
        match action {
            Action::Up => self.up(1),
            Action::Down => self.down(1, len),
            Action::PageUp => self.page_up(),
            Action::PageDown => self.page_down(len),
            Action::Top => self.top(),
            Action::Bottom => self.bottom(len),
            _ => return false,
        }
        true
    }

    /// Moves to `index`, or keeps the cursor inside a list that shrank.
    pub fn select(&mut self, index: usize, len: usize) {
        self.selected = index.min(len.saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_inside_the_list() {
        let mut cursor = Cursor::default();
        cursor.up(1);
        assert_eq!(cursor.selected(), 0);
        cursor.down(5, 3);
        assert_eq!(cursor.selected(), 2);
        cursor.page_down(0);
        assert_eq!(cursor.selected(), 0);
        cursor.bottom(25);
        cursor.page_up();
        assert_eq!(cursor.selected(), 14);
    }

    #[test]
    fn a_move_key_moves_and_any_other_action_is_left_to_the_pane() {
        use crate::app::Action;
        let mut cursor = Cursor::default();
        assert!(cursor.apply(Action::Bottom, 7));
        assert_eq!(cursor.selected(), 6);
        assert!(cursor.apply(Action::Up, 7));
        assert_eq!(cursor.selected(), 5);
        assert!(!cursor.apply(Action::Quit, 7));
        assert_eq!(cursor.selected(), 5);
    }
}
