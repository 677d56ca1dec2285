//! Which rows of a list are shown and in what order: the `/` filter
//! (fuzzy), the `s`/`S` sort, and the selection, which follows its row
//! through a new listing, a filter and a sort. The pane keeps its rows;
//! this keeps indexes into them. Used by the users lists and the Doctor's
//! findings.

use std::borrow::Cow;
use std::cmp::Ordering;

use crossterm::event::KeyEvent;

use super::cursor::Cursor;
use super::fuzzy::{self, FilterKey, ListFilter};
use super::keymap::Action;

/// A row of a list that filters and sorts.
pub trait ListRow {
    type Column: Column;
    /// What the selection follows from one listing to the next.
    fn key(&self) -> Cow<'_, str>;
    /// The texts `/` looks in.
    fn filter_texts(&self) -> Vec<&str>;
    fn compare(&self, other: &Self, by: Self::Column) -> Ordering;
}

/// The columns `s` steps through, in display order.
pub trait Column: Copy + PartialEq + std::fmt::Debug {
    const FIRST: Self;
    /// The column after this one, wrapping round.
    fn next(self) -> Self;
}

#[derive(Debug, Clone)]
pub struct ListView<C> {
    /// Indexes into the rows, filter applied, in display order.
    shown: Vec<usize>,
    pub cursor: Cursor,
    pub filter: ListFilter,
    /// `None`: the order of the listing.
    pub sort: Option<C>,
    pub descending: bool,
}

impl<C> Default for ListView<C> {
    fn default() -> Self {
        Self {
            shown: Vec::new(),
            cursor: Cursor::default(),
            filter: ListFilter::default(),
            sort: None,
            descending: false,
        }
    }
}

impl<C: Column> ListView<C> {
    /// The index into the rows of the selected row.
    pub fn selected_index(&self) -> Option<usize> {
        self.shown.get(self.cursor.selected()).copied()
    }

    pub fn selected<'a, R>(&self, rows: &'a [R]) -> Option<&'a R> {
        rows.get(self.selected_index()?)
    }

    pub fn selected_mut<'a, R>(&self, rows: &'a mut [R]) -> Option<&'a mut R> {
        rows.get_mut(self.selected_index()?)
    }

    /// The rows on screen, in order.
    pub fn shown<'a, R>(&'a self, rows: &'a [R]) -> impl Iterator<Item = &'a R> + 'a {
        self.shown.iter().filter_map(|&i| rows.get(i))
    }

    pub fn len(&self) -> usize {
        self.shown.len()
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// Whether the filter hides rows (so a title says "n of m").
    pub fn is_filtered(&self) -> bool {
        !self.filter.text.is_empty()
    }

    /// The selected row's key, to pass to [`Self::rebuild`] when the rows
    /// are about to be replaced.
    pub fn selected_key<R: ListRow<Column = C>>(&self, rows: &[R]) -> Option<String> {
        self.selected(rows).map(|row| row.key().into_owned())
    }

    /// After the rows changed: the selection goes to the row keyed `keep`
    /// if it is shown, else stays at its position.
    pub fn rebuild<R: ListRow<Column = C>>(&mut self, rows: &[R], keep: Option<&str>) {
        let needle = self.filter.text.as_str();
        self.shown = (0..rows.len())
            .filter(|&i| fuzzy::any_matches(rows[i].filter_texts(), needle))
            .collect();
        if let Some(column) = self.sort {
            // A stable sort: equal rows keep the listing's order.
            self.shown.sort_by(|&a, &b| {
                let order = rows[a].compare(&rows[b], column);
                if self.descending {
                    order.reverse()
                } else {
                    order
                }
            });
        }
        let at = keep
            .and_then(|key| self.shown.iter().position(|&i| rows[i].key() == key))
            .unwrap_or(self.cursor.selected());
        self.cursor.select(at, self.shown.len());
    }

    /// After the filter, the order or a row changed in place: the selection
    /// stays on its row.
    pub fn refilter<R: ListRow<Column = C>>(&mut self, rows: &[R]) {
        let keep = self.selected_key(rows);
        self.rebuild(rows, keep.as_deref());
    }

    /// Keys while `/` is typed, and Esc on an applied filter.
    pub fn filter_key<R: ListRow<Column = C>>(&mut self, key: &KeyEvent, rows: &[R]) -> FilterKey {
        let outcome = self.filter.handle_key(key);
        if outcome == FilterKey::Changed {
            self.refilter(rows);
        }
        outcome
    }

    /// `/`, `s`, `S` and the moves; `false` for any other action.
    pub fn act<R: ListRow<Column = C>>(&mut self, action: Action, rows: &[R]) -> bool {
        let len = self.shown.len();
        match action {
            Action::Filter => self.filter.start(),
            Action::Sort => {
                self.sort = Some(self.sort.map_or(C::FIRST, C::next));
                self.descending = false;
                self.refilter(rows);
            }
            Action::SortReverse => {
                self.sort.get_or_insert(C::FIRST);
                self.descending = !self.descending;
                self.refilter(rows);
            }
            other => return self.cursor.apply(other, len),
        }
        true
    }

    /// The header of `column`: its name, with the order's arrow when sorted by it.
    pub fn header(&self, column: C, name: &str) -> String {
        match self.sort {
            Some(sorted) if sorted == column => {
                format!("{name}{}", if self.descending { "▼" } else { "▲" })
            }
            _ => name.to_string(),
        }
    }

    /// [`Self::header`] for a column `width` cells wide: the name gives way
    /// to the arrow, which says how the list is ordered.
    pub fn header_in(&self, column: C, name: &str, width: u16) -> String {
        match self.sort {
            Some(sorted) if sorted == column && name.chars().count() >= usize::from(width) => {
                let kept: String = name
                    .chars()
                    .take(usize::from(width).saturating_sub(1))
                    .collect();
                format!("{kept}{}", if self.descending { "▼" } else { "▲" })
            }
            _ => self.header(column, name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyCode;

    #[derive(Debug)]
    struct Fruit(&'static str, u32);

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum By {
        Name,
        Weight,
    }

    impl Column for By {
        const FIRST: Self = By::Name;
        fn next(self) -> Self {
            match self {
                By::Name => By::Weight,
                By::Weight => By::Name,
            }
        }
    }

    impl ListRow for Fruit {
        type Column = By;
        fn key(&self) -> Cow<'_, str> {
            Cow::Borrowed(self.0)
        }
        fn filter_texts(&self) -> Vec<&str> {
            vec![self.0]
        }
        fn compare(&self, other: &Self, by: By) -> Ordering {
            match by {
                By::Name => self.0.cmp(other.0),
                By::Weight => self.1.cmp(&other.1),
            }
        }
    }

    fn basket() -> Vec<Fruit> {
        vec![Fruit("pear", 180), Fruit("apple", 150), Fruit("plum", 60)]
    }

    fn names(view: &ListView<By>, rows: &[Fruit]) -> Vec<&'static str> {
        view.shown(rows).map(|fruit| fruit.0).collect()
    }

    #[test]
    fn sorts_by_each_column_then_reverses_keeping_the_selection() {
        let rows = basket();
        let mut view = ListView::default();
        view.rebuild(&rows, None);
        assert_eq!(names(&view, &rows), ["pear", "apple", "plum"]);
        view.act(Action::Down, &rows);
        assert!(view.act(Action::Sort, &rows));
        assert_eq!(names(&view, &rows), ["apple", "pear", "plum"]);
        assert_eq!(view.selected(&rows).map(|f| f.0), Some("apple"));
        view.act(Action::Sort, &rows);
        assert_eq!(names(&view, &rows), ["plum", "apple", "pear"]);
        view.act(Action::SortReverse, &rows);
        assert_eq!(names(&view, &rows), ["pear", "apple", "plum"]);
        assert_eq!(view.header(By::Weight, "WEIGHT"), "WEIGHT▼");
        assert_eq!(view.header(By::Name, "NAME"), "NAME");
        assert_eq!(view.selected(&rows).map(|f| f.0), Some("apple"));
        // In a narrow column the name gives way, the arrow stays.
        assert_eq!(view.header_in(By::Weight, "WEIGHT", 6), "WEIGH▼");
        assert_eq!(view.header_in(By::Weight, "WEIGHT", 7), "WEIGHT▼");
        assert_eq!(view.header_in(By::Name, "NAME", 3), "NAME");
    }

    #[test]
    fn the_filter_hides_rows_and_the_selection_follows_its_row() {
        let rows = basket();
        let mut view = ListView::<By>::default();
        view.rebuild(&rows, None);
        view.act(Action::Bottom, &rows);
        view.act(Action::Filter, &rows);
        for c in "pl".chars() {
            view.filter_key(&KeyEvent::from(KeyCode::Char(c)), &rows);
        }
        assert_eq!(names(&view, &rows), ["apple", "plum"]);
        assert!(view.is_filtered());
        assert_eq!(view.selected(&rows).map(|f| f.0), Some("plum"));
        view.filter_key(&KeyEvent::from(KeyCode::Esc), &rows);
        assert_eq!(view.len(), 3);
        assert_eq!(view.selected(&rows).map(|f| f.0), Some("plum"));
    }

    #[test]
    fn a_new_listing_keeps_the_selected_row_or_the_position() {
        let rows = basket();
        let mut view = ListView::<By>::default();
        view.rebuild(&rows, None);
        view.act(Action::Down, &rows);
        let keep = view.selected_key(&rows);
        let relisted = vec![Fruit("fig", 40), Fruit("pear", 180), Fruit("apple", 150)];
        view.rebuild(&relisted, keep.as_deref());
        assert_eq!(view.selected(&relisted).map(|f| f.0), Some("apple"));
        let fewer = vec![Fruit("fig", 40)];
        view.rebuild(&fewer, keep.as_deref());
        assert_eq!(view.selected(&fewer).map(|f| f.0), Some("fig"));
        view.rebuild::<Fruit>(&[], None);
        assert_eq!(view.selected(&[] as &[Fruit]).map(|f| f.0), None);
    }
}
