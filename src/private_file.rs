//! The console's own files that only the user may read (the log, the audit
//! log), opened for appending.
//!
//! A path named on the command line can be anything: `/dev/null`, a FIFO,
//! another user's file, a symbolic link. The mode is tightened to 0600 only
//! on a regular file the console created or the user owns, judged from the
//! opened descriptor (`fstat`), not the path, so nothing can be swapped in
//! between the check and the `fchmod`. A device or a FIFO is written to as
//! it is; another user's regular file is refused, since that user could
//! read what is written.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

const PRIVATE: u32 = 0o600;

/// Opens `path` for appending, creating it (and its directory) if needed.
pub fn open_append(path: &Path) -> io::Result<File> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    // O_CREAT|O_EXCL neither follows a symbolic link nor opens an existing
    // file: success means the console made this file.
    match OpenOptions::new()
        .append(true)
        .create_new(true)
        .mode(PRIVATE)
        .open(path)
    {
        Ok(file) => {
            // `mode` went through the umask; set it exactly.
            file.set_permissions(std::fs::Permissions::from_mode(PRIVATE))?;
            return Ok(file);
        }
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
        Err(err) => return Err(err),
    }
    let file = OpenOptions::new().append(true).open(path)?;
    let meta = file.metadata()?;
    if !meta.file_type().is_file() {
        return Ok(file); // `/dev/null`, a FIFO: not the console's to change
    }
    if meta.uid() != effective_uid() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "{} belongs to another user (uid {}), who could read what is written there",
                path.display(),
                meta.uid()
            ),
        ));
    }
    if meta.mode() & 0o777 != PRIVATE {
        file.set_permissions(std::fs::Permissions::from_mode(PRIVATE))?;
    }
    Ok(file)
}

fn effective_uid() -> u32 {
    // SAFETY: geteuid(2) takes nothing, touches no memory and cannot fail.
    unsafe { libc::geteuid() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().mode() & 0o777
    }

    #[test]
    fn a_new_file_and_an_own_loose_one_end_up_private() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("nested/new.log");
        open_append(&new).unwrap();
        assert_eq!(mode(&new), 0o600);

        let loose = dir.path().join("loose.log");
        std::fs::write(&loose, "before\n").unwrap();
        std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o644)).unwrap();
        open_append(&loose).unwrap().write_all(b"after\n").unwrap();
        assert_eq!(mode(&loose), 0o600);
        assert_eq!(std::fs::read_to_string(&loose).unwrap(), "before\nafter\n");
    }

    #[test]
    fn a_fifo_is_written_to_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .args(["-m", "0644"])
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // Opening a FIFO for writing waits for a reader.
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut text = String::new();
                File::open(fifo).unwrap().read_to_string(&mut text).unwrap();
                text
            })
        };
        let mut file = open_append(&fifo).unwrap();
        file.write_all(b"line\n").unwrap();
        drop(file);
        assert_eq!(reader.join().unwrap(), "line\n");
        assert_eq!(mode(&fifo), 0o644, "a FIFO's mode is not the console's");
    }

    #[test]
    fn another_users_file_is_neither_changed_nor_used() {
        let dir = tempfile::tempdir().unwrap();
        let theirs = dir.path().join("theirs.log");
        std::fs::write(&theirs, "").unwrap();
        std::fs::set_permissions(&theirs, std::fs::Permissions::from_mode(0o644)).unwrap();
        let nobody = 65_534;
        if std::os::unix::fs::chown(&theirs, Some(nobody), None).is_err() {
            // Only root can give a file away; as anyone else the file
            // cannot be set up, and fchmod would fail on it anyway.
            assert_ne!(effective_uid(), 0);
            return;
        }
        let err = open_append(&theirs).unwrap_err();
        assert!(err.to_string().contains("another user"), "{err}");
        assert_eq!(mode(&theirs), 0o644);
    }
}
