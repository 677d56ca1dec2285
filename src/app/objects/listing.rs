//! The rows of one prefix as loaded so far, and the order and filter they
//! are shown in. The view is a list of indexes into the arena, rebuilt when
//! a page arrives or the order changes; drawing reads only the rows on
//! screen.

use std::cmp::Reverse;

use crate::model::objects::{Entries, Entry, EntryKind, ListingFull};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Key order, folders first.
    #[default]
    Name,
    /// Largest first.
    Size,
    /// Newest first: "did it arrive?".
    Modified,
}

impl Sort {
    pub fn next(self) -> Self {
        match self {
            Self::Name => Self::Size,
            Self::Size => Self::Modified,
            Self::Modified => Self::Name,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Size => "size ↓",
            Self::Modified => "newest first",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub entries: Entries,
    /// Indexes into `entries`, in display order, filter applied.
    view: Vec<u32>,
    pub sort: Sort,
    /// `S`: the sort's order reversed (folders still first).
    pub reversed: bool,
    pub filter: String,
    pub folders: usize,
    pub objects: usize,
    pub bytes: u64,
}

impl Listing {
    pub fn len(&self) -> usize {
        self.view.len()
    }

    pub fn is_empty(&self) -> bool {
        self.view.is_empty()
    }

    /// The row shown at `position`, with its name.
    pub fn row(&self, position: usize) -> Option<(&Entry, &str)> {
        let index = *self.view.get(position)? as usize;
        let entry = self.entries.get(index)?;
        Some((entry, self.entries.name(entry)))
    }

    /// Adds a page. Returns where the row at `keep` (a display position)
    /// went, so the selection stays on it; a page past the listing's limit
    /// is refused whole.
    pub fn append(&mut self, page: &Entries, keep: usize) -> Result<usize, ListingFull> {
        self.entries.append(page)?;
        for entry in page.iter() {
            match entry.kind {
                EntryKind::Folder => self.folders += 1,
                EntryKind::Object => {
                    self.objects += 1;
                    self.bytes += entry.size;
                }
            }
        }
        let kept = self.view.get(keep).copied();
        Ok(self.rebuild(kept))
    }

    /// The display position of the row named `name`, if shown.
    pub fn position_of(&self, name: &str) -> Option<usize> {
        (0..self.view.len()).find(|&at| self.row(at).is_some_and(|(_, shown)| shown == name))
    }

    /// The same order and filter over other rows (a prefix listed again).
    pub fn renewed(&self, page: &Entries) -> Self {
        let mut listing = Self {
            sort: self.sort,
            filter: self.filter.clone(),
            ..Self::default()
        };
        // One page (at most 1,000 keys of 1 KiB each) is far below the
        // limit; were it refused, the listing would stay empty.
        listing.append(page, 0).unwrap_or_default();
        listing
    }

    pub fn set_sort(&mut self, sort: Sort, keep: usize) -> usize {
        self.sort = sort;
        // A new sort starts in its own order.
        self.reversed = false;
        let kept = self.view.get(keep).copied();
        self.rebuild(kept)
    }

    /// Reverses the order of the current sort; the view starts at the top.
    pub fn reverse(&mut self) {
        self.reversed = !self.reversed;
        self.rebuild(None);
    }

    /// How the view is ordered, for the title.
    pub fn order_label(&self) -> String {
        if self.reversed {
            format!("{} (reversed)", self.sort.label())
        } else {
            self.sort.label().to_string()
        }
    }

    pub fn set_filter(&mut self, filter: &str, keep: usize) -> usize {
        self.filter = filter.to_string();
        let kept = self.view.get(keep).copied();
        self.rebuild(kept)
    }

    /// Rebuilds the view; returns the new position of `kept` (0 if gone).
    fn rebuild(&mut self, kept: Option<u32>) -> usize {
        let entries = &self.entries;
        let filter = self.filter.as_bytes();
        self.view.clear();
        self.view.extend(
            entries
                .iter()
                .enumerate()
                .filter(|(_, e)| filter.is_empty() || contains_ignore_case(entries.name(e), filter))
                .map(|(i, _)| i as u32),
        );
        let entry = |i: &u32| entries.get(*i as usize).copied();
        match self.sort {
            // The arena is in key order already: only folders move up.
            Sort::Name => self
                .view
                .sort_by_key(|i| entry(i).map(|e| e.kind != EntryKind::Folder)),
            Sort::Size => self
                .view
                .sort_by_key(|i| entry(i).map(|e| (e.kind == EntryKind::Folder, Reverse(e.size)))),
            Sort::Modified => self.view.sort_by_key(|i| {
                entry(i).map(|e| (e.kind == EntryKind::Folder, Reverse(e.modified)))
            }),
        }
        if self.reversed {
            // Rows reverse within their group: folders stay where the sort
            // puts them (first by name, last by size or date).
            let folders_first = self.sort == Sort::Name;
            self.view.reverse();
            self.view
                .sort_by_key(|i| entry(i).map(|e| (e.kind == EntryKind::Folder) != folders_first));
        }
        kept.and_then(|k| self.view.iter().position(|&i| i == k))
            .unwrap_or(0)
    }
}

/// ASCII case-insensitive substring test, without allocating.
fn contains_ignore_case(haystack: &str, needle: &[u8]) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rows: &[(&str, u64, i64)]) -> Entries {
        let mut entries = Entries::default();
        for (name, size, modified) in rows {
            let kind = if name.ends_with('/') {
                EntryKind::Folder
            } else {
                EntryKind::Object
            };
            entries.push(name, kind, *size, *modified).unwrap();
        }
        entries
    }

    fn shown(listing: &Listing) -> Vec<&str> {
        (0..listing.len())
            .filter_map(|i| listing.row(i).map(|(_, name)| name))
            .collect()
    }

    #[test]
    fn folders_come_first_by_name_and_last_by_date() {
        let mut listing = Listing::default();
        listing
            .append(
                &page(&[("a.csv", 5, 30), ("b/", 0, 0), ("c.csv", 9, 10)]),
                0,
            )
            .unwrap();
        assert_eq!(shown(&listing), ["b/", "a.csv", "c.csv"]);
        assert_eq!(
            (listing.folders, listing.objects, listing.bytes),
            (1, 2, 14)
        );
        listing.set_sort(Sort::Modified, 0);
        assert_eq!(shown(&listing), ["a.csv", "c.csv", "b/"]);
        listing.set_sort(Sort::Size, 0);
        assert_eq!(shown(&listing), ["c.csv", "a.csv", "b/"]);
    }

    #[test]
    fn s_reverses_the_order_within_folders_and_objects() {
        let mut listing = Listing::default();
        listing
            .append(
                &page(&[
                    ("a.csv", 5, 30),
                    ("b/", 0, 0),
                    ("c.csv", 9, 10),
                    ("d/", 0, 0),
                ]),
                0,
            )
            .unwrap();
        listing.reverse();
        assert_eq!(shown(&listing), ["d/", "b/", "c.csv", "a.csv"]);
        assert_eq!(listing.order_label(), "name (reversed)");
        listing.set_sort(Sort::Modified, 0);
        assert_eq!(shown(&listing), ["a.csv", "c.csv", "b/", "d/"]);
        assert_eq!(listing.order_label(), "newest first");
        listing.reverse();
        assert_eq!(shown(&listing), ["c.csv", "a.csv", "d/", "b/"]);
        assert_eq!(listing.order_label(), "newest first (reversed)");
    }

    #[test]
    fn the_selection_follows_its_row_through_pages_sorts_and_filters() {
        let mut listing = Listing::default();
        listing
            .append(&page(&[("a.csv", 1, 1), ("b.csv", 2, 2)]), 0)
            .unwrap();
        let at = listing.set_sort(Sort::Size, 0); // a.csv, the smallest
        assert_eq!(listing.row(at).map(|r| r.1), Some("a.csv"));
        let at = listing.append(&page(&[("c.csv", 3, 3)]), at).unwrap();
        assert_eq!(listing.row(at).map(|r| r.1), Some("a.csv"));
        let at = listing.set_filter("A.C", at);
        assert_eq!(shown(&listing), ["a.csv"]);
        assert_eq!(at, 0);
        listing.set_filter("zzz", at);
        assert!(listing.is_empty());
    }
}
