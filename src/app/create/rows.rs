//! The rows of each step: what can be chosen (pick lists of the target
//! region) and what is typed, as the form shows them.

use super::CreatePane;
use crate::model::Protocol;
use crate::model::server_spec::{EndpointSpec, IdentitySpec, Step};

/// A typed field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    Region,
    Function,
    Url,
    InvocationRole,
    Certificate,
    Name,
    LoggingRole,
    SecurityPolicy,
    PassiveIp,
    /// `key=value, key=value`
    Tags,
}

impl TextField {
    pub fn label(self) -> &'static str {
        match self {
            Self::Region => "Region",
            Self::Function => "Lambda function ARN",
            Self::Url => "API Gateway URL",
            Self::InvocationRole => "Invocation role ARN",
            Self::Certificate => "Certificate ARN",
            Self::Name => "Name",
            Self::LoggingRole => "Logging role ARN",
            Self::SecurityPolicy => "Security policy",
            Self::PassiveIp => "PassiveIp",
            Self::Tags => "Tags",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    Protocol(Protocol),
    Public,
    Vpc,
    VpcId(String),
    Subnet(String),
    Group(String),
    ElasticIp(String),
    Identity(&'static str),
    /// `None`: no certificate.
    Certificate(Option<String>),
    Text(TextField),
    TlsResumption,
    /// Text that says something (a list that could not be read).
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    pub label: String,
    /// `Some` for what is chosen or not; `None` for a typed field or a note.
    pub chosen: Option<bool>,
}

fn choice(kind: RowKind, label: impl Into<String>, chosen: bool) -> Row {
    Row {
        kind,
        label: label.into(),
        chosen: Some(chosen),
    }
}

fn text(pane: &CreatePane, field: TextField) -> Row {
    Row {
        kind: RowKind::Text(field),
        label: format!("{}: {}", field.label(), pane.text_of(field)),
        chosen: None,
    }
}

fn note(label: impl Into<String>) -> Row {
    Row {
        kind: RowKind::Note,
        label: label.into(),
        chosen: None,
    }
}

pub fn rows(pane: &CreatePane, step: Step) -> Vec<Row> {
    let spec = &pane.spec;
    match step {
        Step::Protocols => {
            let mut rows: Vec<Row> = [Protocol::Sftp, Protocol::Ftp, Protocol::Ftps]
                .into_iter()
                .map(|p| {
                    let chosen = spec.has(&p);
                    choice(RowKind::Protocol(p.clone()), p.as_str(), chosen)
                })
                .collect();
            rows.push(text(pane, TextField::Region));
            rows
        }
        Step::Endpoint => endpoint_rows(pane),
        Step::IdentityProvider => {
            let kind = spec.identity.kind();
            let mut rows: Vec<Row> = ["SERVICE_MANAGED", "AWS_LAMBDA", "API_GATEWAY"]
                .into_iter()
                .map(|name| choice(RowKind::Identity(name), name, kind.as_str() == name))
                .collect();
            match &spec.identity {
                IdentitySpec::Lambda { .. } => rows.push(text(pane, TextField::Function)),
                IdentitySpec::ApiGateway { .. } => {
                    rows.push(text(pane, TextField::Url));
                    rows.push(text(pane, TextField::InvocationRole));
                }
                IdentitySpec::Directory { directory_id } => {
                    rows.push(note(format!("AWS_DIRECTORY_SERVICE {directory_id} (kept)")))
                }
                IdentitySpec::ServiceManaged => {}
            }
            rows
        }
        Step::Certificate => certificate_rows(pane),
        Step::Settings => {
            let mut rows = vec![
                text(pane, TextField::Name),
                text(pane, TextField::LoggingRole),
                text(pane, TextField::SecurityPolicy),
                text(pane, TextField::PassiveIp),
            ];
            rows.push(Row {
                kind: RowKind::TlsResumption,
                label: format!(
                    "TlsSessionResumptionMode: {} (Space changes)",
                    spec.protocol_details
                        .tls_session_resumption_mode
                        .as_deref()
                        .unwrap_or("ENFORCED (default)")
                ),
                chosen: None,
            });
            rows.push(text(pane, TextField::Tags));
            rows
        }
    }
}

fn endpoint_rows(pane: &CreatePane) -> Vec<Row> {
    let spec = &pane.spec;
    let vpc = spec.vpc();
    let mut rows = vec![
        choice(RowKind::Public, "PUBLIC (SFTP only)", vpc.is_none()),
        choice(RowKind::Vpc, "VPC", vpc.is_some()),
    ];
    let Some(vpc) = vpc else {
        return rows;
    };
    let Some(choices) = pane.choices.as_ref().filter(|c| c.region == pane.region) else {
        rows.push(note(format!("reading the network of {}...", pane.region)));
        return rows;
    };
    let list_failed = |rows: &mut Vec<Row>, what: &str, err: &crate::model::AwsError| {
        rows.push(note(format!("{what} could not be listed: {err}")));
    };
    rows.push(note("VPC"));
    match &choices.vpcs {
        Ok(vpcs) => rows.extend(vpcs.iter().map(|v| {
            choice(
                RowKind::VpcId(v.id.clone()),
                format!("{} {}", v.id, v.label),
                v.id == vpc.vpc_id,
            )
        })),
        Err(err) => list_failed(&mut rows, "VPCs", err),
    }
    if vpc.vpc_id.is_empty() {
        return rows;
    }
    rows.push(note("Subnets (one per Availability Zone)"));
    if let Err(err) = &choices.subnets {
        list_failed(&mut rows, "subnets", err);
    }
    let subnets = choices.subnets_of(&vpc.vpc_id);
    rows.extend(subnets.iter().map(|s| {
        choice(
            RowKind::Subnet(s.id.clone()),
            format!("{} {}", s.id, s.label),
            vpc.subnet_ids.contains(&s.id),
        )
    }));
    // Chosen ids the lists do not have (a clone from elsewhere) stay visible.
    for id in vpc
        .subnet_ids
        .iter()
        .filter(|id| !subnets.iter().any(|s| &s.id == *id))
    {
        rows.push(choice(
            RowKind::Subnet(id.clone()),
            format!("{id} (not in this VPC's list)"),
            true,
        ));
    }
    rows.push(note("Security groups"));
    if let Err(err) = &choices.security_groups {
        list_failed(&mut rows, "security groups", err);
    }
    let groups = choices.security_groups_of(&vpc.vpc_id);
    rows.extend(groups.iter().map(|g| {
        choice(
            RowKind::Group(g.id.clone()),
            format!("{} {}", g.id, g.label),
            vpc.security_group_ids.contains(&g.id),
        )
    }));
    for id in vpc
        .security_group_ids
        .iter()
        .filter(|id| !groups.iter().any(|g| &g.id == *id))
    {
        rows.push(choice(
            RowKind::Group(id.clone()),
            format!("{id} (not in this VPC's list)"),
            true,
        ));
    }
    rows.push(note(
        "Elastic IPs (internet-facing: one per subnet; none for FTP)",
    ));
    match &choices.elastic_ips {
        Ok(eips) => {
            rows.extend(eips.iter().map(|e| {
                choice(
                    RowKind::ElasticIp(e.id.clone()),
                    format!("{} {}", e.id, e.label),
                    vpc.address_allocation_ids.contains(&e.id),
                )
            }));
            for id in vpc
                .address_allocation_ids
                .iter()
                .filter(|id| !eips.iter().any(|e| &e.id == *id))
            {
                rows.push(choice(
                    RowKind::ElasticIp(id.clone()),
                    format!("{id} (in use)"),
                    true,
                ));
            }
        }
        Err(err) => list_failed(&mut rows, "Elastic IPs", err),
    }
    rows
}

fn certificate_rows(pane: &CreatePane) -> Vec<Row> {
    let chosen = pane.spec.certificate.clone();
    let mut rows = vec![choice(
        RowKind::Certificate(None),
        "none (SFTP and FTP need none)",
        chosen.is_none(),
    )];
    match pane
        .choices
        .as_ref()
        .filter(|c| c.region == pane.region)
        .map(|c| &c.certificates)
    {
        None => rows.push(note("reading ACM's certificates...")),
        Some(Ok(certificates)) => {
            rows.extend(certificates.iter().map(|c| {
                choice(
                    RowKind::Certificate(Some(c.id.clone())),
                    format!("{} {}", c.label, c.id),
                    chosen.as_deref() == Some(c.id.as_str()),
                )
            }));
            if let Some(arn) = &chosen
                && !certificates.iter().any(|c| &c.id == arn)
            {
                rows.push(choice(
                    RowKind::Certificate(Some(arn.clone())),
                    format!("{arn} (not issued in {})", pane.region),
                    true,
                ));
            }
        }
        Some(Err(err)) => {
            rows.push(note(format!(
                "ACM's certificates could not be listed: {err}"
            )));
            rows.push(text(pane, TextField::Certificate));
        }
    }
    rows
}

impl CreatePane {
    /// The value a typed field shows and starts from.
    pub fn text_of(&self, field: TextField) -> String {
        let spec = &self.spec;
        let or_empty = |v: &Option<String>| v.clone().unwrap_or_default();
        match field {
            TextField::Region => self.region.clone(),
            TextField::Function => match &spec.identity {
                IdentitySpec::Lambda { function } => function.clone(),
                _ => String::new(),
            },
            TextField::Url => match &spec.identity {
                IdentitySpec::ApiGateway { url, .. } => url.clone(),
                _ => String::new(),
            },
            TextField::InvocationRole => match &spec.identity {
                IdentitySpec::ApiGateway {
                    invocation_role, ..
                } => invocation_role.clone(),
                _ => String::new(),
            },
            TextField::Certificate => or_empty(&spec.certificate),
            TextField::Name => spec.name().unwrap_or_default().to_string(),
            TextField::LoggingRole => or_empty(&spec.logging_role),
            TextField::SecurityPolicy => or_empty(&spec.security_policy_name),
            TextField::PassiveIp => or_empty(&spec.protocol_details.passive_ip),
            TextField::Tags => spec
                .tags
                .iter()
                .filter(|(k, _)| k.as_str() != "Name")
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// Whether the pane's endpoint is a VPC.
    pub fn is_vpc(&self) -> bool {
        matches!(self.spec.endpoint, EndpointSpec::Vpc(_))
    }
}
