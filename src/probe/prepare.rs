//! Putting a plan together for a server through the `aws` layer: the
//! doctor's evidence (DescribeServer, the VPC endpoint and its interfaces)
//! and, on request, the user's password from their secret.

use super::plan::{self, Credentials, Password, ProbePlan, Target};
use crate::aws::{self, AwsError, Session};
use crate::doctor::gather;
use crate::model::login_secret::SecretName;

/// Where a login's password comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    Given(Password),
    /// `aws/transfer/<server-id>/<user>`'s `Password`.
    Secret,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrepareError {
    #[error(transparent)]
    Aws(#[from] AwsError),
    #[error("no secret {0} for this user")]
    NoSecret(String),
    #[error("the secret {0} has no Password")]
    NoPassword(String),
    #[error("the secret {name} is not a login secret: {reason}")]
    BadSecret { name: String, reason: String },
    #[error("no address to probe: give one with --host")]
    NoTargets,
}

pub async fn prepare(
    session: &Session,
    server_id: &str,
    typed: &[Target],
    login: Option<(String, PasswordSource)>,
    options: &gather::Options,
) -> Result<ProbePlan, PrepareError> {
    let estate = gather::gather(session, Some(server_id), options).await?;
    let evidence = estate.servers.first().ok_or_else(|| AwsError::NotFound {
        message: format!("no server {server_id}"),
    })?;
    let credentials = match login {
        None => None,
        Some((user, PasswordSource::Given(password))) => Some(Credentials { user, password }),
        Some((user, PasswordSource::Secret)) => {
            let name = SecretName::secret_name(server_id, &user, &options.secret_prefix);
            let value = aws::secrets::get_login_secret(session, &name)
                .await
                .map_err(|err| match err {
                    AwsError::NotFound { .. } => PrepareError::NoSecret(name.clone()),
                    other => PrepareError::Aws(other),
                })?;
            let secret = value.content.map_err(|err| PrepareError::BadSecret {
                name: name.clone(),
                reason: err.to_string(),
            })?;
            let password = secret
                .password()
                .ok_or_else(|| PrepareError::NoPassword(name.clone()))?;
            Some(Credentials {
                user,
                password: Password::new(password),
            })
        }
    };
    let mut plan = plan::for_server(evidence, &session.region, typed, credentials);
    if plan.facts.protocols.contains(&crate::model::Protocol::Sftp) {
        // The key offered is compared with every key of the server.
        match aws::host_keys::list_host_keys(session, server_id).await {
            Ok(keys) => plan.facts.host_keys = keys,
            Err(err) => plan.facts.host_keys_unlisted = Some(err.to_string()),
        }
    }
    if plan.targets.is_empty() {
        return Err(PrepareError::NoTargets);
    }
    Ok(plan)
}
