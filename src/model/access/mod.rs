//! The access checks the console runs for a user and a server, as pure
//! functions over policy documents: does the user's role reach the home
//! directory, does the role trust Transfer, does the identity provider's
//! function admit this server, does a secret's policy shut its reader out.
//! What they do not evaluate is `policy::NOT_EVALUATED`.

use super::login_secret::HomeMapping;
use super::policy::document::{Effect, Listed, PrincipalSet};
use super::policy::evaluate::{
    Nearest, Partial, SessionVerdict, Target, Verdict, action_matches, nearest_allow,
    session_verdict,
};
use super::policy::{
    Context, Decision, NamedPolicy, Principal, Request, StatementRef, evaluate_resource,
};
use super::user::UserHome;

/// The service principal Transfer Family acts as.
pub const TRANSFER_SERVICE: &str = "transfer.amazonaws.com";

/// An S3 place a user's home reaches: a PATH home, or one LOGICAL target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HomeTarget {
    pub bucket: String,
    /// The key prefix, without leading or trailing `/`; empty for the
    /// bucket's root.
    pub prefix: String,
}

impl HomeTarget {
    /// `/bucket/home/alice` (or `/bucket`). `None` for a path without a
    /// bucket. Whether the first part is a bucket or an EFS file system is
    /// the server's domain: the caller asks only for S3 servers.
    pub fn from_path(path: &str) -> Option<HomeTarget> {
        let path = path.trim().trim_start_matches('/');
        let (bucket, prefix) = path.split_once('/').unwrap_or((path, ""));
        if bucket.is_empty() {
            return None;
        }
        Some(HomeTarget {
            bucket: bucket.to_string(),
            prefix: prefix.trim_matches('/').to_string(),
        })
    }

    /// Every S3 place of a home: the PATH, or each LOGICAL target (once
    /// each), with `${transfer:UserName}` replaced by the user's name.
    pub fn from_home(home: &UserHome, user_name: &str) -> Vec<HomeTarget> {
        let paths: Vec<&str> = match home {
            UserHome::Path(path) => vec![path.as_str()],
            UserHome::Logical(mappings) => mappings
                .iter()
                .map(|m: &HomeMapping| m.target.as_str())
                .collect(),
        };
        let mut targets: Vec<HomeTarget> = Vec::new();
        for path in paths {
            let path = path.replace("${transfer:UserName}", user_name);
            if let Some(target) = HomeTarget::from_path(&path)
                && !targets.contains(&target)
            {
                targets.push(target);
            }
        }
        targets
    }

    /// `bucket/home/alice`, or `bucket`.
    pub fn display(&self) -> String {
        if self.prefix.is_empty() {
            self.bucket.clone()
        } else {
            format!("{}/{}", self.bucket, self.prefix)
        }
    }

    /// The values of Transfer's session policy variables for this home, as
    /// AWS's example session policy uses them (`arn:aws:s3:::${transfer:
    /// HomeBucket}`, `s3:prefix` `${transfer:HomeFolder}/*`, objects
    /// `arn:aws:s3:::${transfer:HomeDirectory}*`).
    pub fn session_variables(&self, user_name: &str) -> Context {
        Context::new()
            .with("transfer:UserName", user_name)
            .with("transfer:HomeBucket", self.bucket.clone())
            .with("transfer:HomeFolder", self.prefix.clone())
            .with("transfer:HomeDirectory", self.display())
    }

    /// The prefix Transfer lists the home with: `home/alice/`, or nothing.
    fn list_prefix(&self) -> String {
        if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", self.prefix)
        }
    }
}

/// One line of the access table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRow {
    pub action: String,
    /// What was checked, for display: an ARN, with `s3:prefix` for a
    /// listing, or `.../home/alice/*` for every object under the home.
    pub resource: String,
    /// For an object row, what holds for EVERY key under the home.
    pub decision: Decision,
    /// Set when the decision needs a word more: a statement that reaches
    /// only part of the home, the session policy withholding what the role
    /// allows, the statement that comes closest to allowing a refused row,
    /// or folders below the home that cannot be listed. Names policies and
    /// keys from AWS: make it inert before it is drawn.
    pub note: Option<String>,
}

/// The object actions a home needs, checked on every key under it.
pub const OBJECT_ACTIONS: &[&str] = &["s3:GetObject", "s3:PutObject", "s3:DeleteObject"];

/// The user's role policies (inline and attached) and session policy
/// against a home: `s3:ListBucket` on the bucket with `s3:prefix` = the
/// home's prefix, then each object action on every key under the home.
/// An object action is Allowed only if some allowing statement's Resource
/// covers ALL of `<bucket>/<prefix>/*` (no sample key is used). Listings
/// below the home are checked with one sample folder, which the note names.
/// A LOGICAL target is taken for a folder: one that maps a single object
/// is checked as if it were one.
pub fn check_home(
    identity: &[NamedPolicy],
    session: Option<&NamedPolicy>,
    target: &HomeTarget,
    context: &Context,
) -> Vec<AccessRow> {
    check_home_in("aws", identity, session, target, context)
}

/// [`check_home`] in another partition (`aws-cn`, `aws-us-gov`).
pub fn check_home_in(
    partition: &str,
    identity: &[NamedPolicy],
    session: Option<&NamedPolicy>,
    target: &HomeTarget,
    context: &Context,
) -> Vec<AccessRow> {
    let mut rows = Vec::with_capacity(1 + OBJECT_ACTIONS.len());

    let bucket_arn = format!("arn:{partition}:s3:::{}", target.bucket);
    let prefix = target.list_prefix();
    let mut list_context = context.clone();
    list_context.set("s3:prefix", prefix.clone());
    let request = Request::new("s3:ListBucket", bucket_arn.clone()).with_context(list_context);
    let target_arn = Target::One(&bucket_arn);
    let verdicts = session_verdict(identity, session, &request, target_arn);
    let mut list = row(
        "s3:ListBucket",
        format!("{bucket_arn} (s3:prefix {prefix:?})"),
        &verdicts,
        "",
    );
    if list.note.is_none() {
        list.note = nearest_note(identity, session, &verdicts, &request, target_arn);
    }
    if list.decision.is_allowed() && list.note.is_none() {
        list.note = folder_listing_note(identity, session, &bucket_arn, &prefix, context);
    }
    rows.push(list);

    let objects = format!("arn:{partition}:s3:::{}/", target.display());
    for action in OBJECT_ACTIONS {
        let request = Request::new(*action, format!("{objects}*")).with_context(context.clone());
        let under = Target::Under(&objects);
        let verdicts = session_verdict(identity, session, &request, under);
        let mut object = row(
            action,
            format!("{objects}*"),
            &verdicts,
            &format!("{objects}*"),
        );
        if object.note.is_none() {
            object.note = nearest_note(identity, session, &verdicts, &request, under);
        }
        rows.push(object);
    }
    rows
}

/// A condition on `s3:prefix` may admit the home's own listing and not the
/// folders below it. Conditions are checked on values, not on sets, so this
/// one is a sample, and the note says so.
fn folder_listing_note(
    identity: &[NamedPolicy],
    session: Option<&NamedPolicy>,
    bucket_arn: &str,
    prefix: &str,
    context: &Context,
) -> Option<String> {
    let folder = format!("{prefix}{SAMPLE_FOLDER}/");
    let mut folder_context = context.clone();
    folder_context.set("s3:prefix", folder.clone());
    let request = Request::new("s3:ListBucket", bucket_arn).with_context(folder_context);
    let decision = session_verdict(identity, session, &request, Target::One(bucket_arn))
        .combined
        .decision;
    (!decision.is_allowed()).then(|| {
        format!("folders below the home cannot be listed (checked with the sample s3:prefix {folder:?}: {decision})")
    })
}

/// The folder name used to check listings below a home.
const SAMPLE_FOLDER: &str = "any-folder";

/// For a request no statement allows: the statement that reaches the
/// resource with other actions, in whichever side (role or session policy)
/// refuses.
fn nearest_note(
    identity: &[NamedPolicy],
    session: Option<&NamedPolicy>,
    verdicts: &SessionVerdict,
    request: &Request,
    target: Target,
) -> Option<String> {
    if verdicts.combined.decision != Decision::ImplicitDeny {
        return None;
    }
    let nearest = if verdicts.identity.decision == Decision::ImplicitDeny {
        nearest_allow(identity, request, target)?
    } else {
        nearest_allow(std::slice::from_ref(session?), request, target)?
    };
    Some(match nearest {
        Nearest::Conditions(by, keys) => format!(
            "{by} allows {} here only when its Condition on {} holds, and it does not",
            request.action,
            keys.join(", ")
        ),
        Nearest::OtherActions(by, actions) => {
            format!(
                "no statement allows {}; {by} allows {actions} here",
                request.action
            )
        }
    })
}

fn row(action: &str, resource: String, verdicts: &SessionVerdict, under: &str) -> AccessRow {
    let combined = &verdicts.combined;
    let note = partial_note(combined, under).or_else(|| {
        let session = verdicts.session.as_ref()?;
        match (&verdicts.identity.decision, &session.decision) {
            (Decision::Allowed { by }, Decision::ImplicitDeny) => Some(format!(
                "the role allows it ({by}) but the session policy does not"
            )),
            (Decision::ImplicitDeny, Decision::Allowed { .. }) => {
                Some("the session policy allows it but no policy of the role does".to_string())
            }
            _ => None,
        }
    });
    AccessRow {
        action: action.to_string(),
        resource,
        decision: combined.decision.clone(),
        note,
    }
}

fn partial_note(verdict: &Verdict, under: &str) -> Option<String> {
    match verdict.partial.as_ref()? {
        Partial::AllowsPart(by) => Some(format!("{by} allows only part of {under}")),
        Partial::DeniesPart(by) => {
            Some(format!("{by} denies part of {under}; the rest is allowed"))
        }
    }
}

/// Whether a role's trust policy lets Transfer assume it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustCheck {
    /// `sts:AssumeRole` by `transfer.amazonaws.com`, with `aws:SourceAccount`
    /// and `aws:SourceArn` set to the account and the server.
    pub decision: Decision,
    /// The conditions of the statements allowing sts:AssumeRole, for display.
    pub conditions: Vec<ConditionLine>,
    /// Who the Allow statements for sts:AssumeRole admit (`Service
    /// ec2.amazonaws.com`, `AWS arn:...`, `*`): says whom a role trusts
    /// instead of Transfer.
    pub trusted: Vec<String>,
}

/// One condition of a statement, for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionLine {
    pub statement: StatementRef,
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
}

/// Whether Transfer may assume the role: `sts:AssumeRole` by
/// `transfer.amazonaws.com` with `aws:SourceAccount` = `account_id` and
/// `aws:SourceArn` = `source_arn`.
///
/// Which ARN is the source depends on the role (AWS Transfer Family user
/// guide, "Create an IAM role and policy"): Transfer assumes a USER's role
/// in the context of the user's ARN (`arn:aws:transfer:REGION:ACCOUNT:
/// user/SERVER-ID/NAME`, DescribeUser's `Arn`), and an API Gateway
/// invocation role or a logging role in the context of the SERVER's ARN.
/// When the source is not known (a custom identity provider's user), use
/// [`trust_allows_transfer_in`] with `aws:SourceArn` marked Unknown.
pub fn trust_allows_transfer(
    trust: &NamedPolicy,
    account_id: &str,
    source_arn: &str,
) -> TrustCheck {
    let context = Context::new()
        .with("aws:SourceAccount", account_id)
        .with("aws:SourceArn", source_arn);
    trust_allows_transfer_in(trust, &context)
}

/// [`trust_allows_transfer`] with the request context given whole.
pub fn trust_allows_transfer_in(trust: &NamedPolicy, context: &Context) -> TrustCheck {
    let context = context.clone();
    // A trust policy is the role's own resource policy: the role is the
    // resource, and its statements usually have no Resource element.
    let request = Request::new("sts:AssumeRole", "")
        .by(Principal::Service(TRANSFER_SERVICE.to_string()))
        .with_context(context);
    let decision = evaluate_resource(trust, &request);

    let mut conditions = Vec::new();
    let mut trusted = Vec::new();
    for (index, statement) in trust.document.statements.iter().enumerate() {
        let assume = action_matches(&statement.action, "sts:AssumeRole");
        if statement.effect != Effect::Allow || !assume {
            continue;
        }
        match &statement.principal {
            Listed::Any(PrincipalSet::Everyone) => trusted.push("*".to_string()),
            Listed::Any(PrincipalSet::Named(ids)) => {
                trusted.extend(ids.iter().map(|id| format!("{} {}", id.kind, id.id)))
            }
            Listed::AllBut(_) => trusted.push("everyone but those in NotPrincipal".to_string()),
            Listed::Absent => {}
        }
        let by = StatementRef {
            policy: trust.name.clone(),
            index,
            sid: statement.sid.clone(),
        };
        conditions.extend(statement.conditions.iter().map(|c| ConditionLine {
            statement: by.clone(),
            operator: c.operator.clone(),
            key: c.key.clone(),
            values: c.values.clone(),
        }));
    }
    TrustCheck {
        decision,
        conditions,
        trusted,
    }
}

/// Whether the identity provider's function policy lets Transfer invoke it
/// for this server: `lambda:InvokeFunction` by `transfer.amazonaws.com` with
/// `AWS:SourceArn` = the server and `AWS:SourceAccount` = the account. A
/// per-AZ twin missing from the policy comes out ImplicitDeny.
pub fn lambda_permits_server(
    policy: &NamedPolicy,
    function_arn: &str,
    server_arn: &str,
    account_id: &str,
) -> Decision {
    let context = Context::new()
        .with("aws:SourceArn", server_arn)
        .with("aws:SourceAccount", account_id);
    let request = Request::new("lambda:InvokeFunction", function_arn)
        .by(Principal::Service(TRANSFER_SERVICE.to_string()))
        .with_context(context);
    evaluate_resource(policy, &request)
}

/// Whether a secret's resource policy refuses GetSecretValue to the
/// identity provider's role. ExplicitDeny: it does. Unknown: a Deny hangs
/// on a key the console cannot know (mark `aws:sourceVpce` Unknown in
/// `context` for a function's call), named in the decision. Allowed or
/// ImplicitDeny: the policy does not refuse it (within the account, the
/// role's own policies decide).
pub fn secret_policy_blocks(
    policy: &NamedPolicy,
    reader_role_arn: &str,
    secret_arn: &str,
    context: &Context,
) -> Decision {
    let mut context = context.clone();
    context.set_default("aws:PrincipalArn", reader_role_arn);
    if let Some(account) = reader_role_arn.split(':').nth(4).filter(|a| !a.is_empty()) {
        context.set_default("aws:PrincipalAccount", account);
    }
    let request = Request::new("secretsmanager:GetSecretValue", secret_arn)
        .by(Principal::Aws(reader_role_arn.to_string()))
        .with_context(context);
    evaluate_resource(policy, &request)
}

#[cfg(test)]
mod tests;
