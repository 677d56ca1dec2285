//! What the console reads of a custom identity provider: the Lambda
//! function behind an AWS_LAMBDA server and the permission that lets
//! Transfer invoke it.

use std::fmt;

/// The service principal Transfer invokes identity providers and assumes
/// user roles as.
pub const TRANSFER_PRINCIPAL: &str = "transfer.amazonaws.com";

/// GetFunctionConfiguration, without the environment's values: only the
/// variable names are kept, so no value can reach a log or the screen.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct LambdaFunction {
    pub name: String,
    pub arn: String,
    pub state: Option<String>,
    /// Why the state is what it is (AWS's words), when it says.
    pub state_reason: Option<String>,
    pub runtime: Option<String>,
    pub timeout_seconds: Option<i32>,
    pub last_modified: Option<String>,
    /// The execution role: the one that reads the users' secrets.
    pub role: Option<String>,
    pub vpc: Option<FunctionVpc>,
    /// Names of the environment variables, sorted. Never their values.
    pub env_names: Vec<String>,
}

/// The Debug of a function lists its fields; the environment shows as names
/// because that is all there is.
impl fmt::Debug for LambdaFunction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LambdaFunction")
            .field("arn", &self.arn)
            .field("state", &self.state)
            .field("runtime", &self.runtime)
            .field("timeout_seconds", &self.timeout_seconds)
            .field("last_modified", &self.last_modified)
            .field("role", &self.role)
            .field("vpc", &self.vpc)
            .field("env_names", &self.env_names)
            .finish()
    }
}

/// The VPC a function runs in, when it runs in one: it then reaches
/// Secrets Manager through that VPC (an endpoint or a NAT).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunctionVpc {
    pub vpc_id: Option<String>,
    pub subnet_ids: Vec<String>,
    pub security_group_ids: Vec<String>,
}

/// The statement that lets Transfer invoke `function` for one server: what
/// the console's fix adds, and the CLI command that adds the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvokePermission {
    pub function: String,
    pub statement_id: String,
    pub server_arn: String,
    pub account_id: String,
}

impl InvokePermission {
    pub const ACTION: &'static str = "lambda:InvokeFunction";

    /// The permission for `server_arn`; the statement id names the server so
    /// that a second fix for another server does not collide with it.
    pub fn for_server(function: &str, server_arn: &str) -> Self {
        let server_id = server_arn.rsplit('/').next().unwrap_or(server_arn);
        Self {
            function: function.to_string(),
            statement_id: format!("transfer-invoke-{server_id}"),
            server_arn: server_arn.to_string(),
            account_id: arn_account(server_arn).unwrap_or_default().to_string(),
        }
    }

    /// `aws lambda add-permission ...`, each value quoted for a POSIX shell.
    pub fn cli_command(&self) -> String {
        let mut command = format!(
            "aws lambda add-permission --function-name {} --statement-id {} --action {} --principal {} --source-arn {}",
            shell_quote(&self.function),
            shell_quote(&self.statement_id),
            Self::ACTION,
            TRANSFER_PRINCIPAL,
            shell_quote(&self.server_arn),
        );
        if !self.account_id.is_empty() {
            command.push_str(" --source-account ");
            command.push_str(&shell_quote(&self.account_id));
        }
        command
    }
}

/// The account of an ARN (`arn:aws:transfer:REGION:ACCOUNT:server/s-1`).
pub fn arn_account(arn: &str) -> Option<&str> {
    let account = arn.split(':').nth(4)?;
    (!account.is_empty()).then_some(account)
}

/// A value as one word for a POSIX shell: bare when it is made only of
/// characters no shell treats specially, single-quoted otherwise.
pub fn shell_quote(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c));
    if plain {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVER: &str = "arn:aws:transfer:ap-northeast-1:123456789012:server/s-0123456789abcdef0";
    const FUNCTION: &str = "arn:aws:lambda:ap-northeast-1:123456789012:function:transfer-ftp-idp";

    #[test]
    fn the_permission_names_the_server_and_its_account() {
        let permission = InvokePermission::for_server(FUNCTION, SERVER);
        assert_eq!(
            permission.statement_id,
            "transfer-invoke-s-0123456789abcdef0"
        );
        assert_eq!(permission.account_id, "123456789012");
        assert_eq!(
            permission.cli_command(),
            format!(
                "aws lambda add-permission --function-name {FUNCTION} --statement-id transfer-invoke-s-0123456789abcdef0 --action lambda:InvokeFunction --principal transfer.amazonaws.com --source-arn {SERVER} --source-account 123456789012"
            )
        );
    }

    #[test]
    fn values_a_shell_would_read_are_quoted() {
        assert_eq!(shell_quote("plain-name"), "plain-name");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's;rm"), r"'it'\''s;rm'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn debug_lists_names_only() {
        let function = LambdaFunction {
            env_names: vec!["SecretsManagerRegion".into()],
            ..LambdaFunction::default()
        };
        assert!(format!("{function:?}").contains("SecretsManagerRegion"));
    }
}
