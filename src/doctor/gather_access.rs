//! Gathering the access chain for the doctor, with the calls bounded:
//! each identity provider is read once per function (or invocation role),
//! each role once by ARN however many users share it, the login secrets'
//! values come from the sweep the doctor already made, and only the
//! SERVICE_MANAGED users need one DescribeUser each.

use std::collections::{BTreeMap, BTreeSet};

use futures::{StreamExt, stream};

use super::{AccessEstate, Gathered, SecretEvidence as LoginSecretEvidence};
use crate::aws::{self, AwsError, Session};
use crate::model::access_chain::{
    ProviderEvidence, RoleEvidence, SecretEvidence, SecretReader, UserAccessEvidence, UserProfile,
    UserSource,
};
use crate::model::{IdentityProviderType, Server};

/// Calls (or chains of calls) in flight at once.
const CONCURRENCY: usize = 8;

/// The access evidence of `servers`; `secrets` is the doctor's sweep of the
/// login secrets with their values.
pub async fn gather(
    session: &Session,
    servers: &[Server],
    secrets: &Gathered<Vec<LoginSecretEvidence>>,
) -> AccessEstate {
    let providers = providers(session, servers).await;
    let mut profiles: BTreeMap<String, Gathered<Vec<Profiled>>> = BTreeMap::new();
    for server in servers {
        let listed = match server.summary.identity_provider_type {
            IdentityProviderType::ServiceManaged => managed_profiles(session, server.id()).await,
            ref kind if kind.is_custom() => secret_profiles(server, secrets),
            _ => continue,
        };
        profiles.insert(server.id().to_string(), listed);
    }
    let roles = roles(session, &profiles).await;
    let fences = fences(session, &profiles).await;

    let mut users = BTreeMap::new();
    for server in servers {
        let Some(listed) = profiles.remove(server.id()) else {
            continue;
        };
        let reader = match providers.get(server.id()) {
            Some(ProviderEvidence::Lambda { config, .. }) => config.clone().map(|config| {
                Some(SecretReader {
                    in_vpc: config.vpc.is_some(),
                    role: config.role.clone(),
                })
            }),
            _ => Ok(None),
        };
        let evidence = match listed {
            Gathered::Read(listed) => Gathered::Read(
                listed
                    .into_iter()
                    .map(|profiled| {
                        let role = profiled
                            .profile
                            .as_ref()
                            .ok()
                            .and_then(|p| p.role.as_ref())
                            .and_then(|arn| roles.get(arn).cloned());
                        let secret = profiled.secret.as_ref().map(|name| SecretEvidence {
                            name: name.clone(),
                            policy: fences.get(name).cloned().unwrap_or_else(|| {
                                Err(AwsError::NotFound {
                                    message: "not read".into(),
                                })
                            }),
                            reader: reader.clone(),
                        });
                        UserAccessEvidence {
                            server_id: server.id().to_string(),
                            server_arn: server.summary.arn.clone(),
                            user: profiled.user,
                            profile: profiled.profile,
                            role,
                            secret,
                        }
                    })
                    .collect(),
            ),
            Gathered::Unreadable(err) => Gathered::Unreadable(err),
            Gathered::Missing(why) => Gathered::Missing(why),
        };
        users.insert(server.id().to_string(), evidence);
    }
    AccessEstate { providers, users }
}

/// One user before its role is read.
struct Profiled {
    user: String,
    profile: Result<UserProfile, AwsError>,
    /// The login secret, for a custom identity provider's user.
    secret: Option<String>,
}

/// Each custom identity provider, read once per function or role.
async fn providers(session: &Session, servers: &[Server]) -> BTreeMap<String, ProviderEvidence> {
    let custom: Vec<&Server> = servers
        .iter()
        .filter(|s| s.summary.identity_provider_type.is_custom())
        .collect();
    let mut read: BTreeMap<(String, Option<String>, Option<String>), ProviderEvidence> =
        BTreeMap::new();
    for server in &custom {
        let details = &server.identity_provider_details;
        let kind = &server.summary.identity_provider_type;
        let key = (
            kind.as_str().to_string(),
            details.function.clone(),
            details.invocation_role.clone(),
        );
        if !read.contains_key(&key) {
            let evidence = aws::access::provider_evidence(session, kind, details).await;
            read.insert(key.clone(), evidence);
        }
    }
    custom
        .into_iter()
        .filter_map(|server| {
            let details = &server.identity_provider_details;
            let key = (
                server.summary.identity_provider_type.as_str().to_string(),
                details.function.clone(),
                details.invocation_role.clone(),
            );
            Some((server.id().to_string(), read.get(&key)?.clone()))
        })
        .collect()
}

/// A SERVICE_MANAGED server's users: ListUsers, then DescribeUser each.
async fn managed_profiles(session: &Session, server_id: &str) -> Gathered<Vec<Profiled>> {
    let listed = match aws::transfer::list_users(session, server_id).await {
        Ok(listed) => listed,
        Err(err) => return Gathered::Unreadable(err),
    };
    let profiled = stream::iter(listed)
        .map(|user| {
            let session = session.clone();
            let server_id = server_id.to_string();
            async move {
                let profile = aws::access::user_profile(
                    &session,
                    &server_id,
                    &user.name,
                    &UserSource::Managed,
                )
                .await;
                Profiled {
                    user: user.name,
                    profile,
                    secret: None,
                }
            }
        })
        .buffered(CONCURRENCY)
        .collect()
        .await;
    Gathered::Read(profiled)
}

/// A custom identity provider's users, from the values the doctor read.
/// Secrets that are not logins (PGP keys only) are left out.
fn secret_profiles(
    server: &Server,
    secrets: &Gathered<Vec<LoginSecretEvidence>>,
) -> Gathered<Vec<Profiled>> {
    let all = match secrets {
        Gathered::Read(all) => all,
        Gathered::Unreadable(err) => return Gathered::Unreadable(err.clone()),
        Gathered::Missing(why) => return Gathered::Missing(why.clone()),
    };
    let profiled = all
        .iter()
        .filter(|secret| secret.parsed.server_id.as_deref() == Some(server.id()))
        .filter_map(|secret| {
            let profile = match &secret.value {
                Gathered::Read(value) => {
                    if value.is_pgp_only() {
                        return None;
                    }
                    Ok(UserProfile {
                        role: value.role().map(str::to_string),
                        session_policy: value.policy().map(str::to_string),
                        home: value.home(),
                    })
                }
                Gathered::Unreadable(err) => Err(err.clone()),
                Gathered::Missing(why) => Err(AwsError::NotFound {
                    message: why.clone(),
                }),
            };
            Some(Profiled {
                user: secret.parsed.user.clone(),
                profile,
                secret: Some(secret.name.clone()),
            })
        })
        .collect();
    Gathered::Read(profiled)
}

/// Every role the users name, read once each.
async fn roles(
    session: &Session,
    profiles: &BTreeMap<String, Gathered<Vec<Profiled>>>,
) -> BTreeMap<String, RoleEvidence> {
    let arns: BTreeSet<String> = profiles
        .values()
        .filter_map(Gathered::read)
        .flatten()
        .filter_map(|p| p.profile.as_ref().ok()?.role.clone())
        .collect();
    stream::iter(arns)
        .map(|arn| {
            let session = session.clone();
            async move {
                let evidence = aws::iam::role_evidence(&session, &arn).await;
                (arn, evidence)
            }
        })
        .buffered(CONCURRENCY)
        .collect()
        .await
}

/// The resource policy of every login secret checked.
async fn fences(
    session: &Session,
    profiles: &BTreeMap<String, Gathered<Vec<Profiled>>>,
) -> BTreeMap<String, Result<crate::model::access_chain::SecretPolicy, AwsError>> {
    let names: Vec<String> = profiles
        .values()
        .filter_map(Gathered::read)
        .flatten()
        .filter_map(|p| p.secret.clone())
        .collect();
    stream::iter(names)
        .map(|name| {
            let session = session.clone();
            async move {
                let policy = aws::secrets::resource_policy(&session, &name).await;
                (name, policy)
            }
        })
        .buffered(CONCURRENCY)
        .collect()
        .await
}
