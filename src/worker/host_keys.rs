//! Runs the host keys pane's commands: `aws::host_keys` calls, and reading
//! a private key file (never quoted in an error, never logged).

use std::io::Read;

use super::Worker;
use crate::app::Msg;
use crate::app::host_keys::{HostKeyChange, HostKeysCmd, HostKeysMsg, judge};
use crate::aws::{self, AwsError, Session};
use crate::model::PrivateHostKey;

/// Far more than any private key; a bigger file is not one.
const MAX_KEY_FILE: u64 = 16 * 1024;

pub(super) async fn run(worker: &Worker, cmd: HostKeysCmd) -> Msg {
    let msg = match cmd {
        HostKeysCmd::List { req, server_id } => HostKeysMsg::Listed {
            req,
            result: worker
                .with_session(|session| aws::host_keys::list_host_keys(session, &server_id))
                .await,
        },
        HostKeysCmd::ReadKeyFile { req, path } => HostKeysMsg::KeyRead {
            req,
            result: tokio::task::spawn_blocking(move || read_key_file(&path))
                .await
                .unwrap_or_else(|err| Err(format!("reading the key failed: {err}"))),
        },
        HostKeysCmd::Change {
            req,
            server_id,
            change,
        } => {
            let session = worker.session().await;
            let (result, afterwards) = match session {
                Ok(session) => change_and_judge(session, &server_id, &change).await,
                Err(err) => (Err(err.clone()), None),
            };
            HostKeysMsg::Changed {
                req,
                server_id,
                change,
                result,
                afterwards,
            }
        }
    };
    Msg::HostKeys(msg)
}

type Answer = (
    Result<Option<String>, AwsError>,
    Option<crate::app::managed_users::Afterwards>,
);

/// Makes the change; after a failure that may have been applied, reads the
/// keys again and judges.
async fn change_and_judge(session: &Session, server_id: &str, change: &HostKeyChange) -> Answer {
    use aws::host_keys as calls;
    // An import is judged by a key that was not there before it.
    let before = match change {
        HostKeyChange::Import { .. } => calls::list_host_keys(session, server_id).await.ok(),
        _ => None,
    };
    let result = match change {
        HostKeyChange::Import {
            key, description, ..
        } => calls::import_host_key(session, server_id, key, description)
            .await
            .map(Some),
        HostKeyChange::Describe { key_id, after, .. } => {
            calls::update_host_key(session, server_id, key_id, after)
                .await
                .map(|()| None)
        }
        HostKeyChange::Delete { key_id, .. } => calls::delete_host_key(session, server_id, key_id)
            .await
            .map(|()| None),
    };
    let afterwards = match &result {
        // Refused outright or never sent: nothing to read back.
        Err(err) if !err.is_setup_problem() && !is_refusal(err) => {
            let after = match change {
                HostKeyChange::Import { .. } => calls::list_host_keys(session, server_id).await,
                // The one key, as a listing of it or of nothing.
                HostKeyChange::Describe { key_id, .. } | HostKeyChange::Delete { key_id, .. } => {
                    match calls::describe_host_key(session, server_id, key_id).await {
                        Ok(key) => Ok(vec![key]),
                        Err(AwsError::NotFound { .. }) => Ok(Vec::new()),
                        Err(err) => Err(err),
                    }
                }
            };
            Some(judge(change, before.as_deref(), after))
        }
        _ => None,
    };
    (result, afterwards)
}

/// AWS's answers that say the write was not made.
pub(super) fn is_refusal(err: &AwsError) -> bool {
    matches!(
        err,
        AwsError::AccessDenied { .. } | AwsError::NotFound { .. }
    ) || matches!(err, AwsError::Service { code, .. } if code == "ResourceExistsException"
            || code == "InvalidRequestException" || code == "ValidationException")
}

/// The private key in `path` (`~/` is the home directory): a regular file
/// of at most 16 KiB that holds one unencrypted private key.
fn read_key_file(path: &str) -> Result<PrivateHostKey, String> {
    let path = match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => std::path::PathBuf::from(path),
    };
    let file = std::fs::File::open(&path).map_err(|err| format!("cannot open it: {err}"))?;
    let meta = file
        .metadata()
        .map_err(|err| format!("cannot read it: {err}"))?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_KEY_FILE {
        return Err(format!("{} bytes: too big for a private key", meta.len()));
    }
    let mut text = String::new();
    file.take(MAX_KEY_FILE)
        .read_to_string(&mut text)
        .map_err(|_| "not a text file".to_string())?;
    PrivateHostKey::parse(&text)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn a_key_file_is_read_and_what_is_no_key_is_refused_unquoted() {
        let dir = tempfile::tempdir().expect("tempdir");
        let key = dir.path().join("key");
        std::fs::write(
            &key,
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----\n",
        )
        .expect("write");
        assert!(read_key_file(&key.to_string_lossy()).is_ok());

        let other = dir.path().join("notes");
        let mut file = std::fs::File::create(&other).expect("create");
        writeln!(file, "hunter2 is the password").expect("write");
        let err = read_key_file(&other.to_string_lossy()).expect_err("no key");
        assert!(!err.contains("hunter2"), "{err}");

        let err = read_key_file(&dir.path().to_string_lossy()).expect_err("a directory");
        assert!(err.contains("not a regular file"), "{err}");
        let err = read_key_file("/nonexistent/key").expect_err("missing");
        assert!(err.contains("cannot open"), "{err}");
    }
}
