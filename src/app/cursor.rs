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
}
