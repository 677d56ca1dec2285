//! EC2 calls for a VPC server's network. Each takes many ids and makes one
//! call (every page of it), so that a screen of servers costs one call per
//! kind, not one per server. An empty id list makes no call at all: EC2
//! would answer it with every resource in the region.

use super::ec2_convert as convert;
use super::{AwsError, Session};
use crate::model::network::{
    ElasticIp, LambdaInterface, NetworkInterface, SecurityGroup, VpcEndpoint,
};

/// DescribeVpcEndpoints for `ids`, every page.
pub async fn describe_vpc_endpoints(
    session: &Session,
    ids: &[String],
) -> Result<Vec<VpcEndpoint>, AwsError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut pages = session
        .ec2
        .describe_vpc_endpoints()
        .set_vpc_endpoint_ids(Some(ids.to_vec()))
        .into_paginator()
        .send();
    let mut found = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|err| AwsError::classify(err, "ec2:DescribeVpcEndpoints"))?;
        found.extend(page.vpc_endpoints().iter().map(convert::vpc_endpoint));
    }
    Ok(found)
}

/// DescribeVpcEndpoints of the services named `service_names` (the
/// `service-name` filter, wildcards allowed): one call, every page.
pub async fn describe_service_endpoints(
    session: &Session,
    service_names: &[String],
) -> Result<Vec<VpcEndpoint>, AwsError> {
    if service_names.is_empty() {
        return Ok(Vec::new());
    }
    let filter = aws_sdk_ec2::types::Filter::builder()
        .name("service-name")
        .set_values(Some(service_names.to_vec()))
        .build();
    let mut pages = session
        .ec2
        .describe_vpc_endpoints()
        .filters(filter)
        .into_paginator()
        .send();
    let mut found = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|err| AwsError::classify(err, "ec2:DescribeVpcEndpoints"))?;
        found.extend(page.vpc_endpoints().iter().map(convert::vpc_endpoint));
    }
    Ok(found)
}

/// The network interfaces Lambda made for the functions named `functions`
/// (DescribeNetworkInterfaces filtered by description): one call.
pub async fn describe_lambda_interfaces(
    session: &Session,
    functions: &[String],
) -> Result<Vec<LambdaInterface>, AwsError> {
    if functions.is_empty() {
        return Ok(Vec::new());
    }
    let filter = aws_sdk_ec2::types::Filter::builder()
        .name("description")
        .set_values(Some(LambdaInterface::filter_values(functions)))
        .build();
    let mut pages = session
        .ec2
        .describe_network_interfaces()
        .filters(filter)
        .into_paginator()
        .send();
    let mut found = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|err| AwsError::classify(err, "ec2:DescribeNetworkInterfaces"))?;
        found.extend(page.network_interfaces().iter().map(|eni| LambdaInterface {
            description: eni.description().unwrap_or_default().to_string(),
            vpc_id: eni.vpc_id().unwrap_or_default().to_string(),
        }));
    }
    Ok(found)
}

/// DescribeNetworkInterfaces for `ids`, every page.
pub async fn describe_network_interfaces(
    session: &Session,
    ids: &[String],
) -> Result<Vec<NetworkInterface>, AwsError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut pages = session
        .ec2
        .describe_network_interfaces()
        .set_network_interface_ids(Some(ids.to_vec()))
        .into_paginator()
        .send();
    let mut found = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|err| AwsError::classify(err, "ec2:DescribeNetworkInterfaces"))?;
        found.extend(
            page.network_interfaces()
                .iter()
                .map(convert::network_interface),
        );
    }
    Ok(found)
}

/// DescribeSecurityGroups for `ids`, every page.
pub async fn describe_security_groups(
    session: &Session,
    ids: &[String],
) -> Result<Vec<SecurityGroup>, AwsError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut pages = session
        .ec2
        .describe_security_groups()
        .set_group_ids(Some(ids.to_vec()))
        .into_paginator()
        .send();
    let mut found = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|err| AwsError::classify(err, "ec2:DescribeSecurityGroups"))?;
        found.extend(page.security_groups().iter().map(convert::security_group));
    }
    Ok(found)
}

/// DescribeAddresses for the allocation ids `ids` (the call has no pages).
pub async fn describe_addresses(
    session: &Session,
    ids: &[String],
) -> Result<Vec<ElasticIp>, AwsError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let answer = session
        .ec2
        .describe_addresses()
        .set_allocation_ids(Some(ids.to_vec()))
        .send()
        .await
        .map_err(|err| AwsError::classify(err, "ec2:DescribeAddresses"))?;
    Ok(answer.addresses().iter().map(convert::elastic_ip).collect())
}
