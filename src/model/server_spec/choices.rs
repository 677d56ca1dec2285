//! The pick lists of the create form: a region's VPCs, subnets (with their
//! zone), security groups, free Elastic IPs and issued certificates. Each
//! list is read on its own, so one denied call leaves the others.

use super::rules::{Known, KnownSubnet};
use crate::model::AwsError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: String,
    /// What the operator recognises it by: a Name tag, a CIDR, a zone.
    pub label: String,
    /// The VPC a subnet or group belongs to; the zone is in `zone`.
    pub vpc_id: Option<String>,
    pub zone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choices {
    pub region: String,
    pub vpcs: Result<Vec<Choice>, AwsError>,
    pub subnets: Result<Vec<Choice>, AwsError>,
    pub security_groups: Result<Vec<Choice>, AwsError>,
    /// Only the Elastic IPs associated with nothing.
    pub elastic_ips: Result<Vec<Choice>, AwsError>,
    /// ISSUED certificates; AccessDenied leaves a typed ARN instead.
    pub certificates: Result<Vec<Choice>, AwsError>,
}

impl Choices {
    /// What the lists tell the rules; a list that failed checks nothing.
    pub fn known(&self) -> Known {
        Known {
            subnets: self
                .subnets
                .as_deref()
                .unwrap_or_default()
                .iter()
                .map(|s| KnownSubnet {
                    id: s.id.clone(),
                    vpc_id: s.vpc_id.clone().unwrap_or_default(),
                    availability_zone: s.zone.clone().unwrap_or_default(),
                })
                .collect(),
            security_groups: self
                .security_groups
                .as_deref()
                .unwrap_or_default()
                .iter()
                .map(|g| (g.id.clone(), g.vpc_id.clone().unwrap_or_default()))
                .collect(),
            free_elastic_ips: self
                .elastic_ips
                .as_ref()
                .ok()
                .map(|eips| eips.iter().map(|e| e.id.clone()).collect()),
        }
    }

    /// The subnets of `vpc_id`.
    pub fn subnets_of(&self, vpc_id: &str) -> Vec<&Choice> {
        of_vpc(&self.subnets, vpc_id)
    }

    pub fn security_groups_of(&self, vpc_id: &str) -> Vec<&Choice> {
        of_vpc(&self.security_groups, vpc_id)
    }
}

fn of_vpc<'a>(list: &'a Result<Vec<Choice>, AwsError>, vpc_id: &str) -> Vec<&'a Choice> {
    list.as_deref()
        .unwrap_or_default()
        .iter()
        .filter(|c| c.vpc_id.as_deref() == Some(vpc_id))
        .collect()
}
