//! Lambda: the function behind an AWS_LAMBDA identity provider, its
//! resource policy, and the permission the console adds for a server.

use aws_sdk_lambda::operation::get_function_configuration::GetFunctionConfigurationOutput;

use super::{AwsError, Session};
use crate::model::identity_provider::{
    FunctionVpc, InvokePermission, LambdaFunction, TRANSFER_PRINCIPAL,
};

/// GetFunctionConfiguration. `function` is a name or an ARN, as a server's
/// IdentityProviderDetails gives it.
pub async fn function(session: &Session, function: &str) -> Result<LambdaFunction, AwsError> {
    let answer = session
        .lambda
        .get_function_configuration()
        .function_name(function)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "lambda:GetFunctionConfiguration"))?;
    Ok(function_of(answer, function))
}

/// Only the environment's names are taken from the answer: the values are
/// dropped with it.
fn function_of(answer: GetFunctionConfigurationOutput, asked: &str) -> LambdaFunction {
    let mut env_names: Vec<String> = answer
        .environment()
        .and_then(|env| env.variables())
        .map(|vars| vars.keys().cloned().collect())
        .unwrap_or_default();
    env_names.sort();
    let vpc = answer.vpc_config().and_then(|vpc| {
        let vpc = FunctionVpc {
            vpc_id: vpc.vpc_id().filter(|id| !id.is_empty()).map(str::to_string),
            subnet_ids: vpc.subnet_ids().to_vec(),
            security_group_ids: vpc.security_group_ids().to_vec(),
        };
        // AWS answers an empty VpcConfig for a function outside any VPC.
        (vpc.vpc_id.is_some() || !vpc.subnet_ids.is_empty()).then_some(vpc)
    });
    LambdaFunction {
        name: answer.function_name().unwrap_or(asked).to_string(),
        arn: answer.function_arn().unwrap_or(asked).to_string(),
        state: answer.state().map(|s| s.as_str().to_string()),
        state_reason: answer.state_reason().map(str::to_string),
        runtime: answer.runtime().map(|r| r.as_str().to_string()),
        timeout_seconds: answer.timeout(),
        last_modified: answer.last_modified().map(str::to_string),
        role: answer.role().map(str::to_string),
        vpc,
        env_names,
    }
}

/// The function's resource policy as JSON text; `None` when it has none
/// (Lambda answers ResourceNotFoundException then, as it does for a
/// function that does not exist: read the function first to tell them apart).
pub async fn resource_policy(
    session: &Session,
    function: &str,
) -> Result<Option<String>, AwsError> {
    match session
        .lambda
        .get_policy()
        .function_name(function)
        .send()
        .await
    {
        Ok(answer) => Ok(answer.policy().map(str::to_string)),
        Err(err) => {
            let no_policy = err
                .as_service_error()
                .is_some_and(|err| err.is_resource_not_found_exception());
            if no_policy {
                Ok(None)
            } else {
                Err(AwsError::classify(err, "lambda:GetPolicy"))
            }
        }
    }
}

/// AddPermission: lets Transfer invoke the function for one server.
/// Returns the statement Lambda added, as JSON text.
pub async fn add_permission(
    session: &Session,
    permission: &InvokePermission,
) -> Result<String, AwsError> {
    let source_account = (!permission.account_id.is_empty()).then(|| permission.account_id.clone());
    let answer = session
        .lambda
        .add_permission()
        .function_name(&permission.function)
        .statement_id(&permission.statement_id)
        .action(InvokePermission::ACTION)
        .principal(TRANSFER_PRINCIPAL)
        .source_arn(&permission.server_arn)
        .set_source_account(source_account)
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "lambda:AddPermission"))?;
    Ok(answer.statement().unwrap_or_default().to_string())
}
