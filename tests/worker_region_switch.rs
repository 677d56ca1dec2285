//! The worker against the emulator: `:region` replaces the AWS session, and
//! the servers listed afterwards are the new region's.

mod support;

use std::time::Duration;

use support::emulator::{Emulator, REGION};
use tokio::sync::mpsc;
use transfer_console::app::{Cmd, Msg, RequestId};
use transfer_console::aws::AwsSettings;
use transfer_console::worker::Worker;

const OTHER_REGION: &str = "us-west-2";

async fn answer(rx: &mut mpsc::UnboundedReceiver<Msg>) -> Msg {
    tokio::time::timeout(Duration::from_secs(20), rx.recv())
        .await
        .expect("an answer in time")
        .expect("the worker is alive")
}

async fn listed_ids(worker: &Worker, rx: &mut mpsc::UnboundedReceiver<Msg>, n: u64) -> Vec<String> {
    worker.dispatch(Cmd::ListServers { req: RequestId(n) });
    match answer(rx).await {
        Msg::ServersListed { req, result } => {
            assert_eq!(req, RequestId(n));
            result
                .expect("ListServers")
                .into_iter()
                .map(|s| s.id)
                .collect()
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn switching_region_lists_that_regions_servers() {
    let emulator = Emulator::start(&[]);
    emulator.seed(0);
    // The worker loads configuration the way the console does: from the
    // environment. This binary holds this one test, so nothing races it.
    for (name, value) in emulator.console_env() {
        // SAFETY: set before any other thread of this test reads the environment.
        unsafe { std::env::set_var(name, value) };
    }
    // A server that exists only in the other region.
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(OTHER_REGION))
        .endpoint_url(&emulator.url)
        .load()
        .await;
    let created = aws_sdk_transfer::Client::new(&config)
        .create_server()
        .send()
        .await
        .expect("CreateServer in the other region");
    let other_id = created.server_id().to_string();

    let (tx, mut rx) = mpsc::unbounded_channel();
    let settings = AwsSettings {
        profile: None,
        region: Some(REGION.into()),
        endpoint_url: Some(emulator.url.clone()),
        ..Default::default()
    };
    let worker = Worker::new(settings.clone(), tx);
    let before = listed_ids(&worker, &mut rx, 1).await;
    assert!(!before.is_empty(), "the seeded estate is listed");
    assert!(!before.contains(&other_id));

    worker.dispatch(Cmd::Reconnect {
        req: RequestId(2),
        settings: AwsSettings {
            region: Some(OTHER_REGION.into()),
            ..settings
        },
    });
    // Dispatched right after the switch: already the new session.
    worker.dispatch(Cmd::ListServers { req: RequestId(3) });
    let (mut identity, mut after) = (None, None);
    while identity.is_none() || after.is_none() {
        match answer(&mut rx).await {
            Msg::Reconnected { req, result } => {
                assert_eq!(req, RequestId(2));
                identity = Some(result.expect("GetCallerIdentity"));
            }
            Msg::ServersListed { req, result } => {
                assert_eq!(req, RequestId(3));
                let ids: Vec<String> = result
                    .expect("ListServers")
                    .into_iter()
                    .map(|s| s.id)
                    .collect();
                after = Some(ids);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(after, Some(vec![other_id]));
    let identity = identity.expect("identified");
    assert_eq!(identity.region, OTHER_REGION);
    assert!(!identity.account.is_empty());
}
