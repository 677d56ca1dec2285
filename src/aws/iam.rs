//! IAM: a role's trust policy and the policies that give it permissions.
//! IAM sends policy documents URL-encoded; they leave here as JSON text.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

use super::{AwsError, Session};
use crate::model::access_chain::RoleEvidence;
use crate::model::iam::{IamRole, PolicyText, role_name};

/// GetRole. `name` is the role's name (see `model::iam::role_name`).
pub async fn role(session: &Session, name: &str) -> Result<IamRole, AwsError> {
    let answer = session
        .iam
        .get_role()
        .role_name(name)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "iam:GetRole"))?;
    let role = answer.role().ok_or_else(|| AwsError::NotFound {
        message: format!("GetRole answered without the role {name}"),
    })?;
    Ok(IamRole {
        name: role.role_name().to_string(),
        arn: role.arn().to_string(),
        trust_policy: decode(role.assume_role_policy_document().unwrap_or_default()),
    })
}

/// Every inline policy of a role (ListRolePolicies, then GetRolePolicy for each).
pub async fn inline_policies(session: &Session, role: &str) -> Result<Vec<PolicyText>, AwsError> {
    let mut names = Vec::new();
    let mut pages = session
        .iam
        .list_role_policies()
        .role_name(role)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|err| AwsError::classify(err, "iam:ListRolePolicies"))?;
        names.extend(page.policy_names().iter().cloned());
    }
    let mut policies = Vec::with_capacity(names.len());
    for name in names {
        let answer = session
            .iam
            .get_role_policy()
            .role_name(role)
            .policy_name(&name)
            .send()
            .await
            .map_err(|err| AwsError::classify(err, "iam:GetRolePolicy"))?;
        policies.push(PolicyText {
            name,
            document: decode(answer.policy_document()),
        });
    }
    Ok(policies)
}

/// The ARNs of the managed policies attached to a role.
pub async fn attached_policy_arns(session: &Session, role: &str) -> Result<Vec<String>, AwsError> {
    let mut arns = Vec::new();
    let mut pages = session
        .iam
        .list_attached_role_policies()
        .role_name(role)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|err| AwsError::classify(err, "iam:ListAttachedRolePolicies"))?;
        arns.extend(
            page.attached_policies()
                .iter()
                .filter_map(|policy| policy.policy_arn().map(str::to_string)),
        );
    }
    Ok(arns)
}

/// The default version of a managed policy (GetPolicy, then GetPolicyVersion),
/// named by its ARN.
pub async fn managed_policy(session: &Session, arn: &str) -> Result<PolicyText, AwsError> {
    let answer = session
        .iam
        .get_policy()
        .policy_arn(arn)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "iam:GetPolicy"))?;
    let version = answer
        .policy()
        .and_then(|policy| policy.default_version_id())
        .ok_or_else(|| AwsError::NotFound {
            message: format!("{arn} has no default version"),
        })?
        .to_string();
    let answer = session
        .iam
        .get_policy_version()
        .policy_arn(arn)
        .version_id(&version)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "iam:GetPolicyVersion"))?;
    let document = answer
        .policy_version()
        .and_then(|version| version.document())
        .unwrap_or_default();
    Ok(PolicyText {
        name: arn.to_string(),
        document: decode(document),
    })
}

/// Every managed policy attached to a role, each read at its default version.
pub async fn attached_policies(session: &Session, role: &str) -> Result<Vec<PolicyText>, AwsError> {
    let mut policies = Vec::new();
    for arn in attached_policy_arns(session, role).await? {
        policies.push(managed_policy(session, &arn).await?);
    }
    Ok(policies)
}

/// A role by its ARN with its trust policy and every policy it has, each
/// part read even when another was refused.
pub async fn role_evidence(session: &Session, arn: &str) -> RoleEvidence {
    let Some(name) = role_name(arn) else {
        return RoleEvidence::not_a_role(arn);
    };
    let (role, inline, attached) = tokio::join!(
        role(session, name),
        inline_policies(session, name),
        attached_policies(session, name)
    );
    RoleEvidence {
        arn: arn.to_string(),
        role,
        inline,
        attached,
    }
}

/// A policy document as IAM sends it (RFC 3986 encoded) back to JSON. A
/// document that already is JSON is left as it is: decoding it could
/// change a `%` inside a string.
pub fn decode(document: &str) -> String {
    if document.trim_start().starts_with('{') {
        return document.to_string();
    }
    match percent_decode_str(document).decode_utf8() {
        Ok(Cow::Borrowed(text)) => text.to_string(),
        Ok(Cow::Owned(text)) => text,
        Err(_) => document.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn documents_are_url_decoded_once() {
        assert_eq!(
            decode("%7B%22Version%22%3A%222012-10-17%22%7D"),
            r#"{"Version":"2012-10-17"}"#
        );
        assert_eq!(decode(r#"{"Sid":"100%25"}"#), r#"{"Sid":"100%25"}"#);
        assert_eq!(decode("%FF"), "%FF");
    }
}
