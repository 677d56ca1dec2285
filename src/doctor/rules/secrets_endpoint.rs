//! Rule `secrets-endpoint`: a Lambda identity provider that runs in a VPC
//! reads the users' secrets from Secrets Manager; without a Secrets Manager
//! endpoint in that VPC (with private DNS, so the SDK's usual name resolves
//! to it) the read waits for a NAT gateway that may not exist, and logins
//! time out.
//!
//! Where the function runs is seen only through the interfaces Lambda made
//! for it; they are shared between functions with the same subnets and
//! groups, so none naming the function is "could not check", never a pass.

use std::collections::BTreeSet;

use crate::doctor::{Estate, Finding, Severity};
use crate::model::network::{LambdaInterface, VpcEndpoint, function_name};
use crate::model::{IdentityProviderType, Server};

const RULE: &str = "secrets-endpoint";

pub fn check(estate: &Estate, server: &Server) -> Vec<Finding> {
    if server.summary.identity_provider_type != IdentityProviderType::AwsLambda {
        return Vec::new();
    }
    // The provider needs Secrets Manager when its users live there.
    if estate.secrets_of(server.id()).next().is_none() {
        return Vec::new();
    }
    let Some(function) = server.identity_provider_details.function.as_deref() else {
        return Vec::new();
    };
    let function = function_name(function);
    // The title names no function: names carry hyphens, and `/` in the
    // Doctor pane would find these notes under unrelated rule ids.
    let could_not = |why: String| {
        vec![
            Finding::new(
                RULE,
                Severity::Info,
                server.id(),
                format!(
                    "could not check whether the Lambda provider reaches Secrets Manager: {why}"
                ),
            )
            .evidence(format!("the provider's function is {function}")),
        ]
    };
    let Some(network) = &estate.lambda_network else {
        return could_not("Lambda's network was not read".into());
    };
    let interfaces = match network.interfaces.read() {
        Some(interfaces) => interfaces,
        None => {
            let why = network.interfaces.unreadable_reason().unwrap_or_default();
            return could_not(format!(
                "Lambda's network interfaces could not be read ({why})"
            ));
        }
    };
    let vpcs: BTreeSet<&str> = interfaces
        .iter()
        .filter(|interface| interface.serves(function))
        .map(|interface| interface.vpc_id.as_str())
        .collect();
    if vpcs.is_empty() {
        let mut note = could_not(
            "no network interface shows where its function runs (outside any VPC, or on \
             interfaces made for another function)"
                .into(),
        );
        note[0].evidence.push(format!(
            "no network interface is described \"{}{function}\"",
            LambdaInterface::DESCRIPTION_PREFIX
        ));
        return note;
    }
    let Some(endpoints) = network.secrets_endpoints.read() else {
        let why = network
            .secrets_endpoints
            .unreadable_reason()
            .unwrap_or_default();
        return could_not(format!(
            "the Secrets Manager endpoints could not be read ({why})"
        ));
    };
    vpcs.into_iter()
        .filter_map(|vpc| judge(estate, server, function, vpc, endpoints))
        .collect()
}

/// A finding when `vpc` has no usable Secrets Manager endpoint.
fn judge(
    estate: &Estate,
    server: &Server,
    function: &str,
    vpc: &str,
    endpoints: &[VpcEndpoint],
) -> Option<Finding> {
    let here: Vec<&VpcEndpoint> = endpoints.iter().filter(|e| e.vpc_id == vpc).collect();
    if here.iter().any(|e| e.private_dns != Some(false)) {
        return None;
    }
    let (title, evidence) = match here.first() {
        None => (
            format!("the provider {function} runs in {vpc}, which has no Secrets Manager endpoint"),
            format!(
                "Lambda's network interface for {function} is in {vpc}; no Secrets Manager VPC endpoint serves {vpc}"
            ),
        ),
        Some(endpoint) => (
            format!(
                "the provider {function} runs in {vpc}, whose Secrets Manager endpoint has private DNS off"
            ),
            format!(
                "{} serves {vpc} with PrivateDnsEnabled false: the SDK's secretsmanager.{}.amazonaws.com does not resolve to it",
                endpoint.id, estate.region
            ),
        ),
    };
    let cli = match here.first() {
        None => format!(
            "aws ec2 create-vpc-endpoint --vpc-id {vpc} --vpc-endpoint-type Interface \
             --service-name com.amazonaws.{}.secretsmanager --subnet-ids <the function's subnets> \
             --security-group-ids <a group admitting tcp 443 from the function> --private-dns-enabled",
            estate.region
        ),
        Some(endpoint) => format!(
            "aws ec2 modify-vpc-endpoint --vpc-endpoint-id {} --private-dns-enabled",
            endpoint.id
        ),
    };
    Some(
        Finding::new(RULE, Severity::Warning, server.id(), title)
            .evidence(evidence)
            .evidence("unless a NAT gateway carries the calls, reading a user's secret times out and the login fails")
            .fix(
                "give the VPC a Secrets Manager interface endpoint with private DNS, in the function's subnets",
                Some(cli),
                None,
            ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::rules::testing::{estate, ftp_vpc};
    use crate::doctor::rules::testing_estate;
    use crate::doctor::{Gathered, LambdaNetwork};
    use crate::model::AwsError;

    /// The testing estate (a Lambda provider `idp` with one user secret)
    /// with Lambda's interfaces and the Secrets Manager endpoints given.
    fn seen(interfaces: &[(&str, &str)], endpoints: Vec<VpcEndpoint>) -> Estate {
        let mut estate = testing_estate();
        estate.lambda_network = Some(LambdaNetwork {
            interfaces: Gathered::Read(
                interfaces
                    .iter()
                    .map(|(description, vpc)| LambdaInterface {
                        description: description.to_string(),
                        vpc_id: vpc.to_string(),
                    })
                    .collect(),
            ),
            secrets_endpoints: Gathered::Read(endpoints),
        });
        estate
    }

    fn secrets_endpoint(vpc: &str, private_dns: Option<bool>) -> VpcEndpoint {
        VpcEndpoint {
            id: "vpce-0sm".into(),
            vpc_id: vpc.into(),
            service_name: "com.amazonaws.ap-northeast-1.secretsmanager".into(),
            endpoint_type: "Interface".into(),
            private_dns,
            ..Default::default()
        }
    }

    fn findings(estate: &Estate) -> Vec<Finding> {
        check(estate, &estate.servers[0].server)
    }

    #[test]
    fn a_provider_in_a_vpc_without_a_secrets_manager_endpoint_trips() {
        let estate = seen(&[("AWS Lambda VPC ENI-idp", "vpc-lambda")], Vec::new());
        let found = findings(&estate);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(
            found[0].title,
            "the provider idp runs in vpc-lambda, which has no Secrets Manager endpoint"
        );
        let cli = found[0]
            .fix
            .as_ref()
            .and_then(|f| f.cli.clone())
            .unwrap_or_default();
        assert!(cli.contains("--vpc-id vpc-lambda"), "{cli}");
        assert!(
            cli.contains("com.amazonaws.ap-northeast-1.secretsmanager"),
            "{cli}"
        );
    }

    #[test]
    fn an_endpoint_in_another_vpc_or_without_private_dns_does_not_count() {
        let estate = seen(
            &[("AWS Lambda VPC ENI-idp", "vpc-lambda")],
            vec![secrets_endpoint("vpc-other", Some(true))],
        );
        assert_eq!(findings(&estate).len(), 1);
        let estate = seen(
            &[("AWS Lambda VPC ENI-idp", "vpc-lambda")],
            vec![secrets_endpoint("vpc-lambda", Some(false))],
        );
        let found = findings(&estate);
        assert!(found[0].title.contains("private DNS off"), "{found:?}");
        assert!(
            found[0]
                .fix
                .as_ref()
                .and_then(|f| f.cli.as_deref())
                .is_some_and(
                    |cli| cli.starts_with("aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-0sm")
                )
        );
    }

    #[test]
    fn an_endpoint_with_private_dns_in_the_functions_vpc_passes() {
        let estate = seen(
            &[(
                "AWS Lambda VPC ENI-idp-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
                "vpc-lambda",
            )],
            vec![secrets_endpoint("vpc-lambda", Some(true))],
        );
        assert!(findings(&estate).is_empty());
    }

    #[test]
    fn another_functions_interfaces_are_not_this_ones() {
        // `idp-admin` is not `idp`: nothing is seen of idp, so nothing fails.
        let estate = seen(
            &[("AWS Lambda VPC ENI-idp-admin", "vpc-lambda")],
            Vec::new(),
        );
        let found = findings(&estate);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
        assert!(
            found[0]
                .evidence
                .iter()
                .any(|e| e.contains("\"AWS Lambda VPC ENI-idp\""))
        );
        assert!(
            found[0]
                .title
                .starts_with("could not check whether the Lambda provider reaches Secrets Manager: no network interface shows"),
            "{}",
            found[0].title
        );
    }

    #[test]
    fn unreadable_evidence_is_could_not_check_naming_the_permission() {
        let mut estate = testing_estate();
        estate.lambda_network = None;
        assert!(
            findings(&estate)[0]
                .title
                .ends_with("Lambda's network was not read")
        );
        let mut estate = seen(&[], Vec::new());
        if let Some(network) = &mut estate.lambda_network {
            network.interfaces = Gathered::Unreadable(AwsError::AccessDenied {
                action: "ec2:DescribeNetworkInterfaces".into(),
                message: String::new(),
            });
        }
        let found = findings(&estate);
        assert_eq!(found[0].severity, Severity::Info);
        assert!(
            found[0]
                .title
                .contains("needs ec2:DescribeNetworkInterfaces"),
            "{}",
            found[0].title
        );
        let mut estate = seen(&[("AWS Lambda VPC ENI-idp", "vpc-lambda")], Vec::new());
        if let Some(network) = &mut estate.lambda_network {
            network.secrets_endpoints = Gathered::Unreadable(AwsError::AccessDenied {
                action: "ec2:DescribeVpcEndpoints".into(),
                message: String::new(),
            });
        }
        let found = findings(&estate);
        assert_eq!(found[0].severity, Severity::Info);
        assert!(found[0].title.contains("needs ec2:DescribeVpcEndpoints"));
    }

    #[test]
    fn a_provider_without_user_secrets_or_another_provider_is_not_judged() {
        // No login secret: the provider may not read Secrets Manager at all.
        let mut lone = seen(&[("AWS Lambda VPC ENI-idp", "vpc-lambda")], Vec::new());
        lone.secrets = Gathered::Read(Vec::new());
        assert!(findings(&lone).is_empty());
        let mut other = estate(vec![ftp_vpc(vec![])]);
        other.servers[0].server.summary.identity_provider_type =
            IdentityProviderType::ServiceManaged;
        assert!(findings(&other).is_empty());
    }
}
