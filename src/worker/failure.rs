//! The answer a command gets when its task panics: its own failure message,
//! so that the pane that asked shows "internal error: ..." and stops
//! waiting, while the console goes on.

use std::any::Any;

use crate::app::access::{AccessCmd, AccessMsg};
use crate::app::activity::{ActivityCmd, ActivityMsg};
use crate::app::create::{CreateCmd, CreateMsg};
use crate::app::deletion::{DeletionCmd, DeletionMsg};
use crate::app::host_keys::{HostKeysCmd, HostKeysMsg};
use crate::app::idp_users::{IdpCmd, IdpMsg, Write};
use crate::app::managed_users::{ManagedUsersCmd, ManagedUsersMsg};
use crate::app::objects::{ObjectsCmd, ObjectsMsg};
use crate::app::{Cmd, DoctorCmd, DoctorMsg, Msg, ProbeCmd, ProbeMsg, ServerCmd, ServerMsg};
use crate::aws::AwsError;
use crate::aws::s3::DownloadError;
use crate::aws::secrets::WriteError;

/// Makes the failure answer from the error, once the task has failed.
pub type Reply = Box<dyn FnOnce(AwsError) -> Msg + Send>;

/// How `cmd` is answered if its task panics: taken before the task runs
/// (the command moves into it), keeping only what the answer names, never
/// a secret's value. `None` for the terminal's own commands, which never
/// reach the worker.
pub fn reply_for(cmd: &Cmd) -> Option<Reply> {
    Some(match cmd {
        Cmd::Connect => Box::new(|err| Msg::Connected { result: Err(err) }),
        &Cmd::Reconnect { req, .. } => Box::new(move |err| Msg::Reconnected {
            req,
            result: Err(err),
        }),
        &Cmd::ListServers { req } => Box::new(move |err| Msg::ServersListed {
            req,
            result: Err(err),
        }),
        &Cmd::CountSecretUsers { req, .. } => Box::new(move |err| Msg::SecretUsersCounted {
            req,
            result: Err(err),
        }),
        Cmd::DescribeServer { req, server_id } => {
            let (req, server_id) = (*req, server_id.clone());
            Box::new(move |err| Msg::ServerDescribed {
                req,
                server_id,
                result: Err(err),
            })
        }
        &Cmd::Doctor(DoctorCmd::Gather { req, .. }) => Box::new(move |err| {
            Msg::Doctor(DoctorMsg::Gathered {
                req,
                result: Err(err),
            })
        }),
        Cmd::Server(cmd) => server(cmd),
        Cmd::Objects(cmd) => objects(cmd),
        Cmd::Probe(cmd) => probe(cmd),
        Cmd::ManagedUsers(cmd) => managed_users(cmd),
        Cmd::Idp(cmd) => idp(cmd),
        Cmd::Activity(cmd) => activity(cmd),
        Cmd::HostKeys(cmd) => host_keys(cmd),
        Cmd::Deletion(cmd) => deletion(cmd),
        Cmd::Create(cmd) => create(cmd),
        Cmd::Access(cmd) => access(cmd),
        Cmd::UserCopy(cmd) => user_copy(cmd),
        Cmd::Tags(cmd) => tags(cmd),
        &Cmd::Sweep { req, .. } => Box::new(move |err| {
            Msg::Sweep(crate::app::SweepMsg::Done {
                req,
                error: Some(err),
            })
        }),
        Cmd::Terminal(_) => return None,
    })
}

fn activity(cmd: &ActivityCmd) -> Reply {
    match cmd {
        &ActivityCmd::Read {
            req, side, range, ..
        } => Box::new(move |err| {
            Msg::Activity(ActivityMsg::PageRead {
                req,
                side,
                range,
                result: Err(err),
            })
        }),
    }
}

fn access(cmd: &AccessCmd) -> Reply {
    let reply: Box<dyn FnOnce(AwsError) -> AccessMsg + Send> = match cmd {
        &AccessCmd::ReadProvider { req, .. } => Box::new(move |err| AccessMsg::ProviderRead {
            req,
            result: Err(err),
        }),
        &AccessCmd::CheckUser { req, .. } => Box::new(move |err| AccessMsg::UserChecked {
            req,
            result: Err(err),
        }),
        // Not read again: reported failed, as one AWS may or may not have applied.
        AccessCmd::AddPermission {
            req,
            server_id,
            permission,
        } => {
            let (req, server_id, permission) = (*req, server_id.clone(), permission.clone());
            Box::new(move |err| AccessMsg::PermissionAdded {
                req,
                server_id,
                permission,
                result: Err(err),
                afterwards: None,
            })
        }
    };
    Box::new(move |err| Msg::Access(reply(err)))
}

/// "internal error: <the panic's message>".
pub fn internal_error(panic: &(dyn Any + Send)) -> AwsError {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|text| (*text).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a task of the worker panicked".to_string());
    AwsError::Internal { detail }
}

fn server(cmd: &ServerCmd) -> Reply {
    let reply: Box<dyn FnOnce(AwsError) -> ServerMsg + Send> = match cmd {
        // Not read again: the change is reported failed, as one that AWS
        // may or may not have applied.
        ServerCmd::UpdateProtocol {
            req,
            server_id,
            change,
        } => {
            let (req, server_id, change) = (*req, server_id.clone(), *change);
            Box::new(move |err| ServerMsg::ProtocolUpdated {
                req,
                server_id,
                change,
                result: Err(err),
                reread: None,
            })
        }
        &ServerCmd::Power { req, .. } => Box::new(move |err| ServerMsg::PowerRequested {
            req,
            result: Err(err),
        }),
        ServerCmd::Poll { req, server_id, .. } => {
            let (req, server_id) = (*req, server_id.clone());
            Box::new(move |err| ServerMsg::Polled {
                req,
                server_id,
                result: Err(err),
            })
        }
        ServerCmd::Network { req, query } => {
            let (req, query) = (*req, query.clone());
            Box::new(move |err| ServerMsg::Network {
                req,
                answer: super::servers::failed(query, err),
            })
        }
        ServerCmd::Audit { .. } => Box::new(|err| ServerMsg::AuditFailed {
            error: err.to_string(),
        }),
    };
    Box::new(move |err| Msg::Server(reply(err)))
}

fn objects(cmd: &ObjectsCmd) -> Reply {
    let reply: Box<dyn FnOnce(AwsError) -> ObjectsMsg + Send> = match *cmd {
        ObjectsCmd::ListBuckets { req } => Box::new(move |err| ObjectsMsg::BucketsListed {
            req,
            result: Err(err),
        }),
        ObjectsCmd::ListPage { req, .. } => Box::new(move |err| ObjectsMsg::PageListed {
            req,
            result: Err(err),
        }),
        ObjectsCmd::Head { req, .. } => Box::new(move |err| ObjectsMsg::Described {
            req,
            result: Err(err),
        }),
        ObjectsCmd::Preview { req, .. } => Box::new(move |err| ObjectsMsg::Previewed {
            req,
            result: Err(err),
        }),
        ObjectsCmd::Download { req, ref dest, .. } => {
            let dest = dest.clone();
            Box::new(move |err| ObjectsMsg::Downloaded {
                req,
                dest,
                result: Err(DownloadError::Aws(err)),
            })
        }
        ObjectsCmd::CancelDownload { req } => {
            Box::new(move |_| ObjectsMsg::CancelRequested { req })
        }
        ObjectsCmd::Delete { req, .. } => Box::new(move |err| ObjectsMsg::Deleted {
            req,
            result: Err(err),
        }),
    };
    Box::new(move |err| Msg::Objects(reply(err)))
}

fn probe(cmd: &ProbeCmd) -> Reply {
    match *cmd {
        ProbeCmd::Run { req, .. } => Box::new(move |err| {
            Msg::Probe(ProbeMsg::Prepared {
                req,
                result: Err(err.to_string()),
            })
        }),
        ProbeCmd::Cancel { req } => Box::new(move |_| Msg::Probe(ProbeMsg::Finished { req })),
    }
}

fn managed_users(cmd: &ManagedUsersCmd) -> Reply {
    let reply: Box<dyn FnOnce(AwsError) -> ManagedUsersMsg + Send> = match cmd {
        &ManagedUsersCmd::List { req, .. } => Box::new(move |err| ManagedUsersMsg::Listed {
            req,
            result: Err(err),
        }),
        ManagedUsersCmd::Describe { req, user, .. } => {
            let (req, user) = (*req, user.clone());
            Box::new(move |err| ManagedUsersMsg::Described {
                req,
                user,
                result: Err(err),
            })
        }
        ManagedUsersCmd::Change {
            req,
            server_id,
            change,
        } => {
            let (req, server_id, change) = (*req, server_id.clone(), change.clone());
            Box::new(move |err| ManagedUsersMsg::Changed {
                req,
                server_id,
                change,
                result: Err(err),
                afterwards: None,
            })
        }
    };
    Box::new(move |err| Msg::ManagedUsers(reply(err)))
}

fn idp(cmd: &IdpCmd) -> Reply {
    let reply: Box<dyn FnOnce(AwsError) -> IdpMsg + Send> = match cmd {
        &IdpCmd::List { req, .. } => Box::new(move |err| IdpMsg::Listed {
            req,
            result: Err(err),
        }),
        IdpCmd::Read { req, names } => {
            let (req, names) = (*req, names.clone());
            Box::new(move |err| IdpMsg::Read {
                req,
                values: names.into_iter().map(|n| (n, Err(err.clone()))).collect(),
                one_at_a_time: None,
            })
        }
        IdpCmd::Write { req, verb, write } => {
            // Only the name: the secret's value stays out of the reply.
            let name = match write {
                Write::Create { name, .. }
                | Write::Update { name, .. }
                | Write::Delete { name, .. }
                | Write::Restore { name } => name.clone(),
            };
            let (req, verb) = (*req, *verb);
            Box::new(move |err| IdpMsg::Written {
                req,
                verb,
                name,
                result: Err(WriteError::Aws(err)),
                afterwards: None,
            })
        }
        &IdpCmd::TestLogin { req, .. } => Box::new(move |err| IdpMsg::Tested {
            req,
            result: Err(err),
        }),
    };
    Box::new(move |err| Msg::Idp(reply(err)))
}

fn user_copy(cmd: &crate::app::user_copy::UserCopyCmd) -> Reply {
    use crate::app::user_copy::{UserCopyCmd, UserCopyMsg};
    match cmd {
        &UserCopyCmd::Survey { req, .. } => Box::new(move |err| {
            Msg::UserCopy(UserCopyMsg::Surveyed {
                req,
                result: Err(err),
            })
        }),
        UserCopyCmd::Copy { req, user, .. } => {
            let (req, user) = (*req, user.clone());
            Box::new(move |err| {
                Msg::UserCopy(UserCopyMsg::Copied {
                    req,
                    user,
                    outcome: crate::model::user_copy::CopyOutcome::Failed {
                        why: format!("{err}; unknown whether created"),
                    },
                })
            })
        }
    }
}

fn tags(cmd: &crate::app::tags::TagsCmd) -> Reply {
    use crate::app::tags::{TagsCmd, TagsMsg};
    match cmd {
        &TagsCmd::List { req, .. } => Box::new(move |err| {
            Msg::Tags(TagsMsg::Listed {
                req,
                result: Err(err),
            })
        }),
        TagsCmd::Change {
            req,
            server_id,
            change,
            ..
        } => {
            let (req, server_id, change) = (*req, server_id.clone(), change.clone());
            Box::new(move |err| {
                Msg::Tags(TagsMsg::Changed {
                    req,
                    server_id,
                    change,
                    result: Err(err),
                    afterwards: None,
                })
            })
        }
    }
}

fn host_keys(cmd: &HostKeysCmd) -> Reply {
    let reply: Box<dyn FnOnce(AwsError) -> HostKeysMsg + Send> = match cmd {
        &HostKeysCmd::List { req, .. } => Box::new(move |err| HostKeysMsg::Listed {
            req,
            result: Err(err),
        }),
        &HostKeysCmd::ReadKeyFile { req, .. } => Box::new(move |err| HostKeysMsg::KeyRead {
            req,
            result: Err(err.to_string()),
        }),
        // Not read again: reported failed, as one AWS may have applied.
        HostKeysCmd::Change {
            req,
            server_id,
            change,
        } => {
            let (req, server_id, change) = (*req, server_id.clone(), change.clone());
            Box::new(move |err| HostKeysMsg::Changed {
                req,
                server_id,
                change,
                result: Err(err),
                afterwards: None,
            })
        }
    };
    Box::new(move |err| Msg::HostKeys(reply(err)))
}

fn create(cmd: &CreateCmd) -> Reply {
    match cmd {
        CreateCmd::Choices { req, region } => {
            let (req, region) = (*req, region.clone());
            Box::new(move |err| {
                Msg::Create(CreateMsg::Choices {
                    req,
                    choices: Box::new(crate::model::server_spec::Choices {
                        region,
                        vpcs: Err(err.clone()),
                        subnets: Err(err.clone()),
                        security_groups: Err(err.clone()),
                        elastic_ips: Err(err.clone()),
                        certificates: Err(err),
                    }),
                })
            })
        }
        &CreateCmd::Source { req, .. } => Box::new(move |err| {
            Msg::Create(CreateMsg::Source {
                req,
                result: Err(err),
            })
        }),
        // Not read back: reported failed, as one AWS may have applied.
        &CreateCmd::Create { req, .. } => Box::new(move |err| {
            Msg::Create(CreateMsg::Created {
                req,
                result: Err(err),
                afterwards: None,
            })
        }),
        &CreateCmd::Poll { req, .. } => Box::new(move |err| {
            Msg::Create(CreateMsg::Polled {
                req,
                result: Err(err),
            })
        }),
    }
}

fn deletion(cmd: &DeletionCmd) -> Reply {
    match cmd {
        // A survey that panicked reads as nothing known.
        DeletionCmd::Survey { req, server, .. } => {
            let (req, server_id) = (*req, server.id().to_string());
            Box::new(move |err| {
                Msg::Deletion(DeletionMsg::Surveyed {
                    req,
                    survey: Box::new(crate::model::deletion::DeletionSurvey::unread(
                        &server_id,
                        &err.to_string(),
                    )),
                })
            })
        }
        // Not read again: reported failed, as one AWS may have applied.
        DeletionCmd::Delete { req, server_id, .. } => {
            let (req, server_id) = (*req, server_id.clone());
            Box::new(move |err| {
                Msg::Deletion(DeletionMsg::Deleted {
                    req,
                    server_id,
                    result: Err(err),
                    afterwards: None,
                    secrets: Vec::new(),
                })
            })
        }
    }
}
