//! The probe's commands. The plan is made through AWS (holding one of the
//! call slots); the probe itself then runs in its own task, sending each
//! step as it starts and ends, until it finishes or is cancelled.

use std::panic::AssertUnwindSafe;

use futures::FutureExt;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::Worker;
use crate::app::{Msg, ProbeCmd, ProbeMsg, RequestId};
use crate::probe::run::Limits;
use crate::probe::{self, prepare};

pub async fn run(worker: &Worker, cmd: ProbeCmd) -> Msg {
    let msg = match cmd {
        ProbeCmd::Cancel { req } => {
            worker.probes.cancel(req);
            ProbeMsg::Finished { req }
        }
        ProbeCmd::Run {
            req,
            server_id,
            hosts,
            login,
            consent,
        } => {
            let cancel = worker.probes.start(req);
            if cancel.is_cancelled() {
                // Cancelled while it waited for a call slot: nothing was sent.
                worker.probes.finish(req);
                return Msg::Probe(ProbeMsg::Finished { req });
            }
            let planned = match worker.session().await {
                Ok(session) => prepare::prepare(session, &server_id, &hosts, login, &worker.doctor)
                    .await
                    .map(|plan| probe::ProbePlan { consent, ..plan })
                    .map_err(|err| err.to_string()),
                Err(err) => Err(err.to_string()),
            };
            match planned {
                Ok(plan) => {
                    let facts = Box::new(plan.facts.clone());
                    spawn_probe(worker.clone(), req, plan, cancel);
                    ProbeMsg::Prepared {
                        req,
                        result: Ok(facts),
                    }
                }
                Err(err) => {
                    worker.probes.finish(req);
                    ProbeMsg::Prepared {
                        req,
                        result: Err(err),
                    }
                }
            }
        }
    };
    Msg::Probe(msg)
}

fn spawn_probe(worker: Worker, req: RequestId, plan: probe::ProbePlan, cancel: CancellationToken) {
    tokio::spawn(async move {
        let (events, mut received) = mpsc::unbounded_channel();
        let tx = worker.tx.clone();
        let forward = async move {
            while let Some(event) = received.recv().await {
                let _ = tx.send(Msg::Probe(ProbeMsg::Event { req, event }));
            }
        };
        let probing = async move {
            probe::run(&plan, Limits::default(), Some(events), cancel).await;
        };
        // A panic in the probe is its failure, said on its pane.
        let (probed, ()) = tokio::join!(AssertUnwindSafe(probing).catch_unwind(), forward);
        worker.probes.finish(req);
        if let Err(panic) = probed {
            let err = super::failure::internal_error(panic.as_ref());
            tracing::error!(%err, "the probe's task panicked");
            let _ = worker.tx.send(Msg::Probe(ProbeMsg::Prepared {
                req,
                result: Err(err.to_string()),
            }));
        }
        let _ = worker.tx.send(Msg::Probe(ProbeMsg::Finished { req }));
    });
}
