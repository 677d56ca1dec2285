//! The Principal and NotPrincipal elements of a resource policy against
//! the caller: a service, an account, a role (and its sessions), anyone.

use super::Principal;
use super::document::{Listed, PrincipalId, PrincipalSet};
use super::tri::Tri;

/// Whether the element takes in the caller; Maybe when the caller is not
/// known and the element names someone.
pub fn principal_matches(element: &Listed<PrincipalSet>, who: Option<&Principal>) -> Tri {
    match element {
        Listed::Any(set) => in_set(set, who),
        Listed::AllBut(set) => in_set(set, who).negate(),
        // A resource policy's statement names whom it is about.
        Listed::Absent => Tri::No,
    }
}

fn in_set(set: &PrincipalSet, who: Option<&Principal>) -> Tri {
    let ids = match set {
        PrincipalSet::Everyone => return Tri::Yes,
        PrincipalSet::Named(ids) => ids,
    };
    let Some(who) = who else {
        return Tri::Maybe("principal".to_string());
    };
    Tri::from_bool(ids.iter().any(|id| names(id, who)))
}

/// Whether a Principal entry names the caller.
fn names(id: &PrincipalId, who: &Principal) -> bool {
    match who {
        Principal::Service(service) => {
            id.kind.eq_ignore_ascii_case("Service") && id.id.eq_ignore_ascii_case(service)
        }
        Principal::Aws(caller) => id.kind.eq_ignore_ascii_case("AWS") && aws_names(&id.id, caller),
        Principal::Anonymous => false,
    }
}

/// An account (`111122223333` or its `:root` ARN) names every principal of
/// that account; a role's ARN also names that role's sessions.
fn aws_names(id: &str, caller: &str) -> bool {
    if id == caller {
        return true;
    }
    if let Some(account) = account_of_entry(id) {
        return account_of_caller(caller) == Some(account);
    }
    let (Some(role), Some(session)) = (arn_fields(id), arn_fields(caller)) else {
        return false;
    };
    let role_name = role[5]
        .strip_prefix("role/")
        .and_then(|path| path.rsplit('/').next());
    let session_role = session[5]
        .strip_prefix("assumed-role/")
        .and_then(|rest| rest.split('/').next());
    role[2] == "iam"
        && session[2] == "sts"
        && role[1] == session[1]
        && role[4] == session[4]
        && role_name.is_some()
        && role_name == session_role
}

fn arn_fields(arn: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    (parts.len() == 6 && parts[0] == "arn").then_some(parts)
}

fn is_account(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

fn account_of_entry(id: &str) -> Option<&str> {
    if is_account(id) {
        return Some(id);
    }
    let parts = arn_fields(id)?;
    (parts[2] == "iam" && parts[5] == "root" && is_account(parts[4])).then_some(parts[4])
}

fn account_of_caller(caller: &str) -> Option<&str> {
    if is_account(caller) {
        return Some(caller);
    }
    arn_fields(caller)
        .map(|parts| parts[4])
        .filter(|a| is_account(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aws(ids: &[&str]) -> Listed<PrincipalSet> {
        Listed::Any(PrincipalSet::Named(
            ids.iter()
                .map(|id| PrincipalId {
                    kind: "AWS".to_string(),
                    id: id.to_string(),
                })
                .collect(),
        ))
    }

    fn caller(arn: &str) -> Principal {
        Principal::Aws(arn.to_string())
    }

    #[test]
    fn accounts_roles_and_their_sessions() {
        let role = "arn:aws:iam::111122223333:role/transfer-idp";
        let session = "arn:aws:sts::111122223333:assumed-role/transfer-idp/s1";
        assert_eq!(
            principal_matches(&aws(&["111122223333"]), Some(&caller(role))),
            Tri::Yes
        );
        assert_eq!(
            principal_matches(
                &aws(&["arn:aws:iam::111122223333:root"]),
                Some(&caller(session))
            ),
            Tri::Yes
        );
        assert_eq!(
            principal_matches(&aws(&["444455556666"]), Some(&caller(role))),
            Tri::No
        );
        assert_eq!(
            principal_matches(&aws(&[role]), Some(&caller(session))),
            Tri::Yes
        );
        // Another account's role of the same name is someone else.
        assert_eq!(
            principal_matches(
                &aws(&["arn:aws:iam::444455556666:role/transfer-idp"]),
                Some(&caller(session))
            ),
            Tri::No
        );
        assert_eq!(
            principal_matches(
                &aws(&["arn:aws:iam::111122223333:role/other"]),
                Some(&caller(session))
            ),
            Tri::No
        );
        // An account never names a service or an anonymous caller.
        assert_eq!(
            principal_matches(
                &aws(&["111122223333"]),
                Some(&Principal::Service("transfer.amazonaws.com".to_string()))
            ),
            Tri::No
        );
        assert_eq!(
            principal_matches(&aws(&["111122223333"]), Some(&Principal::Anonymous)),
            Tri::No
        );
        assert_eq!(
            principal_matches(&aws(&["111122223333"]), None),
            Tri::Maybe("principal".to_string())
        );
        assert_eq!(
            principal_matches(&Listed::Absent, Some(&caller(role))),
            Tri::No
        );
    }
}
