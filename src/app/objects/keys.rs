//! The S3 browser's key bindings, which also feed the `?` help.

use crossterm::event::KeyCode;

use crate::app::keymap::{Action, Binding};

/// What a key asks of the object browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectsAction {
    Open,
    Buckets,
    Filter,
    Sort,
    SortReverse,
    Recent,
    LoadAll,
    Detail,
    Preview,
    Download,
    CancelDownload,
    Delete,
}

const fn bind(
    keys: &'static [KeyCode],
    label: &'static str,
    action: ObjectsAction,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        label,
        action: Action::Objects(action),
        help,
    }
}

const OPEN: Binding = bind(&[KeyCode::Enter], "Enter", ObjectsAction::Open, "open");

/// The servers list's way into the buckets.
pub const SERVERS: &[Binding] = &[bind(
    &[KeyCode::Char('b')],
    "b",
    ObjectsAction::Buckets,
    "browse S3 buckets",
)];

pub const BUCKETS: &[Binding] = &[bind(
    &[KeyCode::Enter],
    "Enter",
    ObjectsAction::Open,
    "browse the bucket",
)];

pub const OBJECTS: &[Binding] = &[
    OPEN,
    bind(
        &[KeyCode::Char('/')],
        "/",
        ObjectsAction::Filter,
        "filter: names containing the text (not fuzzy)",
    ),
    bind(
        &[KeyCode::Char('s')],
        "s",
        ObjectsAction::Sort,
        "sort: name, size, modified",
    ),
    bind(
        &[KeyCode::Char('S')],
        "S",
        ObjectsAction::SortReverse,
        "reverse the order",
    ),
    bind(
        &[KeyCode::Char('n')],
        "n",
        ObjectsAction::Recent,
        "recent uploads first",
    ),
    bind(
        &[KeyCode::Char('a')],
        "a",
        ObjectsAction::LoadAll,
        "load all pages",
    ),
    bind(
        &[KeyCode::Char('i')],
        "i",
        ObjectsAction::Detail,
        "object detail",
    ),
    bind(
        &[KeyCode::Char('p')],
        "p",
        ObjectsAction::Preview,
        "preview (64 KiB)",
    ),
    bind(
        &[KeyCode::Char('d')],
        "d",
        ObjectsAction::Download,
        "download",
    ),
    bind(
        &[KeyCode::Char('c')],
        "c",
        ObjectsAction::CancelDownload,
        "cancel the download",
    ),
    bind(
        &[KeyCode::Char('x'), KeyCode::Delete],
        "x / Del",
        ObjectsAction::Delete,
        "delete the object",
    ),
];
