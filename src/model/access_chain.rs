//! The evidence an access check reads: who a user is (role, session
//! policy, home), the role with its policies, and for a custom identity
//! provider the secret's resource policy and the role that reads it. Each
//! part carries its own result, so that one denied call (iam:GetRole, say)
//! is named where it belongs while the rest of the check goes on.

use super::AwsError;
use super::iam::{IamRole, PolicyText};
use super::identity_provider::LambdaFunction;
use super::login_secret::Home;

/// A role and its permissions, each read on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleEvidence {
    pub arn: String,
    /// GetRole: the trust policy.
    pub role: Result<IamRole, AwsError>,
    /// ListRolePolicies + GetRolePolicy.
    pub inline: Result<Vec<PolicyText>, AwsError>,
    /// ListAttachedRolePolicies + GetPolicy + GetPolicyVersion.
    pub attached: Result<Vec<PolicyText>, AwsError>,
}

impl RoleEvidence {
    /// Evidence for something that is not a role ARN: nothing is asked.
    pub fn not_a_role(arn: &str) -> Self {
        let err = AwsError::Invalid {
            message: format!("{arn} is not an IAM role ARN"),
        };
        Self {
            arn: arn.to_string(),
            role: Err(err.clone()),
            inline: Err(err.clone()),
            attached: Err(err),
        }
    }

    /// The identity policies as read; the failures, each named by the call
    /// that failed.
    pub fn policies(&self) -> (Vec<&PolicyText>, Vec<&AwsError>) {
        let mut read = Vec::new();
        let mut failed = Vec::new();
        for part in [&self.inline, &self.attached] {
            match part {
                Ok(policies) => read.extend(policies),
                Err(err) => failed.push(err),
            }
        }
        (read, failed)
    }
}

/// What the user's login gives the session: from DescribeUser for a
/// SERVICE_MANAGED server, from the login secret for a custom one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserProfile {
    pub role: Option<String>,
    /// The session policy (the user's Policy, or the secret's `Policy`).
    pub session_policy: Option<String>,
    pub home: Home,
}

/// A custom identity provider's side of a user: the login secret's resource
/// policy and the role that reads the secret (the function's execution role).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretEvidence {
    pub name: String,
    /// GetResourcePolicy.
    pub policy: Result<SecretPolicy, AwsError>,
    /// The identity provider's function, whose role reads the secret
    /// (GetFunctionConfiguration); `Ok(None)` when the provider is not a
    /// Lambda function.
    pub reader: Result<Option<SecretReader>, AwsError>,
}

/// Who reads a login secret: the function's execution role, and whether
/// the function runs in a VPC (its calls may then come through a VPC
/// endpoint, which the console cannot know).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretReader {
    pub role: Option<String>,
    pub in_vpc: bool,
}

/// A secret's ARN and resource policy (`None`: it has none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecretPolicy {
    pub arn: Option<String>,
    pub policy: Option<String>,
}

/// Everything one user's access check reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserAccessEvidence {
    pub server_id: String,
    pub server_arn: String,
    pub user: String,
    /// DescribeUser, or GetSecretValue of the login secret.
    pub profile: Result<UserProfile, AwsError>,
    /// `None` when the profile names no role (or could not be read).
    pub role: Option<RoleEvidence>,
    /// Custom identity provider users only.
    pub secret: Option<SecretEvidence>,
}

/// The identity provider of one server, as read for its view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderEvidence {
    Lambda {
        function: String,
        /// GetFunctionConfiguration.
        config: Result<Box<LambdaFunction>, AwsError>,
        /// GetPolicy: the resource policy, `None` when the function has none.
        policy: Result<Option<String>, AwsError>,
    },
    ApiGateway {
        url: Option<String>,
        invocation_role: Option<String>,
        /// GetRole of the invocation role, when there is one.
        role: Option<Result<IamRole, AwsError>>,
    },
    /// SERVICE_MANAGED, or a directory: no provider to check.
    NoProvider { kind: String },
}

/// Where a user's login is defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserSource {
    /// A Transfer user of a SERVICE_MANAGED server (DescribeUser).
    Managed,
    /// A custom identity provider's login secret; `function` is the
    /// server's Lambda function, whose role reads the secret.
    Secret {
        name: String,
        function: Option<String>,
    },
}

/// The user an access check is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessSubject {
    pub server_id: String,
    pub server_arn: String,
    pub user: String,
    pub source: UserSource,
}
