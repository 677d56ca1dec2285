//! A pure IAM policy evaluator: identity policies, a session policy and
//! resource policies (a Lambda function's, a secret's, a role's trust),
//! against one request, following AWS's documented evaluation logic. It
//! runs offline and in tests, where no SimulatePrincipalPolicy exists.
//!
//! It answers only from the documents it is given and says what hangs on a
//! value it cannot know (`Decision::Unknown`); [`NOT_EVALUATED`] lists what
//! it leaves out.

pub mod condition;
pub mod context;
pub mod document;
pub mod evaluate;
pub mod pattern;
pub mod principal;
pub mod tri;
pub mod values;
pub mod variables;

#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
mod tests;

use std::fmt;

pub use context::{Context, ContextValue};
pub use document::{Effect, PolicyDocument, PolicyError};
pub use evaluate::{evaluate_identity, evaluate_resource, evaluate_with_session};

/// What the evaluator does not evaluate: a request it calls Allowed may
/// still be refused by one of these.
pub const NOT_EVALUATED: &[&str] = &[
    "service control policies (SCPs) and resource control policies (RCPs) of AWS Organizations",
    "permission boundaries of the role",
    "KMS key policies and grants (an SSE-KMS bucket or secret needs kms:Decrypt too)",
    "S3 bucket policies, access point policies, ACLs and Block Public Access",
    "VPC endpoint policies",
    "cross-account access (the resource's own account must allow it as well)",
    "condition keys the console cannot know (they make the outcome Unknown)",
    "the BinaryEquals operator and other operators it does not know (Unknown, naming the operator)",
];

/// A policy document and the name a person knows it by: "inline AllowHome",
/// a managed policy's ARN, "session policy", "trust policy".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedPolicy {
    pub name: String,
    pub document: PolicyDocument,
}

impl NamedPolicy {
    pub fn new(name: impl Into<String>, document: PolicyDocument) -> Self {
        Self {
            name: name.into(),
            document,
        }
    }

    pub fn parse(name: impl Into<String>, json: &str) -> Result<Self, PolicyError> {
        Ok(Self::new(name, PolicyDocument::parse(json)?))
    }
}

/// Who makes the request, as a resource policy's Principal sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// A service principal: `transfer.amazonaws.com`.
    Service(String),
    /// An account id, or an IAM ARN (user, role, or an assumed-role session).
    Aws(String),
    /// An unsigned request.
    Anonymous,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `None`: not known. Only resource policies look at it.
    pub principal: Option<Principal>,
    /// `service:Action`, matched case-insensitively.
    pub action: String,
    /// An ARN, matched case-sensitively.
    pub resource: String,
    pub context: Context,
}

impl Request {
    pub fn new(action: impl Into<String>, resource: impl Into<String>) -> Self {
        Self {
            principal: None,
            action: action.into(),
            resource: resource.into(),
            context: Context::new(),
        }
    }

    pub fn by(mut self, principal: Principal) -> Self {
        self.principal = Some(principal);
        self
    }

    pub fn with_context(mut self, context: Context) -> Self {
        self.context = context;
        self
    }
}

/// Which statement decided: the policy's name, the statement's position
/// (from 0) and its Sid when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRef {
    pub policy: String,
    pub index: usize,
    pub sid: Option<String>,
}

impl fmt::Display for StatementRef {
    /// Policy text from AWS: run it through `model::text::inert` before a
    /// terminal sees it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} statement {}", self.policy, self.index + 1)?;
        if let Some(sid) = &self.sid {
            write!(f, " ({sid})")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allowed {
        by: StatementRef,
    },
    ExplicitDeny {
        by: StatementRef,
    },
    /// No statement allows it.
    ImplicitDeny,
    /// The outcome hangs on `key`: a condition key whose value the console
    /// cannot know (`aws:sourceVpce`, as the policy spells it), `operator X`
    /// for a condition operator the evaluator does not evaluate, `date "..."
    /// not understood` for a policy date it cannot read, or `principal` when
    /// the request's principal is not known. `by` is the statement it hangs
    /// on.
    Unknown {
        by: StatementRef,
        key: String,
    },
}

impl Decision {
    pub fn is_allowed(&self) -> bool {
        matches!(self, Decision::Allowed { .. })
    }

    /// Denied for certain, explicitly or not.
    pub fn is_denied(&self) -> bool {
        matches!(self, Decision::ExplicitDeny { .. } | Decision::ImplicitDeny)
    }

    /// One word for a table's column: `allowed`, `denied` or `unknown`.
    pub fn outcome(&self) -> &'static str {
        match self {
            Decision::Allowed { .. } => "allowed",
            Decision::ExplicitDeny { .. } | Decision::ImplicitDeny => "denied",
            Decision::Unknown { .. } => "unknown",
        }
    }

    pub fn statement(&self) -> Option<&StatementRef> {
        match self {
            Decision::Allowed { by }
            | Decision::ExplicitDeny { by }
            | Decision::Unknown { by, .. } => Some(by),
            Decision::ImplicitDeny => None,
        }
    }
}

impl fmt::Display for Decision {
    /// Names policies from AWS: make it inert before it reaches a terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Decision::Allowed { by } => write!(f, "allowed by {by}"),
            Decision::ExplicitDeny { by } => write!(f, "denied by {by}"),
            Decision::ImplicitDeny => write!(f, "denied: no statement allows it"),
            Decision::Unknown { by, key } => write!(f, "unknown: {by} depends on {key}"),
        }
    }
}
