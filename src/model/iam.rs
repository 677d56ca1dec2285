//! IAM roles and their policies as the console reads them: the documents
//! are kept as JSON text, decoded from the URL encoding IAM sends them in,
//! and left to `model::policy` to parse.

/// A role and its trust policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IamRole {
    pub name: String,
    pub arn: String,
    /// The trust (assume-role) policy, as JSON text.
    pub trust_policy: String,
}

/// One policy document with the name it is known by: an inline policy's
/// name, or an attached policy's ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyText {
    pub name: String,
    pub document: String,
}

/// The name of a role from its ARN (`arn:aws:iam::1:role/path/name` gives
/// `name`, which is what GetRole takes); `None` for anything not a role ARN.
pub fn role_name(arn: &str) -> Option<&str> {
    let resource = arn.strip_prefix("arn:")?.splitn(5, ':').nth(4)?;
    let path = resource.strip_prefix("role/")?;
    let name = path.rsplit('/').next()?;
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_name_is_the_last_part_of_its_arn() {
        assert_eq!(
            role_name("arn:aws:iam::123456789012:role/transfer-legacy-ftp"),
            Some("transfer-legacy-ftp")
        );
        assert_eq!(
            role_name("arn:aws:iam::123456789012:role/service/transfer/ftp"),
            Some("ftp")
        );
        assert_eq!(role_name("arn:aws:iam::123456789012:user/alice"), None);
        assert_eq!(role_name("transfer-legacy-ftp"), None);
        assert_eq!(role_name("arn:aws:iam::123456789012:role/"), None);
    }
}
