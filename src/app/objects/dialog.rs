//! The browser's questions (where to save, overwrite?, delete?) and the
//! work they start.

use std::path::{Path, PathBuf};

use crate::app::message::RequestId;
use crate::app::{Confirm, Form};
use crate::model::objects::download_name;
use crate::model::text::inert;

#[derive(Debug, Clone)]
pub enum Dialog {
    /// Where to save `key`.
    DownloadTo { form: Form, key: String },
    /// `dest` exists: replace it?
    Overwrite {
        confirm: Confirm,
        key: String,
        dest: PathBuf,
    },
    /// Type the key's name to delete it.
    Delete { confirm: Confirm, key: String },
}

/// A download in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    pub req: RequestId,
    pub key: String,
    pub dest: PathBuf,
    pub done: u64,
    pub total: Option<u64>,
    pub cancelling: bool,
}

/// A DeleteObject waiting for its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deletion {
    pub req: RequestId,
    pub key: String,
}

/// The download form: one field, the local path, prefilled with the
/// object's name made safe ([`download_name`]: never hidden, no control
/// characters) in `dir` (the user's download directory), or in the working
/// directory when there is none.
pub fn download_form(key: &str, dir: Option<&Path>) -> Form {
    let name = download_name(key);
    let path = match dir {
        Some(dir) => dir.join(&name).display().to_string(),
        None => name.clone(),
    };
    let hint = if name.starts_with("_.") {
        "the object's name starts with '.': type it to save a hidden file"
    } else {
        "a file, or a directory to save into (~ is your home); nothing is replaced without asking"
    };
    Form::new(format!("Download {}", inert(key)))
        .submit("download")
        .field("Save to", &path, hint)
}

/// Why a typed local path is refused: a control character in a file name
/// is never what the operator meant (it came from a paste).
pub fn download_path_problem(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        Some("give a local path")
    } else if path.chars().any(char::is_control) {
        Some("the path holds control characters")
    } else {
        None
    }
}

pub fn overwrite_question(key: &str, dest: &std::path::Path) -> Confirm {
    Confirm::new(
        "Replace the local file?",
        vec![
            format!("{} already exists.", dest.display()),
            format!("Replace it with {key}?"),
        ],
    )
}

pub fn delete_question(bucket: &str, key: &str) -> Confirm {
    Confirm::typed(
        "Delete object",
        vec![
            format!("s3://{bucket}/{key}"),
            "will be deleted. Without versioning on the bucket it cannot be recovered.".into(),
        ],
        vec![name_to_type(key).to_string()],
    )
}

/// The part of `key` to type to delete it: its last segment, with the
/// trailing `/` of a folder marker (`b/` for `a/b/`); the whole key when
/// that part is blank.
fn name_to_type(key: &str) -> &str {
    let base = key.trim_end_matches('/');
    let start = base.rfind('/').map_or(0, |slash| slash + 1);
    let name = &key[start..];
    if name.trim().is_empty() { key } else { name }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_to_type_is_never_empty() {
        assert_eq!(name_to_type("a/b/report.csv"), "report.csv");
        assert_eq!(name_to_type("a/b/"), "b/");
        assert_eq!(name_to_type("b/"), "b/");
        assert_eq!(name_to_type("/"), "/");
        assert_eq!(name_to_type("a/ "), "a/ ");
        assert_eq!(name_to_type("x"), "x");
    }
}
