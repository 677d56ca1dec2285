//! A sweep: ListServers, then DescribeServer for each server, in every
//! region of every profile of the plan, answered scope by scope.
//!
//! Each region is one future that takes a call slot for each call and gives
//! it back after: the slots are handed out first come, first served, so
//! regions take turns (round-robin) and no more than the worker's limit of
//! calls run at once. A region's rows go to the screen as soon as its
//! ListServers answers. A failure is that scope's answer alone.

use futures::future::join_all;

use super::Worker;
use crate::app::{Msg, RequestId, SweepMsg};
use crate::aws::sweep::ProfileConfig;
use crate::aws::{self, AwsError, AwsSettings};
use crate::model::regions;
use crate::model::scope::{Regions, Scope, SweepPlan};

pub(super) async fn run(worker: &Worker, req: RequestId, plan: SweepPlan) -> Msg {
    let profiles = plan
        .profiles
        .iter()
        .map(|profile| sweep_profile(worker, req, profile.clone(), &plan.regions));
    join_all(profiles).await;
    Msg::Sweep(SweepMsg::Done { req, error: None })
}

async fn sweep_profile(
    worker: &Worker,
    req: RequestId,
    profile: Option<String>,
    regions: &Regions,
) {
    let settings = AwsSettings {
        profile: profile.clone(),
        ..(*worker.settings).clone()
    };
    let config = ProfileConfig::load(&settings).await;
    // The ACCOUNT column: one GetCallerIdentity per profile, before its rows.
    if let Some(home) = config.region().or_else(|| first_region(regions)) {
        let _slot = worker.permits.acquire().await;
        if let Ok(account) = async { config.session_in(&home)?.account_id().await }.await {
            let profile = profile.clone();
            send(
                worker,
                SweepMsg::Account {
                    req,
                    profile,
                    account,
                },
            );
        }
    }
    let regions = match regions {
        Regions::Listed(listed) => listed.clone(),
        Regions::Configured => match config.region() {
            Some(region) => vec![region],
            None => {
                return failed(worker, req, &profile, AwsError::NoRegion);
            }
        },
        Regions::All => match enabled_regions(worker, req, &profile, &config).await {
            Some(enabled) => enabled,
            None => return,
        },
    };
    let scopes = regions.into_iter().map(|region| Scope {
        profile: profile.clone(),
        region,
    });
    join_all(scopes.map(|scope| sweep_region(worker, req, &config, scope))).await;
}

/// Transfer Family's regions less the opt-in ones the account has not
/// enabled (said in a `Skipped` answer). DescribeRegions denied: every
/// region, said so. `None` when the profile cannot call at all (no
/// credentials, an expired SSO token): its one row says why.
async fn enabled_regions(
    worker: &Worker,
    req: RequestId,
    profile: &Option<String>,
    config: &ProfileConfig,
) -> Option<Vec<String>> {
    let enabled = {
        let _slot = worker.permits.acquire().await;
        aws::sweep::enabled_regions(config, regions::all_regions()).await
    };
    match enabled {
        Ok(enabled) => {
            send(
                worker,
                SweepMsg::Skipped {
                    req,
                    profile: profile.clone(),
                    regions: enabled.skipped,
                },
            );
            if let Some(error) = enabled.unknown {
                let profile = profile.clone();
                send(
                    worker,
                    SweepMsg::RegionsUnknown {
                        req,
                        profile,
                        error,
                    },
                );
            }
            Some(enabled.regions)
        }
        Err(err) => {
            failed(worker, req, profile, err);
            None
        }
    }
}

async fn sweep_region(worker: &Worker, req: RequestId, config: &ProfileConfig, scope: Scope) {
    let session = match config.session_in(&scope.region) {
        Ok(session) => session,
        Err(err) => {
            let result = Err(err);
            return send(worker, SweepMsg::Listed { req, scope, result });
        }
    };
    let listed = {
        let _slot = worker.permits.acquire().await;
        aws::transfer::list_servers(&session).await
    };
    let ids: Vec<String> = match &listed {
        Ok(servers) => servers.iter().map(|server| server.id.clone()).collect(),
        Err(_) => Vec::new(),
    };
    send(
        worker,
        SweepMsg::Listed {
            req,
            scope: scope.clone(),
            result: listed,
        },
    );
    for server_id in ids {
        let result = {
            let _slot = worker.permits.acquire().await;
            aws::transfer::describe_server(&session, &server_id).await
        };
        send(
            worker,
            SweepMsg::Described {
                req,
                scope: scope.clone(),
                server_id,
                result: result.map(Box::new),
            },
        );
    }
}

/// A region to ask STS in when the profile names none.
fn first_region(regions: &Regions) -> Option<String> {
    match regions {
        Regions::Listed(listed) => listed.first().cloned(),
        Regions::All | Regions::Configured => Some("us-east-1".to_string()),
    }
}

/// The one row of a profile that reached no region.
fn failed(worker: &Worker, req: RequestId, profile: &Option<String>, err: AwsError) {
    let scope = Scope {
        profile: profile.clone(),
        region: Scope::EVERY_REGION.to_string(),
    };
    send(
        worker,
        SweepMsg::Listed {
            req,
            scope,
            result: Err(err),
        },
    );
}

fn send(worker: &Worker, msg: SweepMsg) {
    // The receiver is gone only when the console is shutting down.
    let _ = worker.tx.send(Msg::Sweep(msg));
}
