//! The reads of an access check, put together from the IAM, Lambda,
//! Secrets Manager and Transfer calls: one user's evidence, and one
//! server's identity provider. Every part keeps its own result.

use super::{AwsError, Session, iam, lambda, secrets, transfer};
use crate::model::access_chain::{
    AccessSubject, ProviderEvidence, SecretEvidence, SecretReader, UserAccessEvidence, UserProfile,
    UserSource,
};
use crate::model::browse::service_managed_home;
use crate::model::{IdentityProviderDetails, IdentityProviderType};

/// The role, session policy and home a login gives.
pub async fn user_profile(
    session: &Session,
    server_id: &str,
    user: &str,
    source: &UserSource,
) -> Result<UserProfile, AwsError> {
    match source {
        UserSource::Managed => {
            let described = transfer::describe_user(session, server_id, user).await?;
            Ok(UserProfile {
                home: service_managed_home(
                    described.home_directory_type.as_deref(),
                    described.home_directory.as_deref(),
                    &described.mappings,
                ),
                role: described.role,
                session_policy: described.policy,
            })
        }
        UserSource::Secret { name, .. } => {
            let value = secrets::get_login_secret(session, name).await?;
            let secret = value.content.map_err(|err| AwsError::Invalid {
                message: format!("{name}: {err}"),
            })?;
            Ok(UserProfile {
                role: secret.role().map(str::to_string),
                session_policy: secret.policy().map(str::to_string),
                home: secret.home(),
            })
        }
    }
}

/// A login secret's resource policy, and the role its identity provider
/// reads it as.
pub async fn secret_evidence(
    session: &Session,
    name: &str,
    function: Option<&str>,
) -> SecretEvidence {
    let reader = async {
        match function {
            Some(function) => lambda::function(session, function).await.map(|config| {
                Some(SecretReader {
                    in_vpc: config.vpc.is_some(),
                    role: config.role,
                })
            }),
            None => Ok(None),
        }
    };
    let (policy, reader) = tokio::join!(secrets::resource_policy(session, name), reader);
    SecretEvidence {
        name: name.to_string(),
        policy,
        reader,
    }
}

/// Everything one user's access check reads. The role comes from the
/// login's profile: when that cannot be read, the role's part is absent
/// and the profile's error says why; the secret's policy is read anyway.
pub async fn user_evidence(session: &Session, subject: &AccessSubject) -> UserAccessEvidence {
    let secret = async {
        match &subject.source {
            UserSource::Secret { name, function } => {
                Some(secret_evidence(session, name, function.as_deref()).await)
            }
            UserSource::Managed => None,
        }
    };
    let profile = user_profile(session, &subject.server_id, &subject.user, &subject.source);
    let (profile, secret) = tokio::join!(profile, secret);
    let role = match profile.as_ref().ok().and_then(|p| p.role.as_deref()) {
        Some(arn) => Some(iam::role_evidence(session, arn).await),
        None => None,
    };
    UserAccessEvidence {
        server_id: subject.server_id.clone(),
        server_arn: subject.server_arn.clone(),
        user: subject.user.clone(),
        profile,
        role,
        secret,
    }
}

/// The identity provider of a server, read for its view.
pub async fn provider_evidence(
    session: &Session,
    kind: &IdentityProviderType,
    details: &IdentityProviderDetails,
) -> ProviderEvidence {
    match (kind, &details.function) {
        (IdentityProviderType::AwsLambda, Some(function)) => {
            let (config, policy) = tokio::join!(
                lambda::function(session, function),
                lambda::resource_policy(session, function)
            );
            ProviderEvidence::Lambda {
                function: function.clone(),
                config: config.map(Box::new),
                policy,
            }
        }
        (IdentityProviderType::ApiGateway, _) => {
            let role = match details
                .invocation_role
                .as_deref()
                .map(|arn| (arn, crate::model::iam::role_name(arn)))
            {
                Some((_, Some(name))) => Some(iam::role(session, name).await),
                Some((arn, None)) => Some(Err(AwsError::Invalid {
                    message: format!("{arn} is not an IAM role ARN"),
                })),
                None => None,
            };
            ProviderEvidence::ApiGateway {
                url: details.url.clone(),
                invocation_role: details.invocation_role.clone(),
                role,
            }
        }
        (kind, _) => ProviderEvidence::NoProvider {
            kind: kind.as_str().to_string(),
        },
    }
}
