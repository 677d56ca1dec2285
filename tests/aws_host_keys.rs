//! Host key calls of the `aws` layer against the emulator: list, import
//! (with the fingerprint AWS computes from the key), describe, update the
//! description, delete, and AWS's refusals.

mod support;

use support::emulator::{Emulator, seeded_server};
use support::loopback::new_host_key;
use transfer_console::aws::{self, AwsError};
use transfer_console::model::PrivateHostKey;

#[tokio::test]
async fn a_host_key_is_imported_described_renamed_and_deleted() {
    let emulator = Emulator::start(&[]);
    let estate = emulator.seed(0);
    let session = emulator.session().await;
    let id = seeded_server(&estate, "sftp_public").to_string();

    let before = aws::host_keys::list_host_keys(&session, &id)
        .await
        .expect("ListHostKeys");
    let server = aws::transfer::describe_server(&session, &id)
        .await
        .expect("DescribeServer");
    assert_eq!(before.len(), 1);
    assert_eq!(
        Some(&before[0].fingerprint),
        server.host_key_fingerprint.as_ref()
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let (path, fingerprint) = new_host_key(dir.path(), "rotation");
    let body = std::fs::read_to_string(&path).expect("the private key");
    let key = PrivateHostKey::parse(&body).expect("a private key");
    let key_id = aws::host_keys::import_host_key(&session, &id, &key, "rotation 2026")
        .await
        .expect("ImportHostKey");

    let described = aws::host_keys::describe_host_key(&session, &id, &key_id)
        .await
        .expect("DescribeHostKey");
    assert_eq!(described.id, key_id);
    assert_eq!(described.fingerprint, fingerprint);
    assert_eq!(described.kind, "ssh-ed25519");
    assert_eq!(described.description, "rotation 2026");
    assert!(described.imported.is_some(), "{described:?}");

    aws::host_keys::update_host_key(&session, &id, &key_id, "in use since May")
        .await
        .expect("UpdateHostKey");
    let listed = aws::host_keys::list_host_keys(&session, &id)
        .await
        .expect("ListHostKeys");
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[1], {
        let mut renamed = described.clone();
        renamed.description = "in use since May".into();
        renamed
    });

    // The same key again is AWS's ResourceExistsException.
    let again = aws::host_keys::import_host_key(&session, &id, &key, "")
        .await
        .expect_err("a duplicate");
    assert!(
        matches!(&again, AwsError::Service { code, .. } if code == "ResourceExistsException"),
        "{again:?}"
    );

    aws::host_keys::delete_host_key(&session, &id, &key_id)
        .await
        .expect("DeleteHostKey");
    let after = aws::host_keys::list_host_keys(&session, &id)
        .await
        .expect("ListHostKeys");
    assert_eq!(after, before);
    let gone = aws::host_keys::describe_host_key(&session, &id, &key_id)
        .await
        .expect_err("deleted");
    assert!(matches!(gone, AwsError::NotFound { .. }), "{gone:?}");
}
