//! Statements against a request, and statements together into a decision,
//! as AWS's policy evaluation logic documents it: an explicit Deny in any
//! policy wins; otherwise an Allow is needed; with a session policy both the
//! identity policies and the session policy must allow.
//!
//! The target is one resource, or every object under a prefix: then the
//! decision is the one that holds for every key, and [`Verdict::partial`]
//! names a statement that reaches only some of them.

use super::condition;
use super::document::{Effect, Listed, PolicyDocument, Statement};
use super::pattern::{self, Reach, Tok};
use super::principal::principal_matches;
use super::tri::Tri;
use super::variables::{Resolved, resolve};
use super::{Decision, NamedPolicy, Request, StatementRef};

/// What the request is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target<'a> {
    /// One ARN: `request.resource`.
    One(&'a str),
    /// Every ARN starting with this prefix (`arn:aws:s3:::bucket/home/`).
    Under(&'a str),
}

/// Identity policies need an Allow; a resource policy alone only adds one
/// (the identity side may still allow), so its open Deny is Unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Identity,
    Resource,
}

/// A statement that reaches only part of an `Under` target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Partial {
    /// The decision is ImplicitDeny for the whole; this Allow covers some.
    AllowsPart(StatementRef),
    /// The decision is ExplicitDeny by this statement, for some keys only.
    DeniesPart(StatementRef),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub decision: Decision,
    pub partial: Option<Partial>,
}

/// How a statement applies: to all or part of the target, perhaps only if
/// something unknown turns out one way.
struct Applies {
    by: StatementRef,
    effect: Effect,
    reach: Reach,
    open: Option<String>,
}

/// Identity policies (inline and attached) against the request. The
/// request's principal is not looked at.
pub fn evaluate_identity(policies: &[NamedPolicy], request: &Request) -> Decision {
    identity_verdict(policies, request, Target::One(&request.resource)).decision
}

/// Identity policies and, when there is one, a session policy: both must
/// allow, and an explicit Deny in either wins.
pub fn evaluate_with_session(
    identity: &[NamedPolicy],
    session: Option<&NamedPolicy>,
    request: &Request,
) -> Decision {
    session_verdict(identity, session, request, Target::One(&request.resource))
        .combined
        .decision
}

/// One resource policy (a function's, a secret's, a trust policy) against
/// the request: only statements whose Principal (or NotPrincipal) takes in
/// the request's principal count. A statement without Resource applies to
/// the resource the policy is attached to.
///
/// Allowed means the policy grants it; ImplicitDeny that it neither grants
/// nor refuses (within an account, an identity policy may still allow).
pub fn evaluate_resource(policy: &NamedPolicy, request: &Request) -> Decision {
    verdict(
        std::slice::from_ref(policy),
        request,
        Target::One(&request.resource),
        Mode::Resource,
    )
    .decision
}

pub(crate) fn identity_verdict(
    policies: &[NamedPolicy],
    request: &Request,
    target: Target,
) -> Verdict {
    verdict(policies, request, target, Mode::Identity)
}

/// The identity side, the session side, and the two together.
pub(crate) struct SessionVerdict {
    pub identity: Verdict,
    pub session: Option<Verdict>,
    pub combined: Verdict,
}

pub(crate) fn session_verdict(
    identity: &[NamedPolicy],
    session: Option<&NamedPolicy>,
    request: &Request,
    target: Target,
) -> SessionVerdict {
    let role = identity_verdict(identity, request, target);
    let Some(session) = session else {
        return SessionVerdict {
            combined: role.clone(),
            identity: role,
            session: None,
        };
    };
    let scoped = identity_verdict(std::slice::from_ref(session), request, target);
    // The stronger refusal wins; on a tie, the role's policies are named.
    let combined = if strength(&scoped) < strength(&role) {
        scoped.clone()
    } else {
        role.clone()
    };
    SessionVerdict {
        identity: role,
        session: Some(scoped),
        combined,
    }
}

/// How firmly a verdict refuses, strongest first: a Deny of the whole
/// target, no Allow at all, a Deny of part of it, an open question, an
/// Allow.
fn strength(verdict: &Verdict) -> u8 {
    match (&verdict.decision, &verdict.partial) {
        (Decision::ExplicitDeny { .. }, None) => 0,
        (Decision::ImplicitDeny, _) => 1,
        (Decision::ExplicitDeny { .. }, Some(_)) => 2,
        (Decision::Unknown { .. }, _) => 3,
        (Decision::Allowed { .. }, _) => 4,
    }
}

fn verdict(policies: &[NamedPolicy], request: &Request, target: Target, mode: Mode) -> Verdict {
    let applying: Vec<Applies> =
        policies
            .iter()
            .flat_map(|policy| {
                policy.document.statements.iter().enumerate().filter_map(
                    move |(index, statement)| {
                        applies(&policy.document, statement, request, target, mode).map(
                            |(reach, open)| Applies {
                                by: StatementRef {
                                    policy: policy.name.clone(),
                                    index,
                                    sid: statement.sid.clone(),
                                },
                                effect: statement.effect,
                                reach,
                                open,
                            },
                        )
                    },
                )
            })
            .collect();
    collate(&applying, mode)
}

fn collate(applying: &[Applies], mode: Mode) -> Verdict {
    let find = |effect: Effect, reach: Option<Reach>, sure: bool| {
        applying.iter().find(|a| {
            a.effect == effect && reach.is_none_or(|r| a.reach == r) && a.open.is_none() == sure
        })
    };
    let decided = |decision: Decision| Verdict {
        decision,
        partial: None,
    };
    if let Some(deny) = find(Effect::Deny, Some(Reach::All), true) {
        return decided(Decision::ExplicitDeny {
            by: deny.by.clone(),
        });
    }
    let allow_sure = find(Effect::Allow, Some(Reach::All), true);
    let allow_open = find(Effect::Allow, Some(Reach::All), false);
    let implicit = || Verdict {
        decision: Decision::ImplicitDeny,
        partial: applying
            .iter()
            .find(|a| a.effect == Effect::Allow && a.reach == Reach::Part)
            .map(|a| Partial::AllowsPart(a.by.clone())),
    };
    if mode == Mode::Identity && allow_sure.is_none() && allow_open.is_none() {
        // Denied whatever the open conditions turn out to be.
        return implicit();
    }
    if let Some(deny) = find(Effect::Deny, None, false) {
        return decided(Decision::Unknown {
            by: deny.by.clone(),
            key: deny.open.clone().unwrap_or_default(),
        });
    }
    if let Some(deny) = find(Effect::Deny, Some(Reach::Part), true) {
        return Verdict {
            decision: Decision::ExplicitDeny {
                by: deny.by.clone(),
            },
            partial: Some(Partial::DeniesPart(deny.by.clone())),
        };
    }
    if let Some(allow) = allow_sure {
        return decided(Decision::Allowed {
            by: allow.by.clone(),
        });
    }
    if let Some(allow) = allow_open {
        return decided(Decision::Unknown {
            by: allow.by.clone(),
            key: allow.open.clone().unwrap_or_default(),
        });
    }
    implicit()
}

/// Whether the statement applies to the request: its reach over the target
/// and what it still hangs on; `None` when it does not apply.
fn applies(
    document: &PolicyDocument,
    statement: &Statement,
    request: &Request,
    target: Target,
    mode: Mode,
) -> Option<(Reach, Option<String>)> {
    if !action_matches(&statement.action, &request.action) {
        return None;
    }
    let principal = match mode {
        Mode::Identity => Tri::Yes,
        Mode::Resource => principal_matches(&statement.principal, request.principal.as_ref()),
    };
    if principal == Tri::No {
        return None;
    }
    let variables = document.has_variables();
    let (reach, resource_open) =
        resource_reach(&statement.resource, target, request, variables, mode);
    if reach == Reach::None {
        return None;
    }
    let conditions = Tri::all(
        statement
            .conditions
            .iter()
            .map(|c| condition::evaluate(c, &request.context, variables)),
    );
    let open = match (principal, conditions) {
        (_, Tri::No) => return None,
        (Tri::Maybe(what), _) => Some(what),
        (_, Tri::Maybe(what)) => Some(what),
        _ => resource_open,
    };
    Some((reach, open))
}

/// Whether Action (or NotAction) takes in the action, case-insensitively.
pub(crate) fn action_matches(action: &Listed<Vec<String>>, wanted: &str) -> bool {
    let hit = |patterns: &[String]| {
        patterns
            .iter()
            .any(|p| pattern::matches(&pattern::glob(p), wanted, true))
    };
    match action {
        Listed::Any(patterns) => hit(patterns),
        Listed::AllBut(patterns) => !hit(patterns),
        // A statement without Action is not valid: it grants nothing.
        Listed::Absent => false,
    }
}

/// An Allow statement that comes close to a request no statement allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Nearest {
    /// It names the action and reaches the resource, but its Condition
    /// (on these keys) does not hold.
    Conditions(StatementRef, Vec<String>),
    /// It reaches the resource, for other actions (as written).
    OtherActions(StatementRef, String),
}

/// What a reader looks for when a request is implicitly denied: an Allow
/// statement whose Resource reaches the target and which names the action
/// under a condition that does not hold, or else one naming other actions
/// ("the role allows s3:GetObject here, not s3:PutObject").
pub(crate) fn nearest_allow(
    policies: &[NamedPolicy],
    request: &Request,
    target: Target,
) -> Option<Nearest> {
    let reaching = || {
        policies.iter().flat_map(move |policy| {
            let variables = policy.document.has_variables();
            policy
                .document
                .statements
                .iter()
                .enumerate()
                .filter(move |(_, statement)| {
                    statement.effect == Effect::Allow
                        && resource_reach(
                            &statement.resource,
                            target,
                            request,
                            variables,
                            Mode::Identity,
                        )
                        .0 != Reach::None
                })
                .map(move |(index, statement)| {
                    let by = StatementRef {
                        policy: policy.name.clone(),
                        index,
                        sid: statement.sid.clone(),
                    };
                    (by, statement)
                })
        })
    };
    let conditioned = reaching().find(|(_, statement)| {
        action_matches(&statement.action, &request.action) && !statement.conditions.is_empty()
    });
    if let Some((by, statement)) = conditioned {
        let mut keys: Vec<String> = statement.conditions.iter().map(|c| c.key.clone()).collect();
        keys.dedup();
        return Some(Nearest::Conditions(by, keys));
    }
    reaching()
        .find(|(_, statement)| !action_matches(&statement.action, &request.action))
        .map(|(by, statement)| {
            let actions = match &statement.action {
                Listed::Any(actions) => actions.join(", "),
                Listed::AllBut(actions) => format!("every action but {}", actions.join(", ")),
                Listed::Absent => String::new(),
            };
            Nearest::OtherActions(by, actions)
        })
}

/// The reach of Resource (or NotResource) over the target, and an unknown
/// it hangs on.
fn resource_reach(
    resource: &Listed<Vec<String>>,
    target: Target,
    request: &Request,
    variables: bool,
    mode: Mode,
) -> (Reach, Option<String>) {
    let one = |text: &String| -> Result<Reach, String> {
        match resolve(text, &request.context, variables) {
            Resolved::Pattern(tokens) => Ok(reach_of(&tokens, target)),
            Resolved::NoValue => Ok(Reach::None),
            Resolved::Unknown(key) => Err(key),
        }
    };
    match resource {
        Listed::Any(patterns) => {
            let mut best = Reach::None;
            let mut open = None;
            for text in patterns {
                match one(text) {
                    Ok(Reach::All) => return (Reach::All, None),
                    Ok(Reach::Part) => best = Reach::Part,
                    Ok(Reach::None) => {}
                    Err(key) => {
                        open.get_or_insert(key);
                    }
                }
            }
            match open {
                // What the unknown value would reach is not known either.
                Some(key) => (Reach::All, Some(key)),
                None => (best, None),
            }
        }
        Listed::AllBut(patterns) => {
            let mut reach = Reach::All;
            let mut open = None;
            for text in patterns {
                match one(text) {
                    Ok(Reach::All) => return (Reach::None, None),
                    Ok(Reach::Part) => reach = Reach::Part,
                    Ok(Reach::None) => {}
                    Err(key) => {
                        open.get_or_insert(key);
                    }
                }
            }
            (reach, open)
        }
        // A resource policy's statement applies to its own resource; an
        // identity policy's statement without Resource is not valid.
        Listed::Absent => match mode {
            Mode::Resource => (Reach::All, None),
            Mode::Identity => (Reach::None, None),
        },
    }
}

fn reach_of(tokens: &[Tok], target: Target) -> Reach {
    match target {
        Target::One(arn) => {
            if pattern::arn_matches(tokens, arn) {
                Reach::All
            } else {
                Reach::None
            }
        }
        Target::Under(prefix) => pattern::arn_reach_under(tokens, prefix),
    }
}
