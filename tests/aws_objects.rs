//! The S3 browser's `aws` calls against the emulator.

mod support;

use serde_json::json;
use support::emulator::{Emulator, shared};
use tokio_util::sync::CancellationToken;
use transfer_console::aws::s3::{self, DownloadError};
use transfer_console::aws::{AwsError, CallTimeout, Session};
use transfer_console::model::objects::{EntryKind, ObjectPage};
use transfer_console::model::preview::Preview;

fn names(page: &ObjectPage) -> Vec<(String, EntryKind)> {
    page.entries
        .iter()
        .map(|e| (page.entries.name(e).to_string(), e.kind))
        .collect()
}

#[tokio::test]
async fn lists_the_seeded_buckets() {
    let (emulator, estate) = shared();
    let session = emulator.session().await;
    let buckets = s3::list_buckets(&session).await.expect("ListBuckets");
    for name in estate["buckets"].as_array().expect("buckets") {
        let name = name.as_str().expect("name");
        assert!(buckets.iter().any(|b| b.name == name), "{name} missing");
    }
    assert!(buckets.iter().all(|b| b.created.is_some()));
}

#[tokio::test]
async fn a_home_prefix_lists_folders_then_the_uploads_inside() {
    let (emulator, _) = shared();
    let session = emulator.session().await;
    let home = s3::list_page(&session, "acme-partner-drop", "partner-a/", None)
        .await
        .expect("list home");
    assert_eq!(names(&home), [("inbound/".to_string(), EntryKind::Folder)]);
    assert_eq!(home.next_token, None);

    let inbound = s3::list_page(&session, "acme-partner-drop", "partner-a/inbound/", None)
        .await
        .expect("list inbound");
    let listed = names(&inbound);
    assert_eq!(
        listed,
        [
            ("orders-20261120.csv".to_string(), EntryKind::Object),
            ("orders-20261121.csv".to_string(), EntryKind::Object)
        ]
    );
    let first = inbound.entries.get(0).expect("row");
    assert_eq!(first.size, 47);
    assert!(first.modified > 1_700_000_000, "{}", first.modified);
}

#[tokio::test]
async fn a_bucket_that_does_not_exist_is_not_found() {
    let (emulator, _) = shared();
    let session = emulator.session().await;
    let err = s3::list_page(&session, "acme-no-such-bucket", "x/", None)
        .await
        .expect_err("no bucket");
    assert!(matches!(err, AwsError::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn head_object_gives_the_detail() {
    let (emulator, _) = shared();
    let session = emulator.session().await;
    let detail = s3::head_object(&session, "acme-reports", "monthly/2026-10.csv")
        .await
        .expect("HeadObject");
    assert_eq!(detail.size, 41);
    assert!(detail.etag.as_deref().is_some_and(|e| e.len() > 8));
    assert_eq!(detail.storage_class.as_deref(), Some("STANDARD"));
    assert!(detail.modified.is_some());

    let missing = s3::head_object(&session, "acme-reports", "monthly/none.csv")
        .await
        .expect_err("no such key");
    assert!(
        matches!(&missing, AwsError::NotFound { message } if message.contains("monthly/none.csv")),
        "{missing:?}"
    );
}

#[tokio::test]
async fn previews_text_and_refuses_to_show_binary() {
    let (emulator, _) = shared();
    let session = emulator.session().await;
    let text = s3::preview(&session, "acme-legacy-ftp", "erp/daily-20261122.log")
        .await
        .expect("preview");
    assert!(
        matches!(&text, Preview::Text { lines, truncated: false } if lines[0].contains("export start")),
        "{text:?}"
    );
    let binary = s3::preview(
        &session,
        "acme-legacy-ftp",
        "scanners/scanner01/IMG_0001.jpg",
    )
    .await
    .expect("preview");
    assert!(matches!(binary, Preview::Binary { .. }), "{binary:?}");
}

#[tokio::test]
async fn downloads_with_progress_and_never_overwrites_unasked() {
    let (emulator, _) = shared();
    let session = emulator.session().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let dest = dir.path().join("invoice.csv");
    let cancel = CancellationToken::new();
    let mut seen = Vec::new();
    let written = s3::download(
        &session,
        "acme-partner-drop",
        "partner-b/invoices/invoice-2026-11.csv",
        &dest,
        false,
        &cancel,
        |done, total| seen.push((done, total)),
    )
    .await
    .expect("download");
    let body = std::fs::read_to_string(&dest).expect("downloaded file");
    assert!(body.starts_with("invoice,amount"));
    assert_eq!(written, body.len() as u64);
    let mode = |path: &std::path::Path| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(
        mode(&dest),
        0o600,
        "a partner's file is the operator's only"
    );
    assert_eq!(seen.last(), Some(&(written, Some(written))));

    std::fs::write(&dest, "mine").expect("write");
    std::fs::set_permissions(&dest, std::os::unix::fs::PermissionsExt::from_mode(0o644))
        .expect("chmod");
    let again = s3::download(
        &session,
        "acme-partner-drop",
        "partner-b/invoices/invoice-2026-11.csv",
        &dest,
        false,
        &cancel,
        |_, _| {},
    )
    .await;
    assert_eq!(again, Err(DownloadError::Exists(dest.clone())));
    assert_eq!(std::fs::read_to_string(&dest).expect("kept"), "mine");

    s3::download(
        &session,
        "acme-partner-drop",
        "partner-b/invoices/invoice-2026-11.csv",
        &dest,
        true,
        &cancel,
        |_, _| {},
    )
    .await
    .expect("overwrite when asked");
    assert!(
        std::fs::read_to_string(&dest)
            .expect("file")
            .starts_with("invoice")
    );
    assert_eq!(mode(&dest), 0o600, "a replaced file is private too");

    let cancelled = CancellationToken::new();
    cancelled.cancel();
    let other = dir.path().join("never.csv");
    let outcome = s3::download(
        &session,
        "acme-partner-drop",
        "partner-b/invoices/invoice-2026-11.csv",
        &other,
        false,
        &cancelled,
        |_, _| {},
    )
    .await;
    assert_eq!(outcome, Err(DownloadError::Cancelled));
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        1,
        "a cancelled download leaves nothing behind"
    );
}

async fn list_all(session: &Session, bucket: &str, prefix: &str) -> (usize, Vec<String>) {
    let mut token = None;
    let mut pages = 0;
    let mut names = Vec::new();
    loop {
        let page = s3::list_page(session, bucket, prefix, token)
            .await
            .expect("page");
        assert!(page.entries.len() <= s3::PAGE_KEYS as usize);
        pages += 1;
        names.extend(
            page.entries
                .iter()
                .map(|e| page.entries.name(e).to_string()),
        );
        token = page.next_token;
        if token.is_none() {
            return (pages, names);
        }
    }
}

#[tokio::test]
async fn a_prefix_of_20000_objects_comes_in_20_pages_of_1000() {
    let emulator = Emulator::start(&[]);
    let session = emulator.session().await;
    session
        .s3
        .create_bucket()
        .bucket("acme-big")
        .create_bucket_configuration(
            aws_sdk_s3::types::CreateBucketConfiguration::builder()
                .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::ApNortheast1)
                .build(),
        )
        .send()
        .await
        .expect("CreateBucket");
    emulator.control(
        "POST",
        "bulk-objects",
        Some(json!({"bucket": "acme-big", "prefix": "archive/", "count": 20000, "size": 512})),
    );
    emulator.control("DELETE", "requests", None);
    let (pages, names) = list_all(&session, "acme-big", "archive/").await;
    assert_eq!(pages, 20);
    assert_eq!(names.len(), 20000);
    assert_eq!(names[0], "file-000001.csv");
    assert_eq!(names[19999], "file-020000.csv");
    assert!(names.windows(2).all(|w| w[0] < w[1]), "in key order");
    let lists = emulator
        .requests()
        .iter()
        .filter(|(_, op)| op == "ListObjectsV2")
        .count();
    assert_eq!(lists, 20, "one request per page");
}

#[tokio::test]
async fn denials_name_the_iam_action_and_delete_removes_the_object() {
    let emulator = Emulator::start(&[]);
    emulator.seed(0);
    let session = emulator.session().await;
    for (operation, action) in [
        ("ListObjectsV2", "s3:ListBucket"),
        ("HeadObject", "s3:GetObject"),
    ] {
        emulator.control(
            "POST",
            "faults",
            Some(json!({"service": "s3", "operation": operation, "kind": "access_denied"})),
        );
        let err = match operation {
            "ListObjectsV2" => s3::list_page(&session, "acme-reports", "monthly/", None)
                .await
                .map(|_| ()),
            _ => s3::head_object(&session, "acme-reports", "monthly/2026-10.csv")
                .await
                .map(|_| ()),
        }
        .expect_err("denied");
        assert!(
            matches!(&err, AwsError::AccessDenied { action: a, .. } if a == action),
            "{operation}: {err:?}"
        );
        emulator.control("DELETE", "faults", None);
    }

    s3::delete_object(&session, "acme-reports", "monthly/2026-10.csv")
        .await
        .expect("DeleteObject");
    let after = s3::list_page(&session, "acme-reports", "monthly/", None)
        .await
        .expect("list");
    assert!(after.entries.is_empty());
}

#[tokio::test]
async fn keys_with_control_characters_spaces_and_plus_signs_list_as_they_are() {
    let emulator = Emulator::start(&[]);
    emulator.seed(0);
    let session = emulator.session().await;
    let keys = [
        "odd/\u{1b}[2Jwiped.txt",
        "odd/a b+c.txt",
        "odd/bell\u{7}.csv",
        "odd/sub dir/inner.txt",
        "odd/注文.csv",
    ];
    for key in keys {
        session
            .s3
            .put_object()
            .bucket("acme-reports")
            .key(key)
            .body(b"x".to_vec().into())
            .send()
            .await
            .unwrap_or_else(|err| panic!("PutObject {key:?}: {err:?}"));
    }
    let page = s3::list_page(&session, "acme-reports", "odd/", None)
        .await
        .expect("a folder with a control character in a key still lists");
    assert_eq!(
        names(&page),
        [
            ("\u{1b}[2Jwiped.txt".to_string(), EntryKind::Object),
            ("a b+c.txt".to_string(), EntryKind::Object),
            ("bell\u{7}.csv".to_string(), EntryKind::Object),
            ("sub dir/".to_string(), EntryKind::Folder),
            ("注文.csv".to_string(), EntryKind::Object),
        ]
    );
}

/// A loopback "S3" that sends an object's head and its first bytes, then
/// nothing more while keeping the connection open: a stalled network.
async fn stalls_after_the_first_bytes() -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = vec![0; 65536];
                let _ = stream.read(&mut request).await;
                let _ = stream
                    .write_all(
                        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\
                          Content-Length: 100000\r\n\r\ninvoice,amount\n",
                    )
                    .await;
                tokio::time::sleep(std::time::Duration::from_secs(600)).await;
                drop(stream);
            });
        }
    });
    url
}

#[tokio::test]
async fn a_body_that_stalls_halfway_ends_the_download_and_the_preview() {
    let url = stalls_after_the_first_bytes().await;
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("ap-northeast-1"))
        .endpoint_url(url)
        .credentials_provider(aws_credential_types::Credentials::new(
            "testing", "testing", None, None, "test",
        ))
        .timeout_config(CallTimeout(std::time::Duration::from_secs(2)).sdk_config())
        .load()
        .await;
    let session = Session::from_config(&config, true).expect("session");
    let dir = tempfile::tempdir().expect("tempdir");
    let dest = dir.path().join("invoice.csv");
    let mut received = 0;
    // Without a bound on the body the download would wait for ever; the
    // outer bound only turns that into a failure.
    let outcome = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        s3::download(
            &session,
            "acme-partner-drop",
            "invoice.csv",
            &dest,
            false,
            &CancellationToken::new(),
            |done, _| received = done,
        ),
    )
    .await
    .expect("the stalled body is given up");
    assert_eq!(
        outcome,
        Err(DownloadError::Aws(AwsError::Timeout {
            action: "s3:GetObject".into(),
            after: Some(std::time::Duration::from_secs(1)),
        }))
    );
    assert_eq!(received, "invoice,amount\n".len() as u64);
    assert_eq!(
        std::fs::read_dir(dir.path()).expect("dir").count(),
        0,
        "a stalled download leaves no part file"
    );

    let preview = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        s3::preview(&session, "acme-partner-drop", "invoice.csv"),
    )
    .await
    .expect("the stalled preview is given up");
    assert!(
        matches!(preview, Err(AwsError::Timeout { .. })),
        "{preview:?}"
    );
}
