//! The worker against the emulator: the create form's work for another
//! region (a clone elsewhere) reads that region's pick lists, creates the
//! server there and follows it there, while the console's own session
//! stays on its region.

mod support;

use std::time::Duration;

use support::emulator::{Emulator, REGION};
use tokio::sync::mpsc;
use transfer_console::app::create::{CreateCmd, CreateMsg};
use transfer_console::app::{Cmd, Msg, RequestId};
use transfer_console::aws::AwsSettings;
use transfer_console::model::server_spec::ServerSpec;
use transfer_console::worker::Worker;

const OTHER_REGION: &str = "us-west-2";

async fn answer(rx: &mut mpsc::UnboundedReceiver<Msg>) -> Msg {
    tokio::time::timeout(Duration::from_secs(20), rx.recv())
        .await
        .expect("an answer in time")
        .expect("the worker is alive")
}

#[tokio::test]
async fn a_server_for_another_region_is_listed_made_and_followed_there() {
    let emulator = Emulator::start(&[]);
    // The worker loads configuration the way the console does: from the
    // environment. This binary holds this one test, so nothing races it.
    for (name, value) in emulator.console_env() {
        // SAFETY: set before any other thread of this test reads the environment.
        unsafe { std::env::set_var(name, value) };
    }
    let settings = AwsSettings {
        region: Some(REGION.into()),
        endpoint_url: Some(emulator.url.clone()),
        ..AwsSettings::default()
    };
    let (tx, mut rx) = mpsc::unbounded_channel();
    let worker = Worker::new(settings, tx);

    worker.dispatch(Cmd::Create(CreateCmd::Choices {
        req: RequestId(1),
        region: OTHER_REGION.into(),
    }));
    match answer(&mut rx).await {
        Msg::Create(CreateMsg::Choices { req, choices }) => {
            assert_eq!(req, RequestId(1));
            assert_eq!(choices.region, OTHER_REGION);
            let subnets = choices.subnets.expect("the other region's subnets");
            assert!(
                subnets.iter().all(|s| s
                    .zone
                    .as_deref()
                    .is_some_and(|z| z.starts_with(OTHER_REGION))),
                "{subnets:?}"
            );
        }
        other => panic!("unexpected {other:?}"),
    }

    let mut spec = ServerSpec::default();
    spec.set_name("daily-sftp-west");
    worker.dispatch(Cmd::Create(CreateCmd::Create {
        req: RequestId(2),
        region: OTHER_REGION.into(),
        spec: Box::new(spec),
    }));
    let id = match answer(&mut rx).await {
        Msg::Create(CreateMsg::Created {
            req,
            result,
            afterwards,
        }) => {
            assert_eq!((req, afterwards), (RequestId(2), None));
            result.expect("CreateServer")
        }
        other => panic!("unexpected {other:?}"),
    };
    worker.dispatch(Cmd::Create(CreateCmd::Poll {
        req: RequestId(3),
        region: OTHER_REGION.into(),
        server_id: id.clone(),
        delay: Duration::ZERO,
    }));
    match answer(&mut rx).await {
        Msg::Create(CreateMsg::Polled { result, .. }) => {
            let server = result.expect("described in its region");
            assert_eq!(server.name(), Some("daily-sftp-west"));
            assert!(
                server.summary.arn.contains(OTHER_REGION),
                "{}",
                server.summary.arn
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    // The console's own region does not have it.
    worker.dispatch(Cmd::ListServers { req: RequestId(4) });
    match answer(&mut rx).await {
        Msg::ServersListed { result, .. } => {
            let ids: Vec<String> = result
                .expect("ListServers")
                .into_iter()
                .map(|s| s.id)
                .collect();
            assert!(!ids.contains(&id), "{ids:?}");
        }
        other => panic!("unexpected {other:?}"),
    }
}
