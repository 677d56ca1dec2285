//! Render tests of the identity provider view and the access check,
//! compared with reviewed snapshots at a normal and a small size.

use super::tests::render;
use crate::app::access::tests::{access_app, twin_provider};

#[test]
fn provider_of_the_twin_at_120_by_40() {
    insta::assert_snapshot!(render(&twin_provider(false), 120, 40));
}

#[test]
fn provider_of_the_twin_at_80_by_24() {
    insta::assert_snapshot!(render(&twin_provider(false), 80, 24));
}

#[test]
fn access_check_at_120_by_40() {
    insta::assert_snapshot!(render(&access_app(), 120, 40));
}

#[test]
fn access_check_at_80_by_24() {
    insta::assert_snapshot!(render(&access_app(), 80, 24));
}

#[test]
fn the_provider_names_the_missing_server_and_the_command() {
    let screen = render(&twin_provider(false), 120, 40);
    assert!(
        screen.contains("✗ no statement lets transfer.amazonaws.com invoke it"),
        "{screen}"
    );
    assert!(screen.contains("aws lambda add-permission"), "{screen}");
    assert!(
        screen.contains("SecretPrefix, SecretsManagerRegion (names only)"),
        "{screen}"
    );
}

#[test]
fn the_access_check_shows_put_object_denied_and_what_is_not_evaluated() {
    let screen = render(&access_app(), 120, 40);
    assert!(screen.contains("s3:PutObject"), "{screen}");
    assert!(screen.contains("✗ denied"), "{screen}");
    assert!(screen.contains("ReadInvoices"), "{screen}");
    assert!(
        screen.contains("not evaluated: service control policies"),
        "{screen}"
    );
}
