//! AWS's rules for CreateServer, from the API model and FIELD-NOTES,
//! checked before anything is sent. Every broken rule is reported at once,
//! each at the step and field where it is fixed.

use std::collections::{BTreeMap, BTreeSet};

use super::{EndpointSpec, IdentitySpec, ServerSpec};
use crate::model::server::Protocol;
use crate::model::{PassiveIp, validate as fields};

/// The form's steps, in order; each error belongs to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    Protocols,
    Endpoint,
    IdentityProvider,
    Certificate,
    Settings,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Protocols,
        Step::Endpoint,
        Step::IdentityProvider,
        Step::Certificate,
        Step::Settings,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Step::Protocols => "protocols",
            Step::Endpoint => "endpoint",
            Step::IdentityProvider => "identity",
            Step::Certificate => "certificate",
            // Logging role, security policy, protocol details, tags.
            Step::Settings => "settings",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub step: Step,
    /// The request member, as CreateServer names it.
    pub field: &'static str,
    pub message: String,
}

/// What the pick lists told of the region's network, to check the chosen
/// ids against. An empty list means "not read": nothing is checked then.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    pub subnets: Vec<KnownSubnet>,
    /// Security group id and its VPC.
    pub security_groups: Vec<(String, String)>,
    /// Allocation ids of the Elastic IPs not associated with anything.
    pub free_elastic_ips: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownSubnet {
    pub id: String,
    pub vpc_id: String,
    pub availability_zone: String,
}

/// Every rule `spec` breaks for a server in `region`; empty when it may be
/// sent.
pub fn validate(spec: &ServerSpec, region: &str, known: &Known) -> Vec<SpecError> {
    let mut errors = Vec::new();
    let mut fail = |step, field, message: String| {
        errors.push(SpecError {
            step,
            field,
            message,
        })
    };
    protocols(spec, &mut fail);
    endpoint(spec, known, &mut fail);
    identity(spec, region, &mut fail);
    certificate(spec, region, &mut fail);
    settings(spec, &mut fail);
    errors.sort_by_key(|e| e.step);
    errors
}

type Fail<'a> = dyn FnMut(Step, &'static str, String) + 'a;

fn protocols(spec: &ServerSpec, fail: &mut Fail) {
    if spec.protocols.is_empty() {
        fail(
            Step::Protocols,
            "Protocols",
            "choose at least one protocol".into(),
        );
    }
    let unique: BTreeSet<_> = spec.protocols.iter().collect();
    if unique.len() != spec.protocols.len() {
        fail(
            Step::Protocols,
            "Protocols",
            "a protocol is listed twice".into(),
        );
    }
    for protocol in &spec.protocols {
        match protocol {
            Protocol::As2 => fail(
                Step::Protocols,
                "Protocols",
                "AS2 servers (agreements, connectors) are not supported by this console: \
                 create them in the AWS console"
                    .into(),
            ),
            Protocol::Other(other) => fail(
                Step::Protocols,
                "Protocols",
                format!("{other} is not a protocol Transfer knows (SFTP, FTP, FTPS)"),
            ),
            _ => {}
        }
    }
    let ftp_like = spec.has(&Protocol::Ftp) || spec.has(&Protocol::Ftps);
    if ftp_like && !matches!(spec.endpoint, EndpointSpec::Vpc(_)) {
        fail(
            Step::Endpoint,
            "EndpointType",
            "FTP and FTPS need a VPC endpoint: PUBLIC endpoints serve SFTP only".into(),
        );
    }
    if ftp_like && matches!(spec.identity, IdentitySpec::ServiceManaged) {
        fail(
            Step::IdentityProvider,
            "IdentityProviderType",
            "FTP and FTPS need a custom identity provider (AWS_LAMBDA or API_GATEWAY): \
             SERVICE_MANAGED users can only use SFTP"
                .into(),
        );
    }
}

fn endpoint(spec: &ServerSpec, known: &Known, fail: &mut Fail) {
    let EndpointSpec::Vpc(vpc) = &spec.endpoint else {
        return;
    };
    let step = Step::Endpoint;
    if !is_id(&vpc.vpc_id, "vpc-") {
        fail(step, "VpcId", "choose a VPC (vpc-...)".into());
    }
    if vpc.subnet_ids.is_empty() {
        fail(step, "SubnetIds", "choose at least one subnet".into());
    }
    if has_duplicates(&vpc.subnet_ids) {
        fail(step, "SubnetIds", "a subnet is chosen twice".into());
    }
    let mut zones: BTreeMap<&str, &str> = BTreeMap::new();
    for subnet in &vpc.subnet_ids {
        if !is_id(subnet, "subnet-") {
            fail(step, "SubnetIds", format!("{subnet} is not a subnet id"));
            continue;
        }
        let Some(found) = known.subnets.iter().find(|s| &s.id == subnet) else {
            if !known.subnets.is_empty() {
                fail(
                    step,
                    "SubnetIds",
                    format!("{subnet} does not exist in this region"),
                );
            }
            continue;
        };
        if found.vpc_id != vpc.vpc_id {
            fail(
                step,
                "SubnetIds",
                format!("{subnet} is in {}, not in {}", found.vpc_id, vpc.vpc_id),
            );
        }
        if let Some(other) = zones.insert(&found.availability_zone, subnet) {
            fail(
                step,
                "SubnetIds",
                format!(
                    "{other} and {subnet} are both in {}: one subnet per Availability Zone",
                    found.availability_zone
                ),
            );
        }
    }
    if has_duplicates(&vpc.security_group_ids) {
        fail(
            step,
            "SecurityGroupIds",
            "a security group is chosen twice".into(),
        );
    }
    for group in &vpc.security_group_ids {
        if !is_id(group, "sg-") {
            fail(
                step,
                "SecurityGroupIds",
                format!("{group} is not a security group id"),
            );
        } else if let Some((_, group_vpc)) =
            known.security_groups.iter().find(|(id, _)| id == group)
            && *group_vpc != vpc.vpc_id
        {
            fail(
                step,
                "SecurityGroupIds",
                format!("{group} belongs to {group_vpc}, not to {}", vpc.vpc_id),
            );
        }
    }
    let eips = &vpc.address_allocation_ids;
    if eips.is_empty() {
        return;
    }
    if spec.has(&Protocol::Ftp) {
        fail(
            step,
            "AddressAllocationIds",
            "FTP cannot have Elastic IPs: an internet-facing endpoint serves SFTP and FTPS only"
                .into(),
        );
    }
    if eips.len() != vpc.subnet_ids.len() {
        fail(
            step,
            "AddressAllocationIds",
            format!(
                "one Elastic IP per subnet: {} subnet(s), {} Elastic IP(s)",
                vpc.subnet_ids.len(),
                eips.len()
            ),
        );
    }
    if has_duplicates(eips) {
        fail(
            step,
            "AddressAllocationIds",
            "an Elastic IP is chosen twice".into(),
        );
    }
    for eip in eips {
        if !is_id(eip, "eipalloc-") {
            fail(
                step,
                "AddressAllocationIds",
                format!("{eip} is not an allocation id"),
            );
        } else if let Some(free) = &known.free_elastic_ips
            && !free.contains(eip)
        {
            fail(
                step,
                "AddressAllocationIds",
                format!("{eip} is not a free Elastic IP of this region (in use, or absent)"),
            );
        }
    }
}

fn identity(spec: &ServerSpec, region: &str, fail: &mut Fail) {
    let step = Step::IdentityProvider;
    match &spec.identity {
        IdentitySpec::ServiceManaged => {}
        IdentitySpec::Lambda { function } => {
            if let Err(err) = arn_in(function, "lambda", region, Some("function:"), 170) {
                fail(step, "Function", format!("Lambda function: {err}"));
            }
        }
        IdentitySpec::ApiGateway {
            url,
            invocation_role,
        } => {
            if !url.starts_with("https://") || url.len() > 255 || url.contains(char::is_whitespace)
            {
                fail(
                    step,
                    "Url",
                    "the API Gateway stage URL: https://..., at most 255 characters".into(),
                );
            }
            if let Err(err) = fields::role_arn(invocation_role) {
                fail(step, "InvocationRole", err);
            }
        }
        IdentitySpec::Directory { directory_id } => {
            let ok = directory_id.len() == 12
                && directory_id
                    .strip_prefix("d-")
                    .is_some_and(|hex| hex.chars().all(|c| c.is_ascii_hexdigit()));
            if !ok {
                fail(step, "DirectoryId", "d- and 10 hex digits".into());
            }
        }
    }
}

fn certificate(spec: &ServerSpec, region: &str, fail: &mut Fail) {
    let step = Step::Certificate;
    match &spec.certificate {
        None if spec.has(&Protocol::Ftps) => fail(
            step,
            "Certificate",
            "FTPS needs a certificate from ACM".into(),
        ),
        None => {}
        Some(arn) => {
            if let Err(err) = arn_in(arn, "acm", region, Some("certificate/"), 1600) {
                fail(step, "Certificate", format!("ACM certificate: {err}"));
            }
        }
    }
}

fn settings(spec: &ServerSpec, fail: &mut Fail) {
    let step = Step::Settings;
    if let Some(role) = &spec.logging_role
        && let Err(err) = fields::role_arn(role)
    {
        fail(step, "LoggingRole", err);
    }
    if let Some(policy) = &spec.security_policy_name
        && !is_security_policy(policy)
    {
        fail(
            step,
            "SecurityPolicyName",
            "a Transfer security policy: TransferSecurityPolicy-2024-01 and the like".into(),
        );
    }
    let details = &spec.protocol_details;
    if let Some(ip) = &details.passive_ip
        && let Err(err) = PassiveIp::parse(ip)
    {
        fail(step, "PassiveIp", err.to_string());
    }
    if let Some(mode) = &details.tls_session_resumption_mode
        && !["ENFORCED", "ENABLED", "DISABLED"].contains(&mode.as_str())
    {
        fail(
            step,
            "TlsSessionResumptionMode",
            "ENFORCED, ENABLED or DISABLED".into(),
        );
    }
    if let Some(option) = &details.set_stat_option
        && !["DEFAULT", "ENABLE_NO_OP"].contains(&option.as_str())
    {
        fail(step, "SetStatOption", "DEFAULT or ENABLE_NO_OP".into());
    }
    if !details.sftp_ports.is_empty() {
        if !matches!(spec.endpoint, EndpointSpec::Public) {
            fail(
                step,
                "SftpPorts",
                "SFTP ports other than 22 are for PUBLIC endpoints only".into(),
            );
        }
        if details.sftp_ports.len() > 3 {
            fail(step, "SftpPorts", "at most three SFTP ports".into());
        }
        for port in &details.sftp_ports {
            if port.port != 22 && port.port < 2000 {
                fail(
                    step,
                    "SftpPorts",
                    format!("port {}: 22 or 2000-65535", port.port),
                );
            }
        }
    }
    for (name, banner) in [
        (
            "PreAuthenticationLoginBanner",
            &spec.options.pre_authentication_login_banner,
        ),
        (
            "PostAuthenticationLoginBanner",
            &spec.options.post_authentication_login_banner,
        ),
    ] {
        if let Some(text) = banner
            && (text.len() > 4096
                || text
                    .chars()
                    .any(|c| !(c.is_ascii_graphic() || c == ' ' || ('\t'..='\r').contains(&c))))
        {
            fail(
                step,
                name,
                "printable ASCII, at most 4096 characters".into(),
            );
        }
    }
    tags(spec, fail);
}

fn tags(spec: &ServerSpec, fail: &mut Fail) {
    let step = Step::Settings;
    // The creation tag is added to these when sent.
    if spec.tags.len() > 49 {
        fail(
            step,
            "Tags",
            format!("at most 49 tags ({} given)", spec.tags.len()),
        );
    }
    for (key, value) in &spec.tags {
        if key.is_empty() || key.chars().count() > 128 {
            fail(
                step,
                "Tags",
                format!("tag key {key:?}: 1 to 128 characters"),
            );
        }
        if key.starts_with("aws:") && !super::WRITABLE_AWS_TAGS.contains(&key.as_str()) {
            fail(
                step,
                "Tags",
                format!(
                    "tag key {key:?}: keys starting with aws: are AWS's own \
                     (but aws:transfer:customHostname and aws:transfer:route53HostedZoneId)"
                ),
            );
        }
        if value.chars().count() > 256 {
            fail(
                step,
                "Tags",
                format!("tag {key:?}: a value of at most 256 characters"),
            );
        }
    }
}

/// `arn:<partition>:<service>:<region>:<12 digits>:<resource>`, in
/// `region`, the resource starting with `resource_prefix`.
fn arn_in(
    arn: &str,
    service: &str,
    region: &str,
    resource_prefix: Option<&str>,
    max: usize,
) -> Result<(), String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [
        scheme,
        partition,
        arn_service,
        arn_region,
        account,
        resource,
    ] = parts[..]
    else {
        return Err(format!(
            "an ARN: arn:aws:{service}:{region}:123456789012:{}...",
            resource_prefix.unwrap_or("")
        ));
    };
    if scheme != "arn" || !partition.starts_with("aws") || arn_service != service {
        return Err(format!("an {service} ARN: arn:aws:{service}:..."));
    }
    if account.len() != 12 || !account.chars().all(|c| c.is_ascii_digit()) {
        return Err("the account is 12 digits".into());
    }
    if let Some(prefix) = resource_prefix
        && resource.strip_prefix(prefix).is_none_or(str::is_empty)
    {
        return Err(format!("the resource is {prefix}..."));
    }
    if arn.len() > max || arn.contains(char::is_whitespace) {
        return Err(format!("at most {max} characters, no spaces"));
    }
    if arn_region != region {
        return Err(format!(
            "it is in {arn_region}: a server in {region} needs one in {region}"
        ));
    }
    Ok(())
}

fn is_security_policy(name: &str) -> bool {
    // Transfer[A-Za-z0-9]*SecurityPolicy-[A-Za-z0-9-]+, at most 100.
    let Some(rest) = name.strip_prefix("Transfer") else {
        return false;
    };
    let Some(at) = rest.find("SecurityPolicy-") else {
        return false;
    };
    let (middle, tail) = (&rest[..at], &rest[at + "SecurityPolicy-".len()..]);
    name.len() <= 100
        && middle.chars().all(|c| c.is_ascii_alphanumeric())
        && !tail.is_empty()
        && tail.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// `prefix` and 8 to 17 hex digits, as EC2 issues ids.
fn is_id(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix).is_some_and(|hex| {
        (8..=17).contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit())
    })
}

fn has_duplicates(ids: &[String]) -> bool {
    ids.iter().collect::<BTreeSet<_>>().len() != ids.len()
}
