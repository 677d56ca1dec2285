//! S3 listings as the browser holds them: compact rows in one arena, so a
//! prefix of 100,000 keys costs a few megabytes and no allocation per row.

use std::collections::BTreeMap;

/// A row of a `/`-delimited listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A common prefix (`name` ends with `/`).
    Folder,
    Object,
}

/// Bytes of names, and rows, one listing holds at most. Offsets into the
/// arena are `u32`, which keeps a row at 32 bytes (40 with `usize`) for
/// listings of 100,000 keys and more; past this they would wrap, so rows
/// beyond it are refused rather than stored.
pub const MAX_NAME_BYTES: usize = u32::MAX as usize;

/// A listing that would outgrow [`MAX_NAME_BYTES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("more than {} of names in one listing: the rest is not loaded", human_size(MAX_NAME_BYTES as u64))]
pub struct ListingFull;

/// One row, its name stored in the listing's arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    start: u32,
    len: u32,
    pub kind: EntryKind,
    pub size: u64,
    /// Last modified, seconds since the Unix epoch (0 for folders).
    pub modified: i64,
}

/// Rows of one prefix: names are the keys without the prefix, all in one
/// string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entries {
    names: String,
    rows: Vec<Entry>,
}

impl Entries {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Adds a row; refused, and nothing added, past [`MAX_NAME_BYTES`].
    pub fn push(
        &mut self,
        name: &str,
        kind: EntryKind,
        size: u64,
        modified: i64,
    ) -> Result<(), ListingFull> {
        self.push_within(MAX_NAME_BYTES, name, kind, size, modified)
    }

    fn push_within(
        &mut self,
        limit: usize,
        name: &str,
        kind: EntryKind,
        size: u64,
        modified: i64,
    ) -> Result<(), ListingFull> {
        let start = self.room_for(limit, name.len(), 1)?;
        self.names.push_str(name);
        self.rows.push(Entry {
            start,
            len: name.len() as u32, // at most `limit`, checked above
            kind,
            size,
            modified,
        });
        Ok(())
    }

    /// Appends another page's rows; refused, and nothing added, past
    /// [`MAX_NAME_BYTES`].
    pub fn append(&mut self, other: &Entries) -> Result<(), ListingFull> {
        self.append_within(MAX_NAME_BYTES, other)
    }

    fn append_within(&mut self, limit: usize, other: &Entries) -> Result<(), ListingFull> {
        let base = self.room_for(limit, other.names.len(), other.rows.len())?;
        self.names.push_str(&other.names);
        // Each row's end was within `other.names`, so `base` plus it stays
        // within the checked total.
        self.rows.extend(other.rows.iter().map(|row| Entry {
            start: row.start + base,
            ..*row
        }));
        Ok(())
    }

    /// The offset the next name starts at, when `bytes` more bytes and
    /// `rows` more rows still fit under `limit` (itself at most u32::MAX).
    fn room_for(&self, limit: usize, bytes: usize, rows: usize) -> Result<u32, ListingFull> {
        let limit = limit.min(MAX_NAME_BYTES);
        let fits = |have: usize, more: usize| have.checked_add(more).is_some_and(|n| n <= limit);
        if !fits(self.names.len(), bytes) || !fits(self.rows.len(), rows) {
            return Err(ListingFull);
        }
        u32::try_from(self.names.len()).map_err(|_| ListingFull)
    }

    pub fn get(&self, index: usize) -> Option<&Entry> {
        self.rows.get(index)
    }

    pub fn name(&self, entry: &Entry) -> &str {
        let start = entry.start as usize;
        self.names
            .get(start..start + entry.len as usize)
            .unwrap_or("")
    }

    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.rows.iter()
    }

    /// Bytes held, for the benchmark's accounting.
    pub fn heap_bytes(&self) -> usize {
        self.names.capacity() + self.rows.capacity() * std::mem::size_of::<Entry>()
    }
}

/// One ListObjectsV2 answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectPage {
    pub entries: Entries,
    /// Where the next page starts; `None` on the last page.
    pub next_token: Option<String>,
}

/// A bucket from ListBuckets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketSummary {
    pub name: String,
    pub created: Option<i64>,
}

/// HeadObject's answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectDetail {
    pub key: String,
    pub size: u64,
    pub modified: Option<i64>,
    pub etag: Option<String>,
    pub storage_class: Option<String>,
    pub content_type: Option<String>,
    pub metadata: BTreeMap<String, String>,
}

/// The local file name a download of `key` is offered under: the key's
/// last part without control characters, never hidden and never `.` or
/// `..`. A key is a partner's choice: in CloudShell the working directory
/// is `$HOME`, where `.bashrc` or `.profile` would run at the next login,
/// so a name starting with `.` is offered as `_.bashrc` and is only ever
/// used when the operator types it.
pub fn download_name(key: &str) -> String {
    let base = key.rsplit('/').next().unwrap_or(key);
    let name: String = base.chars().filter(|&c| !c.is_control()).collect();
    if name.is_empty() {
        "download".to_string()
    } else if name.starts_with('.') {
        format!("_{name}")
    } else {
        name
    }
}

/// `1.5 KiB`, `20.0 MiB`: short enough for a column.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// `2026-11-22 02:03:04` in UTC, as S3 reports times: to the second, so that
/// uploads of the same minute are told apart.
pub fn utc_second(epoch_seconds: i64) -> String {
    let days = epoch_seconds.div_euclid(86_400);
    let seconds = epoch_seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// `civil_from_days`), so that a column of dates needs no date library.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Why a download did not complete.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DownloadError {
    #[error("{} already exists", .0.display())]
    Exists(std::path::PathBuf),
    #[error("cancelled")]
    Cancelled,
    #[error("{0}")]
    Aws(crate::model::aws_error::AwsError),
    #[error("cannot write {}: {reason}", path.display())]
    Local {
        path: std::path::PathBuf,
        reason: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_append_into_one_arena() {
        let mut all = Entries::default();
        let mut page = Entries::default();
        page.push("a/", EntryKind::Folder, 0, 0).unwrap();
        page.push("b.csv", EntryKind::Object, 10, 5).unwrap();
        all.append(&page).unwrap();
        let mut next = Entries::default();
        next.push("c.csv", EntryKind::Object, 20, 6).unwrap();
        all.append(&next).unwrap();
        let names: Vec<_> = all.iter().map(|e| all.name(e)).collect();
        assert_eq!(names, ["a/", "b.csv", "c.csv"]);
        assert_eq!(all.get(2).map(|e| e.size), Some(20));
    }

    #[test]
    fn names_past_the_limit_are_refused_and_nothing_wraps() {
        // The real limit is 4 GiB; the same checks run against 10 bytes.
        let mut all = Entries::default();
        all.push_within(10, "abcd", EntryKind::Object, 1, 1)
            .unwrap();
        let mut page = Entries::default();
        page.push("efgh", EntryKind::Object, 2, 2).unwrap();
        page.push("ij", EntryKind::Object, 3, 3).unwrap();
        all.append_within(10, &page).unwrap(); // exactly 10 bytes: fits
        assert_eq!(all.len(), 3);
        assert_eq!(
            all.push_within(10, "k", EntryKind::Object, 4, 4),
            Err(ListingFull)
        );
        assert_eq!(all.append_within(10, &page), Err(ListingFull));
        let names: Vec<_> = all.iter().map(|e| all.name(e)).collect();
        assert_eq!(names, ["abcd", "efgh", "ij"], "a refused page adds nothing");
        // Rows count against the limit too (empty names take no bytes).
        let mut empty = Entries::default();
        for _ in 0..10 {
            empty.push_within(10, "", EntryKind::Object, 0, 0).unwrap();
        }
        assert_eq!(
            empty.push_within(10, "", EntryKind::Object, 0, 0),
            Err(ListingFull)
        );
        // Offsets stay u32 and the limit cannot be raised past them.
        assert_eq!(MAX_NAME_BYTES, u32::MAX as usize);
        assert_eq!(
            Entries::default().room_for(usize::MAX, MAX_NAME_BYTES + 1, 1),
            Err(ListingFull)
        );
        assert_eq!(std::mem::size_of::<Entry>(), 32);
    }

    #[test]
    fn download_names_are_never_hidden_nor_carry_control_characters() {
        assert_eq!(download_name("in/orders.csv"), "orders.csv");
        assert_eq!(download_name("home/partner-a/.bashrc"), "_.bashrc");
        assert_eq!(
            download_name("home/partner-a/.ssh/authorized_keys"),
            "authorized_keys"
        );
        assert_eq!(download_name("a/.."), "_..");
        assert_eq!(download_name("a/."), "_.");
        assert_eq!(download_name("a/\x1b[2Jx\u{9b}.csv\n"), "[2Jx.csv");
        assert_eq!(download_name("\x07.profile"), "_.profile");
        assert_eq!(download_name("folder/"), "download");
    }

    #[test]
    fn sizes_and_times_read_as_people_write_them() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(20 * 1024 * 1024), "20.0 MiB");
        assert_eq!(utc_second(0), "1970-01-01 00:00:00");
        assert_eq!(utc_second(1_795_312_980), "2026-11-22 02:03:00");
        assert_eq!(utc_second(1_795_312_987), "2026-11-22 02:03:07");
        assert_eq!(utc_second(951_782_400), "2000-02-29 00:00:00");
        assert_eq!(utc_second(-1), "1969-12-31 23:59:59");
    }
}
